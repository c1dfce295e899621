using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Families.Pages;

/// <summary>"My visits today", for a phone: each of today's visits (and any still not checked out) with one big button.</summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class TodayModel(PastoralDbContext db, CurrentStaff current, SchoolClock clock) : PageModel
{
    public IReadOnlyList<HomeVisit> Visits { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var today = clock.Today();
        var from = TimeZoneInfo.ConvertTimeToUtc(today.ToDateTime(TimeOnly.MinValue), SchoolClock.London);
        var to = TimeZoneInfo.ConvertTimeToUtc(today.AddDays(1).ToDateTime(TimeOnly.MinValue), SchoolClock.London);
        // Only visits this person goes on: their own safety, whatever the pupil's scope.
        Visits = await db.Set<HomeVisit>().AsNoTracking().Include(v => v.Visitors)
            .Where(v => !v.Cancelled && v.Visitors.Any(x => x.StaffId == staff.UserId)
                && ((v.PlannedStart >= from && v.PlannedStart < to) || (v.PlannedStart < from && v.CheckedInAt != null && v.CheckedOutAt == null)))
            .OrderBy(v => v.PlannedStart).ToListAsync(ct);
    }
}
