using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Admin.Responsibilities;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Infrastructure.Scheduling;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Calling;

/// <summary>The staff who call families in a school: active accounts in a role that may <see cref="CallingModule.CallFamilies"/>, reaching that school.</summary>
public static class Callers
{
    public static async Task<IReadOnlyList<Guid>> OfSchoolAsync(PastoralDbContext db, int schoolId, TimeProvider clock, CancellationToken ct)
    {
        var roles = Permissions.Rows.Where(r => r.Action == CallingModule.CallFamilies).SelectMany(r => r.Roles).Distinct().ToList();
        var ids = await db.Users.Where(u => u.IsActive && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && roles.Contains(r.Name!))))
            .Select(u => u.Id).ToListAsync(ct);
        var reached = new List<Guid>();
        foreach (var id in ids)
            if (await CurrentStaff.LoadAsync(db, id, clock, ct) is { } staff && staff.SchoolIds.Contains(schoolId)) reached.Add(id);
        return reached;
    }
}

/// <summary>
/// Each school morning after registration (job <c>first-day-calling</c>): tells the school's callers the queue is ready and how
/// many pupils are on it. No names: the e-mail may be read on a shared screen; the queue is behind the link.
/// </summary>
public sealed class CallingOpensJob(PastoralDbContext db, FirstDayCallQueue queue, INotifier notifier, TimeProvider clock) : IScheduledJob
{
    public static readonly NotificationKind Kind = new("first-day-calling-open", "First-day calling is open",
        "The morning registers have closed and pupils with no reason for absence are waiting to be called.", MandatoryByDefault: false);

    public async Task RunAsync(ScheduledRun run, CancellationToken ct)
    {
        if (run.SchoolId is { } school) await OpenAsync(school, ct);
    }

    /// <summary>Notifies the callers of one school if its queue is open with pupils on it; returns how many pupils.</summary>
    public async Task<int> OpenAsync(int schoolId, CancellationToken ct)
    {
        var today = await queue.BuildAsync(db.Pupils, schoolId, ct);
        if (!today.Open || today.PupilsToCall == 0) return 0;
        var title = string.Create(CultureInfo.InvariantCulture,
            $"First-day calling is open: {Counted.Of(today.PupilsToCall, "pupil")} with no reason for absence this morning ({Counted.Of(today.ToCall.Count, "family", "families")} to call)");
        notifier.Notify(db, await Callers.OfSchoolAsync(db, schoolId, clock, ct), new StaffNotice(Kind.Name, title, $"/attendance/calling?school={schoolId}") { SchoolId = schoolId });
        await db.SaveChangesAsync(ct);
        return today.PupilsToCall;
    }
}

/// <summary>
/// Each school day in the evening (job <c>absence-crossings</c>): compares each pupil's absence this academic year to date with the
/// band kept from the last run (<see cref="AbsenceBandRecord"/>, in the database, so any instance and a restart agree) and tells
/// the pupil's head of year and mentor once when the pupil crosses into persistent (10%) or severe (50%) absence.
/// </summary>
public sealed class AbsenceCrossingsJob(PastoralDbContext db, AttendanceStatistics statistics, Responsibilities responsibilities,
    INotifier notifier, SchoolClock clock) : IScheduledJob
{
    public static readonly NotificationKind PersistentKind = new("persistent-absence", "A pupil has become persistently absent",
        "One of your pupils (your year group or your caseload) has missed 10% or more of sessions this year.", MandatoryByDefault: false);
    public static readonly NotificationKind SevereKind = new("severe-absence", "A pupil has become severely absent",
        "One of your pupils (your year group or your caseload) has missed 50% or more of sessions this year.", MandatoryByDefault: false);

    public async Task RunAsync(ScheduledRun run, CancellationToken ct)
    {
        if (run.SchoolId is { } school) await CompareAsync(school, ct);
    }

    /// <summary>Compares and notifies for one school; returns the number of crossings notified.</summary>
    public async Task<int> CompareAsync(int schoolId, CancellationToken ct)
    {
        var today = clock.Today();
        var yearStart = await db.AcademicYears.Where(y => y.SchoolId == schoolId && y.StartsOn <= today && y.EndsOn >= today)
            .Select(y => (DateOnly?)y.StartsOn).FirstOrDefaultAsync(ct);
        if (yearStart is null) return 0;
        var onRoll = db.Pupils.Where(p => p.SchoolId == schoolId && p.OnRollFrom <= today && (p.OnRollTo == null || p.OnRollTo >= today));
        var figures = await statistics.ForSchoolAsync(schoolId, yearStart.Value, today, onRoll, ct);
        var known = await db.Set<AbsenceBandRecord>().Where(b => b.SchoolId == schoolId).ToDictionaryAsync(b => b.PupilId, ct);
        // The first run for a school only learns where everyone stands: a school switching this on is not sent its whole list at once.
        var firstRun = known.Count == 0;
        var pupils = await onRoll.Where(p => figures.Keys.Contains(p.Id))
            .Select(p => new { p.Id, p.LegalForename, p.PreferredForename, p.LegalSurname, p.PreferredSurname, p.YearGroupId, Form = p.Form!.Name })
            .ToDictionaryAsync(p => p.Id, ct);
        var now = clock.UtcNow;
        var crossings = 0;
        foreach (var (pupilId, summary) in figures)
        {
            if (!pupils.TryGetValue(pupilId, out var p)) continue;
            var band = summary.SevereAbsence ? AbsenceBand.Severe : summary.PersistentAbsence ? AbsenceBand.Persistent : AbsenceBand.None;
            var row = known.GetValueOrDefault(pupilId);
            var before = row?.Band ?? AbsenceBand.None;
            if (band == before && row is not null) continue;
            if (row is null) db.Add(row = new AbsenceBandRecord { PupilId = pupilId, SchoolId = schoolId });
            row.Band = band;
            row.ChangedAt = now;
            if (band <= before || firstRun) continue;
            var name = $"{(string.IsNullOrWhiteSpace(p.PreferredForename) ? p.LegalForename : p.PreferredForename)} {(string.IsNullOrWhiteSpace(p.PreferredSurname) ? p.LegalSurname : p.PreferredSurname)}";
            var words = band == AbsenceBand.Severe ? "severe absence (50% or more)" : "persistent absence (10% or more)";
            var title = string.Create(CultureInfo.InvariantCulture,
                $"{name}{(p.Form is null ? "" : $" ({p.Form})")} has crossed into {words}: {summary.AttendancePercent:0.0}% attendance this year, {summary.AbsencePercent:0.0}% absent");
            var to = new List<Guid>();
            if (p.YearGroupId is { } year) to.AddRange(await responsibilities.OfYearGroup(year, ResponsibilityKind.HeadOfYear).ToListAsync(ct));
            to.AddRange(await db.Caseloads.Where(c => c.PupilId == pupilId && c.From <= today && (c.To == null || c.To >= today)).Select(c => c.StaffId).ToListAsync(ct));
            notifier.Notify(db, to.Distinct(), new StaffNotice(band == AbsenceBand.Severe ? SevereKind.Name : PersistentKind.Name, title, $"/pupils/{pupilId}") { SchoolId = schoolId });
            crossings++;
        }
        await db.SaveChangesAsync(ct);
        return crossings;
    }
}
