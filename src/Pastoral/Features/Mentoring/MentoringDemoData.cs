using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Interventions;
using Pastoral.Features.Schools;
using Pastoral.Infrastructure.Demo;
using Pastoral.Security;

namespace Pastoral.Features.Mentoring;

/// <summary>
/// The demo mentors' working half (Order 84): each caseload holder's 1:1 "1:1 mentoring" provision with an enrolment per caseload pupil,
/// weekly sessions (some cancelled), check-ins on most school days since each pupil joined, capacity, and a waiting list of two.
/// Two pupils have had no contact for a few school days, so My day has something to flag. Synthetic only; independent of the provision demo (Order 82).
/// </summary>
public sealed class MentoringDemoData : IDemoData
{
    public int Order => 84;

    private static readonly string[] Notes = ["Settled in form time", "Worried about a maths test", "Good weekend, football with cousins", "Tired: late night gaming",
        "Fell out with a friend at break; talked it through", "Proud of a merit in science", "Quiet today", "Asked to move seat in English", "", "", ""];
    private static readonly string[] Focus = ["Confidence", "Resilience", "Communication", "Engagement", "Emotional regulation", "Friendships"];

    public async Task AddAsync(DemoContext demo, CancellationToken ct)
    {
        var rng = new Bogus.Randomizer(20261124); // its own seed: the demo parts after this one draw the same numbers as before
        foreach (var school in demo.Schools)
        {
            var mentoring = await demo.Db.Set<Intervention>().Where(i => i.SchoolId == school.Id && i.Name == CaseloadBook.MentoringIntervention).Select(i => (int?)i.Id).FirstOrDefaultAsync(ct);
            if (mentoring is null) continue;
            var mentors = await demo.Db.StaffScopes.Where(s => s.Kind == ScopeKind.Caseload && s.SchoolId == school.Id)
                .Join(demo.Db.Users, s => s.UserId, u => u.Id, (s, u) => new { u.Id, u.FullName, u.Email }).OrderBy(u => u.Email).ToListAsync(ct);
            if (mentors.Count == 0) continue;
            var year = await demo.Db.AcademicYears.AsNoTracking().Include(y => y.Terms).Include(y => y.ClosureDays)
                .Where(y => y.SchoolId == school.Id && y.StartsOn <= demo.Today && y.EndsOn >= demo.Today).FirstOrDefaultAsync(ct);
            foreach (var mentor in mentors)
            {
                var pupils = await demo.Db.Caseloads.Where(c => c.StaffId == mentor.Id && c.To == null && demo.Db.Pupils.Any(p => p.Id == c.PupilId && p.SchoolId == school.Id))
                    .OrderBy(c => c.PupilId).Select(c => new { c.PupilId, c.From }).ToListAsync(ct);
                var role = await demo.Db.UserRoles.Where(r => r.UserId == mentor.Id).Join(demo.Db.Roles, r => r.RoleId, r => r.Id, (_, r) => r.Name).FirstOrDefaultAsync(ct) ?? Roles.PastoralStaff;
                var from = pupils.Count == 0 ? demo.Today : pupils.Min(p => p.From);
                var days = year is null ? new List<DateOnly>() : SchoolDays.Between(year, from, demo.Today).ToList();
                var weeks = Math.Max(1, days.Select(d => d.DayNumber / 7).Distinct().Count());
                var provision = await demo.Db.Set<Provision>().FirstOrDefaultAsync(p => p.SchoolId == school.Id && p.CaseloadOfStaffId == mentor.Id, ct);
                if (provision is null)
                {
                    provision = new Provision
                    {
                        SchoolId = school.Id, InterventionId = mentoring.Value, Kind = ProvisionKind.OneToOne, Name = $"{mentor.FullName}'s mentoring caseload",
                        LeadStaffId = mentor.Id, LeadStaffName = mentor.FullName, LeadRole = role, CaseloadOfStaffId = mentor.Id, Day = DayOfWeek.Wednesday,
                        StartTime = new TimeOnly(9, 0), DurationMinutes = 30, Room = "Pastoral base", PlannedSessions = Math.Max(1, weeks * pupils.Count),
                        StartOn = from, FundingSource = "Pupil premium", CreatedAt = from.ToDateTime(new TimeOnly(8, 0), DateTimeKind.Utc),
                    };
                    demo.Db.Add(provision);
                    await demo.Db.SaveChangesAsync(ct);
                }
                demo.Db.Add(new MentorCapacity { SchoolId = school.Id, StaffId = mentor.Id, Capacity = pupils.Count >= MentorCapacity.Default ? MentorCapacity.Default : pupils.Count + 2 });
                var enrolled = await demo.Db.Set<Enrolment>().Where(e => e.ProvisionId == provision.Id).Select(e => e.PupilId).ToListAsync(ct);
                foreach (var (p, i) in pupils.Select((p, i) => (p, i)))
                {
                    if (!enrolled.Contains(p.PupilId))
                        demo.Db.Add(new Enrolment { ProvisionId = provision.Id, PupilId = p.PupilId, StartOn = p.From, Reason = i % 3 == 0 ? "Low attendance and anxiety about school" : i % 3 == 1 ? "Falling out with peers; referred by head of year" : "Disengaged in lessons; pupil premium" });
                    var quiet = i is 2 or 7; // no contact for the last few school days: My day flags them
                    foreach (var day in days.Where(d => d >= p.From && d < demo.Today))
                    {
                        if (quiet && days.IndexOf(day) >= days.Count - 5) continue;
                        if (rng.Double() < 0.15) continue; // most school days, not all
                        var rating = Math.Clamp(5 + (i % 4) - 1 + rng.Int(-2, 2), 1, 10);
                        var zone = rating <= 3 ? Zone.Blue : rating >= 9 && rng.Double() < 0.3 ? Zone.Yellow : rng.Double() < 0.08 ? Zone.Red : Zone.Green;
                        demo.Db.Add(new CheckIn
                        {
                            PupilId = p.PupilId, StaffId = mentor.Id, StaffName = mentor.FullName, On = day, At = day.ToDateTime(new TimeOnly(8, 40 + rng.Int(0, 14)), DateTimeKind.Utc),
                            Rating = rating, Zone = zone, Mode = rng.Double() < 0.1 ? ContactMode.Phone : ContactMode.InPerson, Note = Notes[rng.Int(0, Notes.Length - 1)],
                        });
                        demo.Count("mentor check-ins", 1);
                        if (day.DayOfWeek != DayOfWeek.Wednesday) continue;
                        var cancelled = rng.Double() < 0.12;
                        demo.Db.Add(new ProvisionSession
                        {
                            SchoolId = school.Id, ProvisionId = provision.Id, HeldOn = day, Status = cancelled ? SessionStatus.Cancelled : SessionStatus.Delivered,
                            CancelReason = cancelled ? (rng.Double() < 0.5 ? CancelReason.PupilAbsent : CancelReason.StaffAbsent) : null, Mode = ContactMode.InPerson,
                            DurationMinutes = cancelled ? 0 : 30, FocusAreas = cancelled ? "" : string.Join(", ", rng.Shuffle(Focus).Take(2)),
                            Notes = cancelled ? "" : "Talked through the week; practised a calming strategy.", NextSteps = cancelled ? "" : "Check in on Friday about the plan.",
                            RecordedById = mentor.Id, RecordedByName = mentor.FullName, RecordedAt = day.ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc),
                            Attendance = [new SessionAttendance { PupilId = p.PupilId, Present = !cancelled }],
                        });
                        demo.Count("mentoring sessions", 1);
                    }
                }
                if (mentor.Email?.StartsWith("mentor@", StringComparison.Ordinal) == true)
                {
                    var taken = pupils.Select(p => p.PupilId).ToList();
                    var waiting = await demo.Db.Pupils.Where(p => p.SchoolId == school.Id && p.OnRollTo == null && !taken.Contains(p.Id) && !demo.Db.Caseloads.Any(c => c.PupilId == p.Id) && p.Fsm)
                        .OrderBy(p => p.Id).Select(p => p.Id).Take(2).ToListAsync(ct);
                    foreach (var (id, i) in waiting.Select((id, i) => (id, i)))
                        demo.Db.Add(new WaitingListEntry { SchoolId = school.Id, MentorStaffId = mentor.Id, PupilId = id, AddedOn = demo.Today.AddDays(-10 + 4 * i),
                            Reason = i == 0 ? "Referred by form tutor: withdrawn since half-term" : "Attendance below 90%; parent asked for support" });
                }
            }
            await demo.FlushAsync(ct);
        }
    }
}
