using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Exclusions.Pages;

public sealed class EditModel(Suspensions suspensions, SuspensionReasons reasons, CurrentStaff current, IAuthorizationService authorization)
    : SuspensionForm(suspensions, reasons, current, authorization)
{
    public int SuspensionId { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, int sid, CancellationToken ct)
    {
        if (!await LoadFormAsync(id, ct) || await Suspensions.FindAsync(Staff, id, sid, ct) is not { } s) return NotFound();
        SuspensionId = sid;
        From = ValuesOf(s);
        Fill(From);
        Version = s.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, int sid, CancellationToken ct)
    {
        if (!await LoadFormAsync(id, ct) || await Suspensions.FindAsync(Staff, id, sid, ct) is not { } current) return NotFound();
        SuspensionId = sid;
        ModelState.Clear();
        if (current.Version != Version) return Rebase(current);
        var check = await Suspensions.CheckAsync(Staff, Pupil, Input(), sid, ct);
        if (check.Problems.Count > 0) return Invalid(check.Problems);
        if (check.Warnings.Count > 0 && !Acknowledged)
        {
            Warnings = check.Warnings;
            return Page();
        }
        var saved = await Suspensions.UpdateAsync(Staff, id, sid, Version, Input(), ct);
        if (saved.NotFound) return NotFound();
        if (saved.Stale) return Rebase(saved.Suspension!);
        if (!saved.Saved) return Invalid(saved.Problems);
        return Redirect($"/pupils/{id}/suspensions/{sid}?saved=1");
    }

    /// <summary>
    /// Someone saved first: the form starts from their record, with this person's own changes on top; where both changed a field,
    /// both values are shown and this person's is kept in the form for them to confirm or change. Answers 409.
    /// </summary>
    private PageResult Rebase(Suspension saved)
    {
        var theirs = ValuesOf(saved);
        var mine = Values();
        var merged = new Dictionary<string, string?>(theirs);
        var conflicts = new List<Conflict>();
        foreach (var (field, label) in Fields)
        {
            var started = From.GetValueOrDefault(field);
            var iChanged = !Same(mine[field], started);
            var theyChanged = !Same(theirs[field], started);
            if (iChanged) merged[field] = mine[field];
            if (theyChanged) conflicts.Add(new Conflict(field, label, Show(field, theirs[field]), Show(field, mine[field]), iChanged && !Same(mine[field], theirs[field])));
        }
        Fill(merged);
        From = theirs;
        Version = saved.Version;
        Conflicts = conflicts;
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    private static bool Same(string? a, string? b) => string.Equals((a ?? "").Trim(), (b ?? "").Trim(), StringComparison.Ordinal);
}
