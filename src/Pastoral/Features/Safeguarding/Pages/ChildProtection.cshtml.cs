using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Pages;

/// <summary>
/// A DSL or deputy of the pupil's school sets CP/CIN status with its dates, authority and social worker, and shares the record.
/// Someone it is shared with, or a headteacher who opened it in an emergency, reads it here and can neither change nor share it;
/// a headteacher who cannot read it is offered break-glass; anyone else finds no such page (404).
/// </summary>
[Authorize(Policy = Policies.ViewPupils)]
public sealed class ChildProtectionModel(PastoralDbContext db, CurrentStaff current, ChildProtection records, RestrictedAccess restricted, SchoolClock clock) : PageModel
{
    public sealed class StatusForm
    {
        public ChildProtectionStatus Status { get; set; }
        [Display(Name = "Start date")] public DateOnly? StartDate { get; set; }
        [Display(Name = "End date")] public DateOnly? EndDate { get; set; }
        [Display(Name = "Responsible local authority")] public string? LocalAuthority { get; set; }
        [Display(Name = "Social worker's name")] public string? SocialWorkerName { get; set; }
        [Display(Name = "Social worker's phone")] public string? SocialWorkerPhone { get; set; }
        [Display(Name = "Social worker's email")] public string? SocialWorkerEmail { get; set; }
        public int? CurrentId { get; set; }
        public int Version { get; set; }
    }

    public sealed class ShareForm
    {
        [Display(Name = "Email address of the member of staff")] public string? With { get; set; }
        [Display(Name = "Share until")] public DateOnly? Until { get; set; }
        [Display(Name = "Why they need it")] public string? Reason { get; set; }
    }

    public sealed record ShareRow(int Id, string With, DateTime? ExpiresAt, string Reason, string SharedBy);

