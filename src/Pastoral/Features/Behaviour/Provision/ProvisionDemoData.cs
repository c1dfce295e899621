using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Agencies;
using Pastoral.Features.Plans;
using Pastoral.Infrastructure.Demo;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Provision;

/// <summary>
/// In the first school: an alternative provider in the directory with one Year 10 pupil placed there two days a week, a Year 9
/// pupil on a part-time timetable after a long illness (its review due this week), and a Year 10 pupil on a managed move to a
/// neighbouring school with one review meeting held and a managed-move plan in the plan engine. Synthetic names throughout.
/// </summary>
public sealed class ProvisionDemoData(PlanBook plans, PlanTypes types) : IDemoData
{
    public int Order => 60;

    public async Task AddAsync(DemoContext demo, CancellationToken ct)
    {
        if (demo.Schools.Count == 0) return;
        var db = demo.Db;
        var school = demo.Schools[0];
        var staff = await db.Users.AsNoTracking().Where(u => u.Email!.EndsWith("@" + StaffDemoData.Domain)).ToDictionaryAsync(u => u.Email!.Split('@')[0], ct);
        if (!staff.TryGetValue("head", out var head)) return;
        var lead = staff.GetValueOrDefault("hoy8") ?? head;
        var pupils = await db.Pupils.AsNoTracking().Where(p => p.SchoolId == school.Id && p.OnRollTo == null && p.YearGroup!.NcYear >= 9)
            .OrderBy(p => p.YearGroup!.NcYear).ThenBy(p => p.Id).Select(p => new { p.Id, p.YearGroup!.NcYear }).ToListAsync(ct);
        var year10 = pupils.Where(p => p.NcYear == 10).Select(p => p.Id).ToList();
        var year9 = pupils.Where(p => p.NcYear == 9).Select(p => p.Id).ToList();
        if (year10.Count < 6 || year9.Count < 6) return;
        var noon = demo.Today.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc);

        var provider = new Agency
        {
            TrustId = school.TrustId, Name = "Horizons Learning Centre", Team = "Key Stage 4 vocational programme", Kind = ProvisionBook.ProviderKind,
            Phone = "0113 496 0388", Email = "admissions@horizons.example.org", Address = "Unit 4, Demo Business Park, Sampletown, ZZ99 4ZZ",
            HowToRefer = "Referral form from the school's AP lead; a visit with the pupil and a parent before the start.",
        };
        db.Add(provider);
        await demo.FlushAsync(ct);
        db.Add(new ApPlacement
        {
            PupilId = year10[5], SchoolId = school.Id, ProviderId = provider.Id, ProviderName = $"{provider.Name} ({provider.Team})",
            Sessions = WeekSessions.Bit("tue-am") | WeekSessions.Bit("tue-pm") | WeekSessions.Bit("thu-am") | WeekSessions.Bit("thu-pm"),
            Hours = "09:30–15:00", StartOn = demo.Today.AddDays(-35), EndOn = demo.Today.AddDays(120), ContactName = "Jordan Keyworker", ContactPhone = "0113 496 0389",
            ContactEmail = "j.keyworker@horizons.example.org", AttendanceCode = "B",
            Reason = "Motor vehicle course two days a week to keep him engaged in Key Stage 4; in school the other three days.", ReviewOn = demo.Today.AddDays(7),
            WeeklyCost = 180m, RecordedAt = noon.AddDays(-40), RecordedByName = lead.FullName,
        });
        db.Add(new PartTimeTimetable
        {
            PupilId = year9[4], SchoolId = school.Id, Reason = "Returning after a long illness: mornings only for four weeks, building up on medical advice.",
            Sessions = WeekSessions.Bit("mon-am") | WeekSessions.Bit("tue-am") | WeekSessions.Bit("wed-am") | WeekSessions.Bit("thu-am") | WeekSessions.Bit("fri-am"),
            StartOn = demo.Today.AddDays(-18), ReviewOn = demo.Today.AddDays(2), EndOn = demo.Today.AddDays(10), ParentsAgreed = true,
            ParentsAgreedOn = demo.Today.AddDays(-20), ParentsAgreedBy = "Mother, at the return-to-school meeting", ReviewerId = lead.Id, ReviewerName = lead.FullName,
            RecordedAt = noon.AddDays(-20), RecordedByName = lead.FullName,
        });
        var move = new ManagedMove
        {
            PupilId = year10[4], SchoolId = school.Id, OtherSchool = "Sampletown Academy", OtherSchoolUrn = "100001", Direction = MoveDirection.Out,
            TrialStartOn = demo.Today.AddDays(-28), TrialEndOn = demo.Today.AddDays(14), Outcome = MoveOutcome.Ongoing,
            Reason = "A fresh start after repeated conflict with a group of pupils; agreed with the family and both head teachers.",
            RecordedAt = noon.AddDays(-30), RecordedByName = head.FullName,
            Reviews = [new() { PupilId = year10[4], SchoolId = school.Id, HeldOn = demo.Today.AddDays(-7), Attended = "Parent, pupil, heads of year of both schools",
                Notes = "Settling well; attendance 96%; one late homework. Continue the trial.", RecordedAt = noon.AddDays(-7), RecordedByName = lead.FullName }],
        };
        db.Add(move);
        await demo.FlushAsync(ct);
        demo.Count("alternative-provision placements", 1);
        demo.Count("part-time timetables", 1);
        demo.Count("managed moves", 1);

        await types.EnsureBuiltInAsync(ct);
        if (await CurrentStaff.LoadAsync(db, head.Id, TimeProvider.System, ct) is { } leader)
        {
            var content = new PlanContent
            {
                ["the-move"] = new() { ["receiving-school"] = new PlanValue("Sampletown Academy"), ["trial-starts"] = new PlanValue(Iso(move.TrialStartOn)), ["trial-ends"] = new PlanValue(Iso(move.TrialEndOn)) },
                ["expectations"] = new() { ["expectations"] = new PlanValue("Full attendance, the receiving school's behaviour policy, homework in on time.") },
                ["support-from-both-schools"] = new() { ["support-from-both-schools"] = new PlanValue("A mentor at the new school; weekly call from his head of year here.") },
            };
            await plans.CreateAsync(leader, move.PupilId, "managed-move-plan", new PlanDraft("Managed move: Sampletown Academy", demo.Today.AddDays(14), lead.Id, content, PlanStatus.Active), ct);
        }
        db.ChangeTracker.Clear();
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
