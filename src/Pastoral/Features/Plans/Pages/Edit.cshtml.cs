using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Security;

namespace Pastoral.Features.Plans.Pages;

/// <summary>
/// Edits a plan section by section. The form carries the version number it started from. If someone saved since, the sections
/// they changed are shown beside this person's, the form starts from what they saved with this person's changed sections on top
/// (<see cref="PupilEdit.Compare"/>, at section level), and where both changed a section this person chooses. Nothing is overwritten unseen.
/// </summary>
[Authorize(Policy = nameof(PlansModule.EditPlans))]
public sealed class EditModel(PastoralDbContext db, CurrentStaff current, PlanBook book, PlanTypes types) : PlanFormPage
{
    private const string Details = "details";
    public Plan Plan { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, int planId, CancellationToken ct)
    {
        if (await LoadAsync(id, planId, ct) is { } missing) return missing;
        StartFrom(Plan);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, int planId, CancellationToken ct)
    {
        if (await LoadAsync(id, planId, ct) is { } missing) return missing;
        if (AddingRow()) return Page();
        var staff = await current.GetAsync(ct);
        var started = await db.Set<PlanVersion>().AsNoTracking().Where(v => v.PlanId == planId && v.Number == Input.Number).SingleOrDefaultAsync(ct);
        if (started is null) return Problems([("title", "This form is from a version of the plan that does not exist: open the plan again")]);
        var submitted = Input.ToContent(Definition);
        foreach (var key in Input.Clashes)
            switch (Input.Keep.GetValueOrDefault(key))
            {
                case "theirs" when key == Details:
                    (Input.Title, Input.ReviewDate, Input.OwnerId) = (Plan.Title, Plan.ReviewDate.ToString("yyyy-MM-dd"), Plan.OwnerId.ToString());
                    break;
                case "theirs": ReplaceWithSaved(submitted, key); break;
                case "mine": break;
                default: ModelState.AddModelError($"Keep.{key}", $"Choose whether to keep their \"{SectionName(key)}\" or yours"); break;
            }
        var review = ReviewDate();
        if (!ModelState.IsValid) return Problems([]);

        var startedStamps = Stamps(PlanContent.Parse(started.ContentJson), started.Title, started.ReviewDate, started.OwnerName);
        var mineStamps = Stamps(submitted, Input.Title, review, OwnerName());
        var savedStamps = Stamps(PlanContent.Parse(Plan.ContentJson), Plan.Title, Plan.ReviewDate, Plan.OwnerName);
        var outcome = PupilEdit.Compare(startedStamps, mineStamps, savedStamps);
        var version = Input.Version;
        if (Plan.Number != Input.Number)
        {
            if (outcome.Theirs.Count > 0)
                return await ShowConflictAsync(submitted, outcome, review, ct);
            // Merge: the saved plan, with only the sections this person changed replaced.
            var merged = PlanContent.Parse(Plan.ContentJson);
            foreach (var key in outcome.Mine.Where(k => k != Details))
                if (submitted.TryGetValue(key, out var section)) merged[key] = section; else merged.Remove(key);
            submitted = merged;
            if (!outcome.Mine.Contains(Details)) { Input.Title = Plan.Title; review = Plan.ReviewDate; Input.OwnerId = Plan.OwnerId.ToString(); }
            version = Plan.Version;
        }
        var result = await book.SaveAsync(staff, planId, version, new PlanDraft(Input.Title, review, Owner(), submitted), ct);
        switch (result)
        {
            case PlanSaveResult.Saved: return Redirect($"/pupils/{id}/plans/{planId}");
            case PlanSaveResult.Invalid i: return Problems(i.Problems);
            case PlanSaveResult.Stale s:
                db.ChangeTracker.Clear();
                Plan = s.Current;
                var again = PupilEdit.Compare(startedStamps, mineStamps, Stamps(PlanContent.Parse(Plan.ContentJson), Plan.Title, Plan.ReviewDate, Plan.OwnerName));
                return await ShowConflictAsync(submitted, again, review, ct);
            default: return NotFound();
        }
    }

    private void ReplaceWithSaved(PlanContent submitted, string key)
    {
        var saved = PlanContent.Parse(Plan.ContentJson);
        if (saved.TryGetValue(key, out var section)) submitted[key] = section; else submitted.Remove(key);
    }

