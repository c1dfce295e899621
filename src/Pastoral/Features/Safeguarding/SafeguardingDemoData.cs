using Microsoft.EntityFrameworkCore;
using Pastoral.Infrastructure.Demo;

namespace Pastoral.Features.Safeguarding;

/// <summary>
/// A few pupils with CP or CIN status (about 1% and 3%, near national rates), some with an earlier period closed.
/// Synthetic throughout: local authority 999, invented social workers, phone numbers from Ofcom's drama range.
/// </summary>
public sealed class SafeguardingDemoData : IDemoData
{
    public int Order => 15;

    public async Task AddAsync(DemoContext demo, CancellationToken ct)
    {
        var f = demo.Faker;
        var pupils = await demo.Db.Pupils.AsNoTracking().OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(ct);
        var made = 0;
        foreach (var id in pupils)
        {
            var roll = f.Random.Double();
            if (roll >= 0.04) continue;
            var status = roll < 0.01 ? ChildProtectionStatus.Cp : ChildProtectionStatus.Cin;
            var start = demo.Today.AddDays(-f.Random.Int(20, 400));
            var worker = $"{f.Name.FirstName()} {f.Name.LastName()}";
            var at = start.ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc);
            if (status == ChildProtectionStatus.Cp && f.Random.Bool())
            {
                // Stepped up from child in need: the earlier period is kept as history.
                var earlier = start.AddDays(-f.Random.Int(60, 200));
                demo.Db.Set<ChildProtectionRecord>().Add(Row(id, ChildProtectionStatus.Cin, earlier, start.AddDays(-1), worker, f,
                    earlier.ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc), at));
            }
            demo.Db.Set<ChildProtectionRecord>().Add(Row(id, status, start, null, worker, f, at, null));
            made++;
        }
        await demo.FlushAsync(ct);
        demo.Count("pupils with CP or CIN status", made);
    }

    private static ChildProtectionRecord Row(int pupil, ChildProtectionStatus status, DateOnly start, DateOnly? end, string worker,
        Bogus.Faker f, DateTime at, DateTime? closed) => new()
    {
        PupilId = pupil, Status = status, StartDate = start, EndDate = end, LocalAuthority = "999 Demo County Council",
        SocialWorkerName = worker, SocialWorkerPhone = "07700 900" + f.Random.Int(0, 999).ToString("D3"),
        SocialWorkerEmail = $"{worker.ToLowerInvariant().Replace(' ', '.').Replace("'", "", StringComparison.Ordinal)}@demo-county.example.org",
        RecordedAt = at, RecordedByName = "Dana Lead", ClosedAt = closed,
    };
}
