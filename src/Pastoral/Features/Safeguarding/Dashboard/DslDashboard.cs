using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Features.Safeguarding.Concerns;
using Pastoral.Features.Safeguarding.Meetings;
using Pastoral.Features.Safeguarding.Referrals;
using Pastoral.Features.Safeguarding.Triage;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Dashboard;

public sealed record DashboardPupil(int Id, string Name, string? Form, int SchoolId);
public sealed record DashboardConcern(int Id, DashboardPupil Pupil, IReadOnlyList<string> Categories, bool Urgent, ConcernStatus Status, DateTime RaisedAt);
public sealed record DashboardAction(int Id, DashboardPupil Pupil, string Text, string OwnerName, DateOnly DueOn, bool Overdue);
public sealed record DashboardReferral(int Id, DashboardPupil Pupil, string Agency, DateTime ReferredAt, DateTime? ResponseDueAt, bool Overdue);
public sealed record DashboardMeeting(int Id, DashboardPupil Pupil, string Type, DateTime HeldAt, bool Restricted);
public sealed record DashboardStatus(DashboardPupil Pupil, string Status, DateOnly? Since);

public sealed record DashboardView(IReadOnlyList<(int Id, string Name)> Schools, int? SchoolId, DateTime Now, DateOnly Today,
    int NewCount, int OpenCount, int UrgentCount, IReadOnlyList<DashboardConcern> Concerns, IReadOnlyList<DashboardAction> Actions,
    IReadOnlyList<DashboardReferral> Referrals, IReadOnlyList<DashboardMeeting> Meetings, IReadOnlyList<DashboardStatus> Statuses,
    IReadOnlyList<CpFileTransferDue> Transfers, bool TransfersConnected)
{
    public int Count(string status) => Statuses.Count(s => s.Status == status);
}

