using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Agencies.Pages;

/// <summary>Refers a pupil to a non-safeguarding service from the directory.</summary>
[Authorize(Policy = nameof(AgenciesModule.ManageReferrals))]
public sealed class NewReferralModel(PastoralDbContext db, CurrentStaff current, AgencyDirectory directory, Referrals referrals) : ReferralForm(db, current)
{
    /// <summary><paramref name="kind"/> and <paramref name="reason"/> pre-fill the form from another capability (attendance support: education-welfare).</summary>
    public async Task<IActionResult> OnGetAsync(int id, string? kind, string? reason, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Status = "draft";
        if (AgencyKinds.Find(kind) is { } k && Agencies.FirstOrDefault(a => a.Kind == k) is { } first) AgencyId = first.Id;
        if (!string.IsNullOrWhiteSpace(reason)) Reason = reason.Length > AgencyReferral.ReasonMaxLength ? reason[..AgencyReferral.ReasonMaxLength] : reason;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        ModelState.Clear();
        var outcome = await referrals.CreateAsync(Staff, id, Input(), ct);
        if (outcome.NotFound) return NotFound();
        return outcome.Problems.Count > 0 ? Invalid(outcome.Problems) : Redirect($"/agencies/referrals/{outcome.Id}");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (!await LoadPupilAsync(id, ct)) return false;
        Agencies = await directory.ChoicesForSchoolAsync(SchoolId, null, ct);
        return true;
    }
}
