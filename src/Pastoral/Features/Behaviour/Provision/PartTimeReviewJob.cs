using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Infrastructure.Scheduling;

namespace Pastoral.Features.Behaviour.Provision;

/// <summary>
/// Each school day: every current part-time timetable whose review date has come tells its reviewer (kind
/// part-time-timetable-review), once per review date; a new review date after a review starts the count again.
/// </summary>
public sealed class PartTimeReviewJob(PastoralDbContext db, INotifier notifier, SchoolClock clock) : IScheduledJob
{
    public const string Name = "part-time-timetable-reviews";

    public async Task RunAsync(ScheduledRun run, CancellationToken ct) => await NotifyDueAsync(run.SchoolId, ct);

    public async Task<int> NotifyDueAsync(int? schoolId, CancellationToken ct)
    {
        var today = clock.Today();
        var due = await db.Set<PartTimeTimetable>()
            .Where(t => t.ReviewOn <= today && (t.EndOn == null || t.EndOn >= today) && t.StartOn <= today
                && (t.ReviewNoticeFor == null || t.ReviewNoticeFor != t.ReviewOn) && (schoolId == null || t.SchoolId == schoolId))
            .OrderBy(t => t.Id).Take(1000).ToListAsync(ct);
        var names = await db.Pupils.AsNoTracking().Where(p => due.Select(t => t.PupilId).Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.DisplayName, ct);
        foreach (var t in due)
        {
            t.ReviewNoticeFor = t.ReviewOn;
            var when = t.ReviewOn == today ? "today" : $"since {Attendance.Support.MeetingRules.Day(t.ReviewOn)}";
            notifier.Notify(db, [t.ReviewerId], new StaffNotice(ProvisionModule.ReviewDue.Name,
                $"Part-time timetable review due {when}: {names.GetValueOrDefault(t.PupilId, "a pupil")}", $"/pupils/{t.PupilId}/provision#part-time-{t.Id}") { SchoolId = t.SchoolId });
        }
        await db.SaveChangesAsync(ct);
        return due.Count;
    }
}
