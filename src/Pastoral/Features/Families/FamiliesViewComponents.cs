using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Families;

public sealed record FamilyContactsSection(int PupilId, IReadOnlyList<FamilyContact> Latest, int Total, IReadOnlyList<HomeVisit> Visits,
    bool MayLog, bool MayPlanVisit);

/// <summary>The profile's "Family contact" section: the latest contacts and upcoming visits, "Log a call" one click away.</summary>
public sealed class FamilyContactsViewComponent(PastoralDbContext db, CurrentStaff current, IAuthorizationService authorization, SchoolClock clock) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int pupilId)
    {
        var user = HttpContext.User;
        if (!(await authorization.AuthorizeAsync(user, FamiliesModule.ViewFamilyContact.Name)).Succeeded) return Content("");
        var staff = await current.GetAsync();
        var contacts = db.Set<FamilyContact>().AsNoTracking().VisibleTo(staff, db).Where(c => c.PupilId == pupilId);
        var latest = await contacts.OrderByDescending(c => c.At).Take(5).ToListAsync();
        var from = clock.UtcNow.AddDays(-1);
        var visits = await db.Set<HomeVisit>().AsNoTracking().VisibleTo(staff, db).Include(v => v.Visitors)
            .Where(v => v.PupilId == pupilId && !v.Cancelled && (v.PlannedStart >= from || v.CheckedOutAt == null))
            .OrderBy(v => v.PlannedStart).Take(5).ToListAsync();
        return View("/Features/Families/Pages/_FamilyContactsSection.cshtml", new FamilyContactsSection(pupilId, latest, await contacts.CountAsync(), visits,
            (await authorization.AuthorizeAsync(user, FamiliesModule.LogFamilyContact.Name)).Succeeded,
            (await authorization.AuthorizeAsync(user, FamiliesModule.ManageHomeVisits.Name)).Succeeded));
    }
}

public sealed record FollowUpsDuePanel(IReadOnlyList<ContactRow> Due, int Total, DateOnly Today);

/// <summary>"Follow-ups due" on My day: contacts this member of staff logged whose follow-up date has come, not yet done.</summary>
public sealed class FollowUpsDueViewComponent(PastoralDbContext db, CurrentStaff current, SchoolClock clock) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var staff = await current.GetAsync();
        var today = clock.Today();
        var q = FamilyContactSearch.Filter(db, staff, new ContactFilter(null, null, null, null, Due: true, Mine: true), today);
        var rows = await FamilyContactSearch.Rows(db, q, byFollowUp: true).Take(8).ToListAsync();
        return View("/Features/Families/Pages/_FollowUpsDuePanel.cshtml", new FollowUpsDuePanel(rows, await q.CountAsync(), today));
    }
}
