using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Behaviour;
using Pastoral.Features.Notifications.Contacts;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Demo;
using Pastoral.Security;

namespace Pastoral.Features.Rewards;

/// <summary>
/// After the behaviour demo: in each school a praise postcard for the pupils with the most positive points this term (two of them
/// e-mailed home), a certificate of achievement for a few, and a Year 7 reward trip with rules whose list is confirmed.
/// </summary>
public sealed class RewardsDemoData(RewardEligibility eligibility, LetterTemplates templates, SchoolClock clock) : IDemoData
{
    public int Order => 66;

    public async Task AddAsync(DemoContext demo, CancellationToken ct)
    {
        var db = demo.Db;
        var now = clock.UtcNow;
        foreach (var school in demo.Schools)
        {
            var head = await db.Users.AsNoTracking().Where(u => EF.Functions.Like(u.Email, "hoy7@%")).Select(u => u.FullName).FirstOrDefaultAsync(ct) ?? "Head of Year 7";
            var operatorStaff = new StaffContext(Guid.Empty, head, school.TrustId, new HashSet<ScopeKind> { ScopeKind.Trust },
                new HashSet<string> { Roles.SeniorLeader }, [school.Id], [school.Id], [], []);
            var wordings = (await templates.ForSchoolAsync(school.Id, ct)).Where(t => t.Group == RewardTemplates.Group).ToDictionary(t => t.Key);
            var since = demo.Today.AddDays(-30);
            var top = await db.Set<IncidentPupil>().AsNoTracking().Where(p => p.Points > 0 && p.Incident!.SchoolId == school.Id && p.Incident.OccurredOn >= since)
                .GroupBy(p => p.PupilId).Select(g => new { PupilId = g.Key, Points = g.Sum(p => p.Points) }).OrderByDescending(g => g.Points).ThenBy(g => g.PupilId).Take(8).ToListAsync(ct);
            var ids = top.Select(t => t.PupilId).ToList();
            var pupils = await db.Pupils.AsNoTracking().Include(p => p.School).Include(p => p.Contacts).Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
            var given = 0;
            foreach (var (t, i) in top.Select((t, i) => (t, i)))
            {
                var pupil = pupils[t.PupilId];
                var certificate = i >= 5;
                var wording = wordings[certificate ? RewardTemplates.Achievement : RewardTemplates.PraisePostcard];
                var award = RewardAwards.Write(operatorStaff, pupil, certificate ? RewardFormat.Certificate : RewardFormat.Postcard, wording,
                    certificate ? "For outstanding effort and kindness this half-term." : "For excellent work and a great attitude in lessons.",
                    RewardSentHow.Printed, demo.Today.AddDays(-(i % 4) - 1), now.AddDays(-(i % 4) - 1), null);
                if (i < 2 && RewardAwards.EmailChoices(pupil, await Safeguarding.Orders.ContactRestrictions.OnAsync(demo.Db, pupil.Id, demo.Today, ct)) is [var to, ..])
                {
                    award.SentHow = RewardSentHow.Emailed;
                    award.SentTo = $"{to.Name} ({to.Relationship})";
                }
                db.Add(award);
                given++;
            }
            var year7 = await db.YearGroups.AsNoTracking().Where(y => y.SchoolId == school.Id).OrderBy(y => y.NcYear).Select(y => y.Id).FirstOrDefaultAsync(ct);
            if (year7 == 0) continue;
            var trip = new RewardEvent
            {
                SchoolId = school.Id, Name = "Year 7 reward trip: Science Museum", HeldOn = demo.Today.AddDays(21), YearGroupIds = year7.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Capacity = 45, NoSuspensionThisTerm = true, MinAttendancePercent = 95, MinPositivePoints = 10, MaxNegativePoints = 6,
                CreatedAt = now.AddDays(-3), CreatedByName = head,
            };
            db.Add(trip);
            await db.SaveChangesAsync(ct);
            var list = await eligibility.ForAsync(operatorStaff, trip, ct);
            trip.ConfirmedAt = now.AddDays(-1);
            trip.ConfirmedByName = head;
            foreach (var r in list.Eligible.Take(trip.Capacity.Value))
                db.Add(new RewardInvitation
                {
                    EventId = trip.Id, PupilId = r.PupilId, SchoolId = school.Id, EventName = trip.Name, HeldOn = trip.HeldOn, PupilName = r.Name, Upn = r.Upn,
                    Year = r.Year, Form = r.Form, InvitedAt = trip.ConfirmedAt.Value, InvitedByName = head,
                });
            db.Add(new RewardEvent
            {
                SchoolId = school.Id, Name = "Year 7 end-of-term celebration", HeldOn = demo.Today.AddDays(28), YearGroupIds = trip.YearGroupIds,
                MinPositivePoints = 20, MaxNegativePoints = 3, NoMissedDetention = true, CreatedAt = now, CreatedByName = head,
            });
            await db.SaveChangesAsync(ct);
            demo.Count("praise postcards and certificates", given);
            demo.Count("reward events", 2);
        }
    }
}
