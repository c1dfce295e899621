using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Infrastructure.Scheduling;

namespace Pastoral.Features.Plans;

/// <summary>
/// Early on each school day: active plans whose review date has come move to "review due", as a new version saved by
/// "Pastoral (review reminder)", and each owner is told (kind plan-review-due) in the same save.
/// </summary>
public sealed class PlanReviewJob(PastoralDbContext db, INotifier notifier, SchoolClock clock) : IScheduledJob
{
    public async Task RunAsync(ScheduledRun run, CancellationToken ct) => await MoveDueAsync(run.SchoolId, ct);

    public async Task<int> MoveDueAsync(int? schoolId, CancellationToken ct)
    {
        var today = clock.Today();
        var due = await db.Set<Plan>().Include(p => p.Type).Include(p => p.Pupil)
            .Where(p => p.Status == PlanStatus.Active && p.ReviewDate <= today && (schoolId == null || p.SchoolId == schoolId))
            .OrderBy(p => p.Id).Take(1000).ToListAsync(ct);
        foreach (var plan in due)
        {
            plan.Status = PlanStatus.ReviewDue;
            plan.Number++;
            plan.UpdatedAt = clock.UtcNow;
            db.Add(new PlanVersion
            {
                PlanId = plan.Id, PupilId = plan.PupilId, Number = plan.Number, Title = plan.Title, Status = plan.Status, ReviewDate = plan.ReviewDate,
                OwnerName = plan.OwnerName, ContentJson = plan.ContentJson, SavedAt = clock.UtcNow, SavedByName = "Pastoral (review reminder)",
                Change = $"Status: Active → Review due (review date {plan.ReviewDate:ddd d MMM yyyy})",
            });
            notifier.Notify(db, [plan.OwnerId], new StaffNotice(PlansModule.ReviewDue.Name,
                $"Review due: {plan.Type!.Name} for {plan.Pupil!.DisplayName}", $"/pupils/{plan.PupilId}/plans/{plan.Id}") { SchoolId = plan.SchoolId });
        }
        await db.SaveChangesAsync(ct);
        return due.Count;
    }
}
