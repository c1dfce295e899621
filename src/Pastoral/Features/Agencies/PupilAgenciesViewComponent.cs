using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Agencies;

public sealed record SignpostingItem(int Id, string Suggestion, string ToWhom, DateOnly SuggestedOn, string RecordedByName, TakeUp TakenUp, DateOnly? TakeUpOn, string? TakeUpNote, string? Note);
public sealed record ReferralItem(int Id, string Agency, ReferralStatus Status, DateOnly? SentOn, DateOnly? ResponseDueOn, DateOnly? ResponseOn, bool Overdue);
public sealed record PupilAgenciesSection(int PupilId, IReadOnlyList<SignpostingItem> Signposting, IReadOnlyList<ReferralItem> Referrals,
    bool MaySignpost, bool MayRefer);

/// <summary>The "Signposting and referrals" section of the profile, for staff who may read the agency directory.</summary>
public sealed class PupilAgenciesViewComponent(PastoralDbContext db, CurrentStaff current, IAuthorizationService authorization, SchoolClock clock) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int pupilId)
    {
        var user = HttpContext.User;
        if (!(await authorization.AuthorizeAsync(user, nameof(AgenciesModule.ViewAgencies))).Succeeded) return Content("");
        var ct = HttpContext.RequestAborted;
        var staff = await current.GetAsync(ct);
        var signposting = await db.Set<Signposting>().AsNoTracking().VisibleTo(staff, db).Where(s => s.PupilId == pupilId)
            .OrderByDescending(s => s.SuggestedOn).ThenByDescending(s => s.Id).Take(20)
            .Select(s => new SignpostingItem(s.Id, s.Suggestion, s.ToWhom, s.SuggestedOn, s.RecordedByName, s.TakenUp, s.TakeUpOn, s.TakeUpNote, s.Note)).ToListAsync(ct);
        var today = clock.Today();
        var referrals = (await db.Set<AgencyReferral>().AsNoTracking().VisibleTo(staff, db).Where(r => r.PupilId == pupilId)
            .OrderByDescending(r => r.CreatedAt).Take(20)
            .Select(r => new { r.Id, Agency = r.Agency!.Name, r.Status, r.SentOn, r.ResponseDueOn, r.ResponseOn }).ToListAsync(ct))
            .Select(r => new ReferralItem(r.Id, r.Agency, r.Status, r.SentOn, r.ResponseDueOn, r.ResponseOn, AgencyReferral.IsOverdue(r.Status, r.ResponseDueOn, today))).ToList();
        return View("/Features/Agencies/Pages/_PupilSection.cshtml", new PupilAgenciesSection(pupilId, signposting, referrals,
            (await authorization.AuthorizeAsync(user, nameof(AgenciesModule.RecordSignposting))).Succeeded,
            (await authorization.AuthorizeAsync(user, nameof(AgenciesModule.ManageReferrals))).Succeeded));
    }
}
