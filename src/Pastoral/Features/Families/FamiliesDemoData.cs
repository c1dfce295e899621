using Microsoft.EntityFrameworkCore;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Demo;
using Pastoral.Security;

namespace Pastoral.Features.Families;

/// <summary>
/// A term of family contact in the first school (about a third of pupils, more for pupils on a mentor's caseload, mostly phone
/// calls; a quarter with a follow-up, most past ones done), a few past home visits with check-in and out and their outcome, and
/// one visit planned for this afternoon.
/// </summary>
public sealed class FamiliesDemoData : IDemoData
{
    public int Order => 60;

    private static readonly (ContactKind Kind, int Weight)[] Kinds =
        [(ContactKind.PhoneCall, 55), (ContactKind.Email, 20), (ContactKind.Letter, 7), (ContactKind.Meeting, 11), (ContactKind.ParentsEvening, 7)];
    private static readonly string[] Purposes =
        ["Attendance", "Punctuality", "Praise: good week", "Behaviour in lessons", "Homework", "Uniform", "Wellbeing check-in", "Friendship worries", "Medical update", "SEN support review"];
    private static readonly string[] Outcomes =
        ["Parent agreed to talk to them at home", "Parent will bring them in on time", "Message left: will call back", "Agreed a meeting next week",
         "Parent thanked school for the update", "Parent raised a worry about friendships: passed to head of year", "No answer: second attempt tomorrow"];

    public async Task AddAsync(DemoContext demo, CancellationToken ct)
    {
        if (demo.Schools.Count == 0) return;
        var school = demo.Schools[0];
        var db = demo.Db;
        var f = demo.Faker;
        string[] locals = ["mentor", "hoy7", "hoy8", "teacher", "teacher79", "senco", "dsl"];
        var staff = (await db.Users.AsNoTracking().Where(u => u.Email!.EndsWith("@" + StaffDemoData.Domain)).Select(u => new { u.Id, u.FullName, u.Email }).ToListAsync(ct))
            .Select(u => new { u.Id, u.FullName, Local = u.Email![..u.Email!.IndexOf('@')] }).Where(u => locals.Contains(u.Local)).ToList();
        if (staff.Count == 0) return;
        var caseload = await db.Caseloads.AsNoTracking().Select(c => c.PupilId).Distinct().ToListAsync(ct);
        var pupils = await db.Pupils.AsNoTracking().Where(p => p.SchoolId == school.Id).Include(p => p.Contacts).OrderBy(p => p.Id).ToListAsync(ct);
        var now = DateTime.SpecifyKind(demo.Today.ToDateTime(new TimeOnly(12, 0)), DateTimeKind.Utc);
        var contacts = 0;
        foreach (var pupil in pupils)
        {
            var onCaseload = caseload.Contains(pupil.Id);
            if (!onCaseload && !f.Random.Bool(0.33f)) continue;
            var count = onCaseload ? f.Random.Int(3, 7) : f.Random.Int(1, 3);
            for (var i = 0; i < count; i++)
            {
                var who = pupil.Contacts.Count > 0 && f.Random.Bool(0.92f) ? f.PickRandom(pupil.Contacts) : null;
                var at = LocalInSchoolHours(f, demo.Today.AddDays(-f.Random.Int(0, 84)));
                if (at > now) at = now.AddHours(-f.Random.Int(1, 48));
                var by = onCaseload && f.Random.Bool(0.6f) ? staff.FirstOrDefault(s => s.Local == "mentor") ?? f.PickRandom(staff) : f.PickRandom(staff);
                DateOnly? followUp = f.Random.Bool(0.25f) ? DateOnly.FromDateTime(at).AddDays(f.Random.Int(2, 14)) : null;
                db.Add(new FamilyContact
                {
                    PupilId = pupil.Id, Kind = f.Random.WeightedRandom(Kinds.Select(k => k.Kind).ToArray(), Kinds.Select(k => k.Weight / 100f).ToArray()),
                    Direction = f.Random.Bool(0.7f) ? ContactDirection.ToHome : ContactDirection.FromHome,
                    PupilContactId = who?.Id, WithName = who?.DisplayName ?? f.Name.FullName(), WithRelationship = who?.Relationship ?? "Grandparent",
                    At = at, Purpose = f.PickRandom(Purposes), Summary = f.Random.Bool(0.8f) ? f.Lorem.Sentence(12) : null,
                    Outcome = f.PickRandom(Outcomes), FollowUpOn = followUp,
                    FollowUpDone = followUp is { } d && d < demo.Today && f.Random.Bool(0.7f), StaffId = by.Id, StaffName = by.FullName,
                });
                contacts++;
            }
            if (contacts % 500 == 0) await demo.FlushAsync(ct);
        }
        await demo.FlushAsync(ct);
        demo.Count("family contacts", contacts);
        demo.Count("home visits", await AddVisitsAsync(demo, pupils.Where(p => p.HomeAddress is not null && caseload.Contains(p.Id)).Take(5).ToList(),
            staff.Select(s => (s.Id, s.FullName, s.Local)).ToList(), ct));
    }

