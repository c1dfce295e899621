using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Agencies.Pages;

/// <summary>One referral: its details and history, and the form to record progress (status, response). A stale save shows what is saved now beside this person's values.</summary>
[Authorize(Policy = nameof(AgenciesModule.ManageReferrals))]
public sealed class ReferralModel(PastoralDbContext db, CurrentStaff current, AgencyDirectory directory, Referrals referrals, SchoolClock clock) : ReferralForm(db, current)
{
    public sealed record ConflictRow(string Label, string Saved, string Yours);

    [BindProperty] public int Version { get; set; }
    public ReferralDto Referral { get; private set; } = null!;
    public IReadOnlyList<ConflictRow>? Conflict { get; private set; }

    public async Task<IActionResult> OnGetAsync(int referralId, CancellationToken ct)
    {
        if (await LoadAsync(referralId, ct) is not { } saved) return NotFound();
        Fill(saved);
        Version = saved.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int referralId, CancellationToken ct)
    {
        if (await LoadAsync(referralId, ct) is null) return NotFound();
        ModelState.Clear();
        var outcome = await referrals.UpdateAsync(Staff, referralId, Version, Input(), ct);
        if (outcome.NotFound) return NotFound();
        if (outcome.Stale)
        {
            var saved = (await LoadAsync(referralId, ct))!;
            var now = Snapshot(saved.AgencyId, saved.Reason, ReferralStatuses.Words(saved.Status), saved.SentOn?.ToString("yyyy-MM-dd"), saved.ConsentFrom,
                saved.ConsentOn?.ToString("yyyy-MM-dd"), saved.Response, saved.ResponseOn?.ToString("yyyy-MM-dd"));
            var mine = Snapshot(AgencyId, Reason, Status, SentOn, ConsentFrom, ConsentOn, AgencyResponse, ResponseOn);
            Conflict = now.Where(kv => !string.Equals(kv.Value?.Trim(), mine[kv.Key]?.Trim(), StringComparison.OrdinalIgnoreCase))
                .Select(kv => new ConflictRow(kv.Key, kv.Value ?? "(empty)", mine[kv.Key] ?? "(empty)")).ToList();
            Version = saved.Version; // your values stay in the form; saving again replaces theirs where they differ
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        return outcome.Problems.Count > 0 ? Invalid(outcome.Problems) : Redirect($"/agencies/referrals/{referralId}");
    }

    private Dictionary<string, string?> Snapshot(int? agency, string? reason, string? status, string? sent, string? consentFrom, string? consentOn, string? response, string? responseOn) => new()
    {
        ["Agency"] = Agencies.FirstOrDefault(a => a.Id == agency)?.Label, ["Reason"] = reason, ["Status"] = status, ["Date sent"] = sent,
        ["Consent given by"] = consentFrom, ["Date consent given"] = consentOn, ["Response"] = response, ["Date of the response"] = responseOn,
    };

    private async Task<AgencyReferral?> LoadAsync(int referralId, CancellationToken ct)
    {
        Db.ChangeTracker.Clear();
        var staff = await CurrentStaffAsync(ct);
        var saved = await Db.Set<AgencyReferral>().AsNoTracking().VisibleTo(staff, Db).FirstOrDefaultAsync(r => r.Id == referralId, ct);
        if (saved is null || !await LoadPupilAsync(saved.PupilId, ct)) return null;
        Referral = (await AgenciesEndpoints.ReadAsync(Db, Staff, referralId, clock, ct))!;
        var choices = (await directory.ChoicesForSchoolAsync(SchoolId, null, ct)).ToList();
        // The current agency stays choosable on its own referral even once archived.
        if (choices.All(c => c.Id != saved.AgencyId)
            && await directory.VisibleTo(staff).Where(a => a.Id == saved.AgencyId).Select(a => new AgencyChoice(a.Id, a.Name, a.Team, a.Kind, a.ResponseDays, a.Archived)).FirstOrDefaultAsync(ct) is { } own)
            choices.Add(own);
        Agencies = choices;
        return saved;
    }
}
