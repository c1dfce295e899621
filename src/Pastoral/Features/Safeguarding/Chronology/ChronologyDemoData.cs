using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Safeguarding.Referrals;
using Pastoral.Infrastructure.Demo;

namespace Pastoral.Features.Safeguarding.Chronology;

/// <summary>Two entries the DSL pinned for the pupil with the demo referrals: an attendance drop and a home visit. Synthetic.</summary>
public sealed class ChronologyDemoData : IDemoData
{
    public int Order => 76; // after the referrals (75), whose pupil this is

    public async Task AddAsync(DemoContext demo, CancellationToken ct)
    {
        var pupil = await demo.Db.Set<SafeguardingReferral>().AsNoTracking().OrderBy(r => r.Id).Select(r => (int?)r.PupilId).FirstOrDefaultAsync(ct);
        if (pupil is null) return;
        var today = demo.Today;
        demo.Db.AddRange(
            new ChronologyPin
            {
                PupilId = pupil.Value, On = today.AddDays(-25), Category = "Attendance", Title = "Attendance fell to 86% over the half-term",
                Note = "Mostly Monday absences; ties in with the concern about weekends at home.", PinnedByName = "Dana Lead",
                PinnedAt = today.AddDays(-24).ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc),
            },
            new ChronologyPin
            {
                PupilId = pupil.Value, On = today.AddDays(-12), Category = "Home visit", Title = "Home visit by the head of year and the attendance officer",
                Note = "Parent engaged and agreed to the Early Help assessment.", PinnedByName = "Dana Lead",
                PinnedAt = today.AddDays(-12).ToDateTime(new TimeOnly(16, 0), DateTimeKind.Utc),
            });
        await demo.FlushAsync(ct);
        demo.Count("pinned chronology entries", 2);
    }
}
