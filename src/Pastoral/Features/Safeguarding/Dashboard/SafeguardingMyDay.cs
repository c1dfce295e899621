using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Safeguarding.Concerns;
using Pastoral.Features.Safeguarding.Meetings;
using Pastoral.Features.Safeguarding.Referrals;
using Pastoral.Features.Safeguarding.Triage;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Dashboard;

public sealed record DslTodayPanel(int NewConcerns, int UrgentNew, int ActionsDue, int ReferralsOverdue, int MeetingsToday, int TransfersDue, bool TransfersConnected)
{
    public bool Nothing => NewConcerns + ActionsDue + ReferralsOverdue + MeetingsToday + TransfersDue == 0;
}

/// <summary>
/// My day for a DSL or deputy: what needs them today, as counts with links to the dashboard. Counts, not rows: the DSL may read every
/// one of these records, a count names none of them, and a list here would write a restricted-read entry each time they open the home
/// page; the dashboard, one click away, shows the records and audits what it shows.
/// </summary>
public sealed class DslTodayViewComponent(PastoralDbContext db, CurrentStaff current, ConcernReads concerns, RestrictedAccess restricted,
    SchoolClock clock, IEnumerable<ICpFileTransfersDue> transfers) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var ct = HttpContext.RequestAborted;
        var staff = await current.GetAsync(ct);
        var tier = RestrictedAccess.TierSchools(staff);
        var today = clock.Today();
        var fresh = await concerns.Readable(staff).Where(c => tier.Contains(c.SchoolId) && c.Status == ConcernStatus.New)
            .GroupBy(c => 1).Select(g => new { All = g.Count(), Urgent = g.Count(c => c.Urgent) }).FirstOrDefaultAsync(ct);
        // Actions due today or overdue that are theirs, or whose owner is no DSL or deputy of the school (someone must chase them).
        var dsls = new HashSet<Guid>();
        foreach (var school in tier) dsls.UnionWith(await restricted.HoldersAsync(StaffAction.ReadSafeguarding, school, ct));
        var mine = staff.UserId;
        var owners = await db.Set<SafeguardingAction>().AsNoTracking().VisibleTo(staff, db)
            .Where(a => a.DoneAt == null && a.DueOn <= today && tier.Contains(a.SchoolId)).Select(a => a.OwnerId).ToListAsync(ct);
        var referrals = (await SafeguardingReferrals.AwaitingResponseAsync(db, staff, ct, clock.UtcNow)).Count(r => r.Overdue);
        var dayStart = TimeZoneInfo.ConvertTimeToUtc(today.ToDateTime(TimeOnly.MinValue), SchoolClock.London);
        var meetings = (await SafeguardingMeetings.UpcomingForAsync(db, staff, dayStart, ct)).Count(m => m.HeldAt < dayStart.AddDays(1));
        var due = 0;
        foreach (var source in transfers) due += (await source.DueAsync(staff, tier, ct)).Count;
        return View("/Features/Safeguarding/Dashboard/Pages/_DslToday.cshtml", new DslTodayPanel(fresh?.All ?? 0, fresh?.Urgent ?? 0,
            owners.Count(o => o == mine || !dsls.Contains(o)), referrals, meetings, due, transfers.Any()));
    }
}

public sealed record OwnedAction(int Id, DateOnly DueOn, bool Overdue, string? Text, string? PupilName, int? PupilId);

/// <summary>
/// My day for anyone who owns a safeguarding action in a school where they are not a DSL: each action due today or overdue. Its text
/// and pupil only where a DSL shared that action with them (read through the restricted path: one audit entry naming those shown);
/// otherwise only that an action is due and to see the DSL. Nothing at all when they own none due.
/// </summary>
public sealed class MySafeguardingActionsViewComponent(PastoralDbContext db, CurrentStaff current, RestrictedAccess restricted, SchoolClock clock) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var ct = HttpContext.RequestAborted;
        var staff = await current.GetAsync(ct);
        var tier = RestrictedAccess.TierSchools(staff);
        var today = clock.Today();
        var owned = await db.Set<SafeguardingAction>().AsNoTracking().VisibleTo(staff, db)
            .Where(a => a.OwnerId == staff.UserId && a.DoneAt == null && a.DueOn <= today && !tier.Contains(a.SchoolId))
            .OrderBy(a => a.DueOn).ThenBy(a => a.Id).Select(a => new { a.Id, a.PupilId, a.SchoolId, a.DueOn }).ToListAsync(ct);
        if (owned.Count == 0) return Content("");
        var readable = (await SafeguardingActions.DueForAsync(db, staff, today, ct)).ToDictionary(a => a.Id);
        var ids = owned.Where(a => readable.ContainsKey(a.Id)).Select(a => a.PupilId).Distinct().ToList();
        var names = await db.Pupils.AsNoTracking().VisibleTo(staff).Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, Name = (p.PreferredForename ?? p.LegalForename) + " " + (p.PreferredSurname ?? p.LegalSurname) }).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var rows = owned.Select(a => readable.TryGetValue(a.Id, out var r)
            ? new OwnedAction(a.Id, a.DueOn, a.DueOn < today, r.Text, names.GetValueOrDefault(a.PupilId), a.PupilId)
            : new OwnedAction(a.Id, a.DueOn, a.DueOn < today, null, null, null)).ToList();
        await restricted.AuditListedRecordsAsync([.. owned.Where(a => readable.ContainsKey(a.Id)).Select(a => (SafeguardingAction.RecordOf(a.Id, a.PupilId), a.SchoolId))],
            "My day: your safeguarding actions", ct);
        return View("/Features/Safeguarding/Dashboard/Pages/_MyActionsDue.cshtml", rows);
    }
}
