using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Adults.Pages;

/// <summary>
/// One record, read through <see cref="RestrictedAccess"/> (audited): its readers change it field by field (a second editor sees the
/// other person's saved values beside theirs), add actions and decisions, and the headteacher or DSL names a case manager (a share).
/// Anyone else, the person who recorded it included, gets 404.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class RecordModel(PastoralDbContext db, CurrentStaff current, AdultConcernReads reads, AdultConcernChanges changes, RestrictedAccess restricted,
    SchoolClock clock) : PageModel
{
    public AdultConcernView Concern { get; private set; } = null!;
    public AdultConcernEdit Form { get; private set; } = null!;
    public AdultConcernEdit Original { get; private set; } = null!;
    public IReadOnlyList<EditConflict> Conflicts { get; private set; } = [];
    public IReadOnlyDictionary<string, string[]> Problems { get; private set; } = new Dictionary<string, string[]>();
    public Dictionary<string, string?> ActionInput { get; } = [];
    public bool MayNameCaseManager { get; private set; }
    public List<(Guid Id, string Name)> Colleagues { get; private set; } = [];
    public string? Saved { get; private set; }
    /// <summary>Someone else saved first: the page shows their values beside this person's.</summary>
    public bool Clashed { get; private set; }

    public string? Problem(string key) => Problems.TryGetValue(key, out var m) ? m[0] : null;

    public async Task<IActionResult> OnGetAsync(int id, string? saved, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (!await LoadAsync(staff, id, ct)) return NotFound();
        Saved = saved switch { "details" => "Saved.", "action" => "Action added.", "manager" => "Case manager named: they can now open this record.",
            "revoked" => "Case manager removed: they can no longer open this record.", _ => null };
        return Page();
    }

    public async Task<IActionResult> OnPostDetailsAsync(int id, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var original = Read("o.");
        var mine = Read("");
        var result = await changes.UpdateAsync(staff, id, original, mine, ct);
        if (result.Outcome == ChangeOutcome.NotFound) return NotFound();
        if (result.Outcome == ChangeOutcome.Saved) return Redirect($"/safeguarding/adults/{id}?saved=details#details");
        if (!await LoadAsync(staff, id, ct)) return NotFound();
        Response.StatusCode = result.Outcome == ChangeOutcome.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
        Problems = result.Problems ?? new Dictionary<string, string[]>();
        Conflicts = result.Conflicts ?? [];
        Clashed = result.Outcome == ChangeOutcome.Conflict;
        if (result.Outcome == ChangeOutcome.Conflict && result.Current is { } now)
        {
            // Start again from what is saved now, with this person's changes on top where they did not clash.
            Original = now;
            Form = Merge(now, original, mine);
        }
        else Form = mine;
        return Page();
    }

    public async Task<IActionResult> OnPostActionAsync(int id, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var result = await changes.AddActionAsync(staff, id, Request.Form["what"], Request.Form["reason"], Request.Form["on"], ct);
        if (result.Outcome == ChangeOutcome.NotFound) return NotFound();
        if (result.Outcome == ChangeOutcome.Saved) return Redirect($"/safeguarding/adults/{id}?saved=action#actions");
        if (!await LoadAsync(staff, id, ct)) return NotFound();
        foreach (var k in new[] { "what", "reason", "on" }) ActionInput[k] = Request.Form[k];
        Problems = result.Problems ?? new Dictionary<string, string[]>();
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public async Task<IActionResult> OnPostManagerAsync(int id, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (await reads.RecordAsync(id, ct) is not { } record) return NotFound();
        _ = Guid.TryParse(Request.Form["with"].ToString(), out var recipient);
        var result = await restricted.ShareAsync(staff, record, recipient, clock.UtcNow.AddYears(1).AddMinutes(-1), "Case manager", ct);
        if (result.Outcome == ShareOutcome.NotFound) return NotFound();
        if (result.Outcome == ShareOutcome.Shared) return Redirect($"/safeguarding/adults/{id}?saved=manager#managers");
        if (!await LoadAsync(staff, id, ct)) return NotFound();
        Problems = new Dictionary<string, string[]> { [result.Field ?? "with"] = [result.Message ?? "Choose a member of staff from the list."] };
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>Ends a case manager's share at once (audited): they lose the record on their next request.</summary>
    public async Task<IActionResult> OnPostRevokeManagerAsync(int id, int shareId, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (await reads.RecordAsync(id, ct) is not { } record) return NotFound();
        var result = await restricted.RevokeAsync(staff, record, shareId, ct);
        return result.Outcome == ShareOutcome.Revoked ? Redirect($"/safeguarding/adults/{id}?saved=revoked#managers") : NotFound();
    }

    private AdultConcernEdit Read(string prefix)
    {
        string? F(string k) => Request.Form[prefix + k].ToString() is { Length: > 0 } v ? v : null;
        return new(F("adultRole"), F("adultDateOfBirth"), F("ladoReferredOn"), F("ladoReference"), F("ladoAdvice"), F("ladoOutcome"), F("outcome"));
    }

    private static AdultConcernEdit Merge(AdultConcernEdit now, AdultConcernEdit from, AdultConcernEdit mine) => new(
        Pick(now.AdultRole, from.AdultRole, mine.AdultRole), Pick(now.AdultDateOfBirth, from.AdultDateOfBirth, mine.AdultDateOfBirth),
        Pick(now.LadoReferredOn, from.LadoReferredOn, mine.LadoReferredOn), Pick(now.LadoReference, from.LadoReference, mine.LadoReference),
        Pick(now.LadoAdvice, from.LadoAdvice, mine.LadoAdvice), Pick(now.LadoOutcome, from.LadoOutcome, mine.LadoOutcome), Pick(now.Outcome, from.Outcome, mine.Outcome));

    private static string? Pick(string? now, string? from, string? mine) => from == mine ? now : mine;

    private async Task<bool> LoadAsync(StaffContext staff, int id, CancellationToken ct)
    {
        if (await reads.OpenAsync(staff, id, "record page", ct) is not { } concern) return false;
        Concern = concern;
        Original = new AdultConcernEdit(concern.AdultRole, concern.AdultDateOfBirth?.ToString("yyyy-MM-dd"), concern.LadoReferredOn?.ToString("yyyy-MM-dd"),
            concern.LadoReference, concern.LadoAdvice, concern.LadoOutcome, concern.Outcome?.ToString());
        Form = Original;
        var record = await reads.RecordAsync(id, ct);
        MayNameCaseManager = record is not null && RestrictedAccess.SchoolTier(staff, record) is not null;
        if (MayNameCaseManager)
        {
            var school = concern.SchoolId;
            var people = await db.Users.AsNoTracking().Where(u => u.IsActive && u.Id != staff.UserId && u.Scopes.Any(s => s.SchoolId == school))
                .OrderBy(u => u.FullName).Select(u => new { u.Id, u.FullName }).Take(2000).ToListAsync(ct);
            Colleagues = [.. people.Select(p => (p.Id, p.FullName))];
        }
        return true;
    }
}
