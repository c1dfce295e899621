using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Attendance;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Infrastructure.Scheduling;

namespace Pastoral.Features.Behaviour.Exclusions;

/// <summary>
/// Each school morning (job <c>suspension-sixth-day</c>): for every confirmed suspension of more than 5 days whose 6th-day
/// provision is not yet recorded, from <see cref="DaysBefore"/> school days before the 6th day, notifies whoever recorded it
/// (once a day, until the provision is recorded). Quartz runs each occurrence once in a fleet; the day stamp makes a retry harmless.
/// </summary>
public sealed class ProvisionReminderJob(PastoralDbContext db, AttendanceDays attendanceDays, INotifier notifier, SchoolClock clock) : IScheduledJob
{
    public const int DaysBefore = 3;

    public static readonly NotificationKind Kind = new("suspension-sixth-day", "Arrange education from the 6th day of a suspension",
        "A suspension you recorded is longer than 5 school days: the school must arrange suitable full-time education from the 6th day.");

    public async Task RunAsync(ScheduledRun run, CancellationToken ct)
    {
        if (run.SchoolId is { } school) await RemindAsync(school, ct);
    }

    /// <summary>Sends today's reminders for one school; returns how many.</summary>
    public async Task<int> RemindAsync(int schoolId, CancellationToken ct)
    {
        var today = clock.Today();
        var ahead = (await attendanceDays.SchoolDaysAsync([schoolId], today, today.AddDays(40), ct))[schoolId].Take(DaysBefore + 1).ToList();
        if (ahead.Count == 0) return 0;
        var horizon = ahead[^1];
        var due = await db.Set<Suspension>().Where(s => s.SchoolId == schoolId && s.Status == SuspensionStatus.Confirmed && s.ProvisionFrom != null
                && s.ProvisionFrom <= horizon && (s.EndsOn == null || s.EndsOn >= today) && s.ProvisionWhere == null
                && (s.ProvisionRemindedOn == null || s.ProvisionRemindedOn < today) && s.RecordedById != null)
            .Join(db.Pupils, s => s.PupilId, p => p.Id, (s, p) => new { Suspension = s, Name = (p.PreferredForename ?? p.LegalForename) + " " + (p.PreferredSurname ?? p.LegalSurname) })
            .ToListAsync(ct);
        foreach (var d in due)
        {
            var s = d.Suspension;
            notifier.Notify(db, [s.RecordedById!.Value], new StaffNotice(Kind.Name,
                $"Arrange full-time education for {d.Name} from {SuspensionWords.Day(s.ProvisionFrom!.Value)} (the 6th day of their suspension)",
                $"/pupils/{s.PupilId}/suspensions/{s.Id}#provision") { SchoolId = schoolId });
            s.ProvisionRemindedOn = today;
        }
        if (due.Count > 0) await db.SaveChangesAsync(ct);
        return due.Count;
    }
}