/// <summary>
/// The DSL's dashboard (issue 10 item 10): what is open across the schools whose restricted tier they hold, or one of them. A restricted
/// list: every restricted record it shows is named in ONE audit entry per school (<see cref="RestrictedAccess.AuditListedRecordsAsync"/>),
/// written before the view is handed back, as the concerns list does.
/// </summary>
public sealed class DslDashboard(PastoralDbContext db, ConcernReads concerns, RestrictedAccess restricted, SchoolClock clock,
    IEnumerable<ICpFileTransfersDue> transfers)
{
    public const int ConcernRows = 50;
    public const int MeetingDays = 14;
    public const int ActionDaysAhead = 7;

    /// <summary>Null when <paramref name="school"/> is not one whose restricted tier this person holds (the page answers 404).</summary>
    public async Task<DashboardView?> ForAsync(StaffContext staff, int? school, CancellationToken ct)
    {
        var tier = RestrictedAccess.TierSchools(staff);
        if (school is { } only && !tier.Contains(only)) return null;
        var schools = school is { } one ? [one] : tier.ToList();
        var names = await db.Schools.AsNoTracking().Where(s => tier.Contains(s.Id)).OrderBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync(ct);
        var now = clock.UtcNow;
        var today = clock.Today();

        var live = concerns.Readable(staff).Where(c => schools.Contains(c.SchoolId) && c.Status != ConcernStatus.Closed);
        var counts = await live.GroupBy(c => 1).Select(g => new
        {
            New = g.Count(c => c.Status == ConcernStatus.New), Open = g.Count(c => c.Status == ConcernStatus.Open), Urgent = g.Count(c => c.Urgent),
        }).FirstOrDefaultAsync(ct);
        var concernRows = await live.OrderByDescending(c => c.Urgent).ThenBy(c => c.Status == ConcernStatus.New ? 0 : 1).ThenBy(c => c.RaisedAt).ThenBy(c => c.Id)
            .Take(ConcernRows)
            .Select(c => new { c.Id, c.PupilId, c.Urgent, c.Status, c.RaisedAt, Categories = c.Categories.OrderBy(k => k.Category!.Order).Select(k => k.Category!.Name).ToList() })
            .ToListAsync(ct);
        var actions = await SafeguardingActions.DueForAsync(db, staff, today.AddDays(ActionDaysAhead), ct);
        var referrals = (await SafeguardingReferrals.AwaitingResponseAsync(db, staff, ct, now)).Where(r => schools.Contains(r.SchoolId)).ToList();
        var meetings = (await SafeguardingMeetings.UpcomingForAsync(db, staff, now, ct)).Where(m => m.HeldAt < now.AddDays(MeetingDays)).ToList();
        var statuses = await StatusesAsync(staff, schools, today, ct);
        var due = new List<CpFileTransferDue>();
        foreach (var source in transfers) due.AddRange((await source.DueAsync(staff, schools, ct)).Where(t => schools.Contains(t.SchoolId)));

        var pupils = await PupilsAsync(staff, [.. concernRows.Select(c => c.PupilId), .. actions.Select(a => a.PupilId), .. meetings.Select(m => m.PupilId)], ct);
        DashboardPupil? In(int id) => pupils.TryGetValue(id, out var p) && schools.Contains(p.SchoolId) ? p : null;
        var view = new DashboardView([.. names.Select(s => (s.Id, s.Name))], school, now, today, counts?.New ?? 0, counts?.Open ?? 0, counts?.Urgent ?? 0,
            [.. concernRows.Where(c => In(c.PupilId) is not null).Select(c => new DashboardConcern(c.Id, In(c.PupilId)!, c.Categories, c.Urgent, c.Status, c.RaisedAt))],
            [.. actions.Where(a => In(a.PupilId) is not null).Select(a => new DashboardAction(a.Id, In(a.PupilId)!, a.Text, a.OwnerName, a.DueOn, a.IsOverdue(today)))],
            [.. referrals.Select(r => new DashboardReferral(r.Id, new DashboardPupil(r.PupilId, r.PupilName, null, r.SchoolId), r.Agency, r.ReferredAt, r.ResponseDueAt, r.Overdue))],
            [.. meetings.Where(m => In(m.PupilId) is not null).Select(m => new DashboardMeeting(m.Id, In(m.PupilId)!,
                m.Type == MeetingType.Other && m.TypeOther is { } other ? other : MeetingTypes.Words(m.Type), m.HeldAt, m.Restricted))],
            statuses, [.. due.OrderByDescending(t => t.Overdue)], transfers.Any());

        var shown = new List<(RestrictedRecord, int)>();
        shown.AddRange(view.Concerns.Select(c => (SafeguardingConcern.RecordOf(c.Id, c.Pupil.Id), c.Pupil.SchoolId)));
        shown.AddRange(view.Actions.Select(a => (SafeguardingAction.RecordOf(a.Id, a.Pupil.Id), a.Pupil.SchoolId)));
        shown.AddRange(view.Referrals.Select(r => (SafeguardingReferral.RecordOf(r.Id, r.Pupil.Id), r.Pupil.SchoolId)));
        shown.AddRange(view.Meetings.Where(m => m.Restricted).Select(m => (SafeguardingMeeting.RecordOf(m.Id, m.Pupil.Id), m.Pupil.SchoolId)));
        shown.AddRange(view.Statuses.Where(s => s.Status != "LAC").Select(s => (ChildProtection.RecordOf(s.Pupil.Id), s.Pupil.SchoolId)));
        shown.AddRange(view.Transfers.Where(t => t.Record is not null).Select(t => (t.Record!, t.SchoolId)));
        await restricted.AuditListedRecordsAsync(shown, "DSL dashboard", ct);
        return view;
    }

    /// <summary>Pupils on roll with a current CP or CIN status (restricted: named in the audit entry) or looked after (a flag staff in scope see).</summary>
    private async Task<List<DashboardStatus>> StatusesAsync(StaffContext staff, List<int> schools, DateOnly today, CancellationToken ct)
    {
        var onRoll = RestrictedAccess.InTier(db.Pupils.AsNoTracking().VisibleTo(staff), staff)
            .Where(p => schools.Contains(p.SchoolId) && (p.OnRollTo == null || p.OnRollTo >= today));
        var cp = await db.Set<ChildProtectionRecord>().AsNoTracking().Where(r => r.ClosedAt == null && r.Status != ChildProtectionStatus.None)
            .Join(onRoll, r => r.PupilId, p => p.Id, (r, p) => new
            {
                r.Status, r.StartDate, p.Id, Name = (p.PreferredForename ?? p.LegalForename) + " " + (p.PreferredSurname ?? p.LegalSurname), Form = p.Form!.Name, p.SchoolId,
            }).ToListAsync(ct);
        var lac = await onRoll.Where(p => p.LookedAfter == LookedAfterStatus.Lac)
            .Select(p => new { p.Id, Name = (p.PreferredForename ?? p.LegalForename) + " " + (p.PreferredSurname ?? p.LegalSurname), Form = p.Form!.Name, p.SchoolId })
            .ToListAsync(ct);
        return [.. cp.Select(r => new DashboardStatus(new(r.Id, r.Name, r.Form, r.SchoolId), r.Status == ChildProtectionStatus.Cp ? "CP" : "CIN", r.StartDate))
            .Concat(lac.Select(p => new DashboardStatus(new(p.Id, p.Name, p.Form, p.SchoolId), "LAC", null)))
            .OrderBy(s => s.Status == "CP" ? 0 : s.Status == "CIN" ? 1 : 2).ThenBy(s => s.Pupil.Name, StringComparer.CurrentCulture)];
    }

    private async Task<Dictionary<int, DashboardPupil>> PupilsAsync(StaffContext staff, List<int> ids, CancellationToken ct)
    {
        var distinct = ids.Distinct().ToList();
        if (distinct.Count == 0) return [];
        return await db.Pupils.AsNoTracking().VisibleTo(staff).Where(p => distinct.Contains(p.Id))
            .Select(p => new DashboardPupil(p.Id, (p.PreferredForename ?? p.LegalForename) + " " + (p.PreferredSurname ?? p.LegalSurname), p.Form!.Name, p.SchoolId))
            .ToDictionaryAsync(p => p.Id, ct);
    }
}
