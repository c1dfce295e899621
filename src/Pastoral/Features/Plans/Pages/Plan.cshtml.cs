using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Plans.Pages;

public sealed record VersionRow(int Number, DateTime SavedAt, string SavedBy, string Change);
public sealed record SignOffRow(string By, string Name, DateOnly SignedOn, int Number, string RecordedBy);
public sealed record ContactOption(int Id, string Name);

/// <summary>A plan: its sections, sign-offs, who has read it, its versions; status changes, sign-off and "I have read it" here.</summary>
[Authorize(Policy = nameof(PlansModule.ViewPlans))]
public sealed class PlanModel(PastoralDbContext db, CurrentStaff current, PlanBook book, PlanTypes types, PlanReads reads,
    IAuthorizationService authorization, SchoolClock clock) : PageModel
{
    public Plan Plan { get; private set; } = null!;
    public PlanDefinition Definition { get; private set; } = null!;
    public PlanContent Values { get; private set; } = new();
    public PlanDisplay Display { get; private set; } = null!;
    public IReadOnlyList<VersionRow> Versions { get; private set; } = [];
    public IReadOnlyList<SignOffRow> SignOffs { get; private set; } = [];
    public IReadOnlyList<ReadStatus> Reads { get; private set; } = [];
    public IReadOnlyList<ContactOption> Contacts { get; private set; } = [];
    public bool MayEdit { get; private set; }
    public bool AskedToRead { get; private set; }
    public DateOnly Today { get; private set; }

    [BindProperty] public int Version { get; set; }
    [BindProperty] public string? SignedBy { get; set; }
    [BindProperty] public int? ContactId { get; set; }
    [BindProperty] public string? SignerName { get; set; }
    [BindProperty] public string? SignedOn { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, int planId, CancellationToken ct) =>
        await LoadAsync(id, planId, ct) ?? Page();

    public async Task<IActionResult> OnPostStatusAsync(int id, int planId, string to, CancellationToken ct)
    {
        if (await LoadAsync(id, planId, ct) is { } missing) return missing;
        if (!MayEdit) return Forbid();
        if (PlanWords.ParseStatus(to) is not { } status) return BadRequest();
        var result = await book.SaveAsync(await current.GetAsync(ct), planId, Version,
            new PlanDraft(Plan.Title, Plan.ReviewDate, Plan.OwnerId, Values, status), ct);
        switch (result)
        {
            case PlanSaveResult.Saved: return Redirect($"/pupils/{id}/plans/{planId}");
            case PlanSaveResult.Stale:
                ModelState.AddModelError("status", "Someone else changed this plan a moment ago: here it is as saved now. Check it, then try again.");
                break;
            case PlanSaveResult.Invalid i:
                foreach (var (_, message) in i.Problems.Take(5)) ModelState.AddModelError("status", $"It cannot be made {PlanWords.Status(status).ToLowerInvariant()} yet: {message}");
                break;
        }
        db.ChangeTracker.Clear();
        await LoadAsync(id, planId, ct);
        Response.StatusCode = result is PlanSaveResult.Stale ? 409 : 400;
        return Page();
    }

    public async Task<IActionResult> OnPostSignOffAsync(int id, int planId, CancellationToken ct)
    {
        if (await LoadAsync(id, planId, ct) is { } missing) return missing;
        if (!MayEdit) return Forbid();
        var by = SignedBy switch { "pupil" => SignOffBy.Pupil, "parent" => SignOffBy.Parent, "staff" => SignOffBy.Staff, _ => (SignOffBy?)null };
        var problems = new List<(string Field, string Message)>();
        DateOnly? day = DateOnly.TryParseExact(SignedOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        if (by is null) problems.Add(("signedBy", "Choose who signed the plan"));
        else problems.AddRange(await reads.SignOffAsync(await current.GetAsync(ct), Plan, by.Value, ContactId, SignerName, day, ct));
        if (problems.Count == 0) return Redirect($"/pupils/{id}/plans/{planId}#sign-offs");
        foreach (var (field, message) in problems) ModelState.AddModelError(field, message);
        Response.StatusCode = 400;
        return Page();
    }

    public async Task<IActionResult> OnPostReadAsync(int id, int planId, CancellationToken ct)
    {
        if (await LoadAsync(id, planId, ct) is { } missing) return missing;
        await reads.ConfirmAsync(await current.GetAsync(ct), Plan, ct);
        return Redirect($"/pupils/{id}/plans/{planId}#read-and-understood");
    }

    private async Task<IActionResult?> LoadAsync(int id, int planId, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var plan = await book.FindAsync(staff, planId, ct);
        if (plan is null || plan.PupilId != id) return NotFound();
        Plan = plan;
        Today = clock.Today();
        Definition = await types.DefinitionAsync(plan.DefinitionId, ct);
        Values = PlanContent.Parse(plan.ContentJson);
        Display = new PlanDisplay(await book.StaffOfSchoolAsync(plan.SchoolId, ct));
        Versions = await db.Set<PlanVersion>().AsNoTracking().Where(v => v.PlanId == planId).OrderByDescending(v => v.Number)
            .Select(v => new VersionRow(v.Number, v.SavedAt, v.SavedByName, v.Change)).ToListAsync(ct);
        SignOffs = (await db.Set<PlanSignOff>().AsNoTracking().Where(s => s.PlanId == planId).OrderBy(s => s.SignedOn).ThenBy(s => s.Id)
            .Select(s => new { s.By, s.Name, s.SignedOn, s.Number, s.RecordedByName }).ToListAsync(ct))
            .Select(s => new SignOffRow(PlanWords.SignOff(s.By), s.Name, s.SignedOn, s.Number, s.RecordedByName)).ToList();
        Reads = await reads.StatusAsync(plan, ct);
        AskedToRead = Reads.Any(r => r.StaffId == staff.UserId && r.ConfirmedAt is null);
        MayEdit = plan.Status != PlanStatus.Archived && (await authorization.AuthorizeAsync(User, PlansModule.EditPlans.Name)).Succeeded;
        Contacts = (await db.PupilContacts.AsNoTracking().Where(c => c.PupilId == id).OrderBy(c => c.Priority).ToListAsync(ct))
            .Select(c => new ContactOption(c.Id, $"{c.DisplayName} ({c.Relationship})")).ToList();
        Version = plan.Version;
        SignedOn ??= Today.ToString("yyyy-MM-dd");
        return null;
    }

    public static string StatusClass(PlanStatus s) => s switch
    {
        PlanStatus.Active => "text-bg-success",
        PlanStatus.ReviewDue => "text-bg-warning",
        PlanStatus.Draft => "text-bg-secondary",
        _ => "text-bg-light border",
    };

    public static string Ago(DateTime utc, DateTime now) => Counted.Ago(utc, now);
}