    private static async Task<int> AddVisitsAsync(DemoContext demo, List<Pupils.Pupil> pupils, List<(Guid Id, string Name, string Local)> staff, CancellationToken ct)
    {
        var mentor = staff.FirstOrDefault(s => s.Local == "mentor");
        var partner = staff.FirstOrDefault(s => s.Local == "hoy8");
        if (mentor == default || partner == default) return 0;
        for (var i = 0; i < pupils.Count; i++)
        {
            var pupil = pupils[i];
            var today = i == pupils.Count - 1;
            var day = today ? demo.Today : demo.Today.AddDays(-7 * (i + 1) - 1);
            var start = TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(today ? 14 : 15, 30)), SchoolClock.London);
            var visit = new HomeVisit
            {
                PupilId = pupil.Id, SchoolId = pupil.SchoolId, PlannedStart = start, ExpectedEnd = start.AddMinutes(45), Address = pupil.HomeAddress!,
                AddressOf = "Pupil's home", Purpose = today ? "Attendance: agree a plan for mornings" : "Catch up with mum about attendance and wellbeing",
                PlannedById = mentor.Id, PlannedByName = mentor.Name, PlannedAt = start.AddDays(-3),
                Visitors = [new HomeVisitor { PupilId = pupil.Id, StaffId = mentor.Id, StaffName = mentor.Name }, new HomeVisitor { PupilId = pupil.Id, StaffId = partner.Id, StaffName = partner.Name }],
            };
            if (!today)
            {
                visit.CheckedInAt = start.AddMinutes(4);
                visit.CheckedInByName = mentor.Name;
                visit.CheckedOutAt = start.AddMinutes(52);
                visit.CheckedOutByName = mentor.Name;
            }
            demo.Db.Add(visit);
            await demo.Db.SaveChangesAsync(ct);
            if (!today && pupil.Contacts.OrderBy(c => c.Priority).FirstOrDefault() is { } parent)
                demo.Db.Add(new FamilyContact
                {
                    PupilId = pupil.Id, Kind = ContactKind.HomeVisit, Direction = ContactDirection.ToHome, PupilContactId = parent.Id,
                    WithName = parent.DisplayName, WithRelationship = parent.Relationship, At = start, Purpose = visit.Purpose,
                    Summary = "Talked through mornings and the walk to school; they want to try the breakfast club.",
                    Outcome = "Agreed breakfast club for four weeks; review by phone", FollowUpOn = day.AddDays(14), FollowUpDone = i > 1,
                    StaffId = mentor.Id, StaffName = mentor.Name, HomeVisitId = visit.Id,
                });
        }
        await demo.FlushAsync(ct);
        return pupils.Count;
    }

    /// <summary>A school-day time (08:30–16:30, local) on the day, as UTC.</summary>
    private static DateTime LocalInSchoolHours(Bogus.Faker f, DateOnly day)
    {
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) day = day.AddDays(-1);
        return TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(8, 30).AddMinutes(f.Random.Int(0, 480))), SchoolClock.London);
    }
}