    [BindProperty] public StatusForm Input { get; set; } = new();
    [BindProperty] public ShareForm Share { get; set; } = new();
    public int PupilId { get; private set; }
    public string PupilName { get; private set; } = "";
    public IReadOnlyList<ChildProtectionView> History { get; private set; } = [];
    public IReadOnlyList<ShareRow> Shares { get; private set; } = [];
    public string? Conflict { get; private set; }
    public string? Saved { get; private set; }
    /// <summary>Read through a share or break-glass: the history only, no forms.</summary>
    public bool ReadOnly { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, string? saved, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } missing) return missing;
        var now = History.FirstOrDefault(h => h.ClosedAt is null);
        Input = now is null ? new StatusForm() : new StatusForm
        {
            Status = now.Status, StartDate = now.StartDate, EndDate = now.EndDate, LocalAuthority = now.LocalAuthority, SocialWorkerName = now.SocialWorkerName,
            SocialWorkerPhone = now.SocialWorkerPhone, SocialWorkerEmail = now.SocialWorkerEmail, CurrentId = now.Id, Version = now.Version,
        };
        Saved = saved switch { "status" => "Status saved.", "shared" => "Record shared.", "revoked" => "Share revoked.", _ => null };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (await restricted.TierSchoolAsync(staff, id, ct) is null) return NotFound();
        foreach (var key in ModelState.Keys.Where(k => k.StartsWith("Share.", StringComparison.Ordinal)).ToList()) ModelState.Remove(key);
        var change = new ChildProtectionChange(Input.Status, Input.StartDate, Input.EndDate, Input.LocalAuthority, Input.SocialWorkerName,
            Input.SocialWorkerPhone, Input.SocialWorkerEmail);
        foreach (var (field, message) in change.Problems(clock.Today())) ModelState.AddModelError($"Input.{field}", message);
        if (ModelState.IsValid)
        {
            var outcome = await records.ChangeAsync(staff, id, change, Input.CurrentId is { } c ? (c, Input.Version) : null, ct);
            if (outcome is ChangeOutcome.Saved or ChangeOutcome.Unchanged) return Redirect($"/pupils/{id}/child-protection?saved=status");
            if (outcome == ChangeOutcome.NotFound) return NotFound();
            Conflict = "Another DSL changed this status while you were editing. Nothing of yours was saved: their record is in the history below. Check the form, then save again.";
            Response.StatusCode = 409;
        }
        else Response.StatusCode = 400;
        await LoadAsync(id, ct);
        var now = History.FirstOrDefault(h => h.ClosedAt is null);
        Input.CurrentId = now?.Id; // rebased on what is saved now, keeping what this person typed
        Input.Version = now?.Version ?? 0;
        ModelState.Remove("Input.CurrentId");
        ModelState.Remove("Input.Version");
        return Page();
    }

    public async Task<IActionResult> OnPostShareAsync(int id, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (await restricted.TierSchoolAsync(staff, id, ct) is null) return NotFound();
        foreach (var key in ModelState.Keys.Where(k => k.StartsWith("Input.", StringComparison.Ordinal)).ToList()) ModelState.Remove(key);
        var email = Share.With?.Trim().ToUpperInvariant() ?? "";
        var with = await db.Users.Where(u => u.NormalizedEmail == email).Select(u => (Guid?)u.Id).FirstOrDefaultAsync(ct);
        if (Share.Until is null) ModelState.AddModelError("Share.Until", "Enter the date the share ends.");
        else if (with is null) ModelState.AddModelError("Share.With", "There is no member of staff with that email address.");
        else
        {
            // To the end of that day in the school's time zone.
            var end = TimeZoneInfo.ConvertTimeToUtc(Share.Until.Value.ToDateTime(new TimeOnly(23, 59)), SchoolClock.London);
            var result = await restricted.ShareAsync(staff, ChildProtection.RecordOf(id), with.Value, end, Share.Reason, ct);
            if (result.Outcome == ShareOutcome.Shared) return Redirect($"/pupils/{id}/child-protection?saved=shared");
            if (result.Outcome == ShareOutcome.NotFound) return NotFound();
            ModelState.AddModelError(result.Field switch { "reason" => "Share.Reason", "expiresAt" => "Share.Until", _ => "Share.With" }, result.Message!);
        }
        Response.StatusCode = 400;
        await LoadAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id, int shareId, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (await restricted.TierSchoolAsync(staff, id, ct) is null) return NotFound();
        var result = await restricted.RevokeAsync(staff, shareId, ct);
        return result.Outcome == ShareOutcome.Revoked ? Redirect($"/pupils/{id}/child-protection?saved=revoked") : NotFound();
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (await restricted.TierSchoolAsync(staff, id, ct) is null)
        {
            if (!await restricted.CanReadAsync(staff, ChildProtection.RecordOf(id), ct))
                return staff.May(StaffAction.BreakGlass) && await db.Pupils.VisibleTo(staff).AnyAsync(p => p.Id == id, ct)
                    ? Redirect($"/safeguarding/break-glass/{ChildProtectionRecord.RecordType}/{id}") : NotFound();
            ReadOnly = true;
        }
        var pupil = await db.Pupils.AsNoTracking().VisibleTo(staff).Where(p => p.Id == id)
            .Select(p => new { p.Id, Name = (p.PreferredForename ?? p.LegalForename) + " " + (p.PreferredSurname ?? p.LegalSurname) }).SingleAsync(ct);
        PupilId = pupil.Id;
        PupilName = pupil.Name;
        History = await records.ReadHistoryAsync(staff, id, ct, "child protection page") ?? [];
        if (ReadOnly) return null; // who else it is shared with is for the DSLs who manage the shares
        var shares = await restricted.LiveShares(ChildProtection.RecordOf(id)).OrderBy(s => s.ExpiresAt).ToListAsync(ct);
        var ids = shares.SelectMany(s => new[] { s.SharedWithId, s.SharedById }).Distinct().ToList();
        var names = await db.Users.Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
        Shares = shares.Select(s => new ShareRow(s.Id, names.GetValueOrDefault(s.SharedWithId, "unknown"), s.ExpiresAt, s.Reason,
            names.GetValueOrDefault(s.SharedById, "unknown"))).ToList();
        return null;
    }
}