    private string SectionName(string key) => key == Details ? "title, review date and owner" : Definition.Section(key)?.Name ?? key;

    private string OwnerName() => Staff.FirstOrDefault(s => s.Id == Owner()).Name ?? "";

    private Dictionary<string, string?> Stamps(PlanContent content, string? title, DateOnly? review, string owner)
    {
        var stamps = Definition.Sections.ToDictionary(s => s.Key, s => (string?)content.SectionStamp(s.Key));
        stamps[Details] = $"{title?.Trim()}|{review:yyyy-MM-dd}|{owner}";
        return stamps;
    }

    private async Task<IActionResult> ShowConflictAsync(PlanContent mine, PupilEditOutcome outcome, DateOnly? review, CancellationToken ct)
    {
        var by = await db.Set<PlanVersion>().AsNoTracking().Where(v => v.PlanId == Plan.Id && v.Number > Input.Number)
            .Select(v => v.SavedByName).Distinct().Take(3).ToListAsync(ct);
        var display = new PlanDisplay(Staff.ToDictionary(s => s.Id, s => s.Name));
        var saved = PlanContent.Parse(Plan.ContentJson);
        string Words(PlanContent c, string key) => key == Details ? "" : string.Join("\n", Definition.Section(key)!.Fields
            .Select(f => (f.Label, Text: display.Whole(f, c.Get(key, f.Key)))).Where(x => x.Text.Length > 0).Select(x => $"{x.Label}: {x.Text}"));
        var rows = outcome.Theirs.Select(k => new SectionConflict(k, SectionName(k),
            k == Details ? $"{Plan.Title}; review {Plan.ReviewDate:ddd d MMM yyyy}; owner {Plan.OwnerName}" : Words(saved, k),
            outcome.Mine.Contains(k) ? (k == Details ? $"{Input.Title}; review {review:ddd d MMM yyyy}; owner {OwnerName()}" : Words(mine, k)) : "",
            outcome.Clashes.Contains(k))).ToList();
        Conflict = new PlanConflict(by.Count == 0 ? "Someone else" : string.Join(" and ", by), rows);
        ModelState.Clear();
        // The form now starts from what they saved, with this person's changed sections on top.
        var rebased = PlanContent.Parse(Plan.ContentJson);
        foreach (var key in outcome.Mine.Where(k => k != Details))
            if (mine.TryGetValue(key, out var section)) rebased[key] = section; else rebased.Remove(key);
        var keepDetails = outcome.Mine.Contains(Details);
        Input = new PlanForm
        {
            Title = keepDetails ? Input.Title : Plan.Title, ReviewDate = keepDetails ? Input.ReviewDate : Plan.ReviewDate.ToString("yyyy-MM-dd"),
            OwnerId = keepDetails ? Input.OwnerId : Plan.OwnerId.ToString(), Number = Plan.Number, Version = Plan.Version,
            Clashes = [.. outcome.Clashes],
        };
        Input.Fill(Definition, rebased);
        Response.StatusCode = 409;
        return Page();
    }

    private void StartFrom(Plan plan)
    {
        Input = new PlanForm
        {
            Title = plan.Title, ReviewDate = plan.ReviewDate.ToString("yyyy-MM-dd"), OwnerId = plan.OwnerId.ToString(), Number = plan.Number, Version = plan.Version,
        };
        Input.Fill(Definition, PlanContent.Parse(plan.ContentJson));
    }

    private async Task<IActionResult?> LoadAsync(int id, int planId, CancellationToken ct)
    {
        var plan = await book.FindAsync(await current.GetAsync(ct), planId, ct);
        if (plan is null || plan.PupilId != id) return NotFound();
        if (plan.Status == PlanStatus.Archived) return Redirect($"/pupils/{id}/plans/{planId}");
        Plan = plan;
        Pupil = plan.Pupil!;
        TypeName = plan.Type!.Name;
        Definition = await types.DefinitionAsync(plan.DefinitionId, ct);
        Staff = Ordered(await book.StaffOfSchoolAsync(plan.SchoolId, ct));
        return null;
    }
}
