using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Agencies;
using Pastoral.Features.Safeguarding.Concerns;
using Pastoral.Infrastructure.Demo;

namespace Pastoral.Features.Safeguarding.Referrals;

/// <summary>
/// Two referrals for the pupil of the first demo concern (synthetic, non-graphic): one to the MASH, answered and stepped down to
/// Early Help; one to CAMHS a month ago with no response yet, so it shows as overdue. A CIN period for the same pupil if they have none,
/// so their chronology tells one story.
/// </summary>
public sealed class ReferralsDemoData : IDemoData
{
    public int Order => 75; // after the agencies (45) and the concerns (70)

    public async Task AddAsync(DemoContext demo, CancellationToken ct)
    {
        var db = demo.Db;
        var concern = await db.Set<SafeguardingConcern>().AsNoTracking().OrderBy(c => c.Id).Select(c => new { c.Id, c.PupilId, c.RaisedAt }).FirstOrDefaultAsync(ct);
        var mash = await db.Set<Agency>().AsNoTracking().Where(a => a.Kind == "social-care" && !a.Archived).OrderBy(a => a.Id).Select(a => (int?)a.Id).FirstOrDefaultAsync(ct);
        var camhs = await db.Set<Agency>().AsNoTracking().Where(a => a.Kind == "camhs" && !a.Archived).OrderBy(a => a.Id).Select(a => (int?)a.Id).FirstOrDefaultAsync(ct);
        if (concern is null || mash is null || camhs is null) return;
        var today = demo.Today;
        var school = await db.Pupils.Where(p => p.Id == concern.PupilId).Select(p => p.SchoolId).SingleAsync(ct);
        var dsl = await db.Users.AsNoTracking().Where(u => u.Email!.StartsWith("dsl@")).Select(u => new { u.Id, u.FullName }).FirstOrDefaultAsync(ct);
        var name = dsl?.FullName ?? "Dana Lead";

        if (!await db.Set<ChildProtectionRecord>().AnyAsync(r => r.PupilId == concern.PupilId, ct))
            db.Add(new ChildProtectionRecord
            {
                PupilId = concern.PupilId, Status = ChildProtectionStatus.Cin, StartDate = today.AddDays(-20), LocalAuthority = "999 Demo County Council",
                SocialWorkerName = "Sam Okafor", SocialWorkerPhone = "07700 900321", SocialWorkerEmail = "sam.okafor@demo-county.example.org",
                RecordedAt = today.AddDays(-20).ToDateTime(new TimeOnly(15, 0), DateTimeKind.Utc), RecordedByName = name,
            });

        var first = concern.RaisedAt.AddHours(2);
        var answered = new SafeguardingReferral
        {
            PupilId = concern.PupilId, AgencyId = mash.Value, ConcernId = concern.Id, ReferredAt = first, ReferredByName = name, ReferrerId = dsl?.Id,
            Method = ReferralMethod.Phone, Reference = "MASH-DEMO-0417", Status = ReferralStatus.SteppedDownToEarlyHelp,
            Reason = "Concern raised by the form tutor; the family agreed to the referral. Synthetic demo record.",
            ResponseOn = DateOnly.FromDateTime(first).AddDays(1), ResponseFrom = "MASH duty social worker",
            Response = "Threshold for social care not met; stepped down to Early Help with the family's consent.",
            RecordedAt = first.AddMinutes(30), RecordedByName = name,
        };
        answered.ResponseDueAt = await ReferralForm.DueAtAsync(db, school, mash.Value, first, ct);
        var waiting = today.AddDays(-30).ToDateTime(new TimeOnly(10, 30), DateTimeKind.Utc);
        var overdue = new SafeguardingReferral
        {
            PupilId = concern.PupilId, AgencyId = camhs.Value, ReferredAt = waiting, ReferredByName = name, ReferrerId = dsl?.Id, Method = ReferralMethod.OnlineForm,
            Status = ReferralStatus.Made, Reason = "Low mood reported by the pupil to the learning mentor over several weeks; the parent agreed. Synthetic demo record.",
            RecordedAt = waiting.AddMinutes(15), RecordedByName = name,
        };
        overdue.ResponseDueAt = await ReferralForm.DueAtAsync(db, school, camhs.Value, waiting, ct);
        db.AddRange(answered, overdue);
        await demo.FlushAsync(ct);
        demo.Count("safeguarding referrals", 2);
    }
}
