using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Schools;
using Pastoral.Infrastructure.Scheduling;
using Pastoral.Security;

namespace Pastoral.Features.Admin.SchoolSetUp.Pages;

/// <summary>The year-end rollover: choose the leaving date, where each form goes and what happens to caseloads and teaching groups; preview; apply once.</summary>
public sealed class RolloverModel(PastoralDbContext db, CurrentStaff current, YearEndRollover rollover, JobPlanner planner, ILogger<RolloverModel> log) : SetupPage(db, current)
{
    public override string Area => "rollover";

    public sealed class Choices
    {
        public string? LeavingDate { get; set; }
        /// <summary>Old form id to new form id ("" for no form).</summary>
        public Dictionary<int, string?> Forms { get; set; } = [];
        public string Caseloads { get; set; } = "carry";
        public string TeachingGroups { get; set; } = "carry";
    }

    [BindProperty] public Choices Input { get; set; } = new();
    public AcademicYear? From { get; private set; }
    public List<YearGroup> Years { get; private set; } = [];
    public RolloverPreview? Preview { get; private set; }
    public string? Refused { get; private set; }
    [BindProperty(SupportsGet = true)] public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } missing) return missing;
        if (From is not null)
        {
            Input.LeavingDate = CalendarInput.Iso(From.EndsOn);
            Input.Forms = FormMap.Defaults(Years).ToDictionary(kv => kv.Key, kv => kv.Value?.ToString());
        }
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } missing) return missing;
        if (Read() is not { } choices) return Invalid([]);
        try { Preview = await rollover.PreviewAsync(School, choices, ct); }
        catch (RolloverRefusedException e) { return Invalid([new("Input.LeavingDate", e.Message)]); }
        return Page();
    }

    public async Task<IActionResult> OnPostApplyAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } missing) return missing;
        if (Read() is not { } choices) return Invalid([]);
        try { await rollover.ApplyAsync(School, choices, ct); }
        catch (RolloverRefusedException e) { return Invalid([new("Input.LeavingDate", e.Message)]); }
        catch (DbUpdateException)
        {
            // Two administrators applied at once: the other one's rollover stands (the new year is unique per school).
            return Invalid([new("Input.LeavingDate", "Someone else rolled this school over at the same moment: nothing of yours was applied. Open the page again to see the new year.")]);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A step failed (a bug or the database): the transaction is rolled back, so say so plainly rather than show a bare error page.
            log.LogError(e, "The year-end rollover of school {School} failed and was rolled back", id);
            Invalid([new("Input.LeavingDate", "The rollover failed part-way and was undone: nothing has changed. The error is in the application log; try again or ask for support.")]);
            Response.StatusCode = 500;
            return Page();
        }
        await planner.ReplanAfterCalendarChangeAsync(ct); // the new year's school days
        return Redirect($"/admin/school/{id}/rollover?done={From!.StartYear + 1}");
    }

    private RolloverChoices? Read()
    {
        if (From is null) { Problems.Add(new("Input.LeavingDate", "This school has no academic year to roll over from.")); return null; }
        if (CalendarRules.Date(Input.LeavingDate) is not { } leaving) { Problems.Add(new("Input.LeavingDate", "Enter the leavers' last day on roll as a date")); return null; }
        var forms = new Dictionary<int, int?>();
        foreach (var (from, to) in Input.Forms)
        {
            if (string.IsNullOrEmpty(to)) { forms[from] = null; continue; }
            if (!int.TryParse(to, out var t)) { Problems.Add(new($"Input.Forms[{from}]", "Choose a form from the list")); continue; }
            forms[from] = t;
        }
        if (Input.Caseloads is not ("carry" or "clear")) Problems.Add(new("Input.Caseloads", "Choose whether caseloads carry on or are cleared"));
        if (Input.TeachingGroups is not ("carry" or "clear")) Problems.Add(new("Input.TeachingGroups", "Choose whether teaching groups are kept or cleared"));
        return Problems.Count > 0 ? null : new RolloverChoices(leaving, forms, Input.Caseloads == "carry", Input.TeachingGroups == "carry");
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        if (await LoadSchoolAsync(id, ct) is { } missing) return missing;
        From = await rollover.CurrentYearAsync(id, ct);
        Years = await Db.YearGroups.AsNoTracking().Include(y => y.Forms).Where(y => y.SchoolId == id).OrderBy(y => y.NcYear).ToListAsync(ct);
        return null;
    }
}
