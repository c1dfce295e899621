using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Interventions;
using Pastoral.Features.Mentoring.Reports;
using Pastoral.Infrastructure.Demo;
using Pastoral.Security;

namespace Pastoral.Features.Mentoring.Goals;

/// <summary>
/// Goals rated over the term and step-down milestones for the first caseload pupils of the demo mentors ("mentor", "hoy8"), an entry
/// and a review score where their enrolments exist already, and two half-termly reports: one sent home, one still a draft. Synthetic only.
/// </summary>
public sealed class MentoringDemoData(FamilyReportDrafting reports) : IDemoData
{
    public int Order => 86;

    private static readonly (string What, string Measure)[] Targets =
    [
        ("Arrive on time and come to the mentor's room for a check-in every morning", "Check-ins kept each week, from the daily log"),
        ("Use a calm-down strategy from the Zones of Regulation when upset instead of leaving the lesson", "Times out of lessons each week, from the behaviour log"),
        ("Put a hand up to answer or ask a question at least once in every maths lesson", "The maths teacher's weekly tally"),
        ("Eat lunch in the canteen with a friend three days a week", "The pupil's own diary, checked in the weekly session"),
    ];

    public async Task AddAsync(DemoContext demo, CancellationToken ct)
    {
        var db = demo.Db;
        var mentors = await db.Users.AsNoTracking().Where(u => u.Email == $"mentor@{StaffDemoData.Domain}" || u.Email == $"hoy8@{StaffDemoData.Domain}")
            .Select(u => new { u.Id, u.FullName }).ToListAsync(ct);
        var today = demo.Today;
        var start = today.AddDays(-70);
        var reportPupils = new List<(Guid By, string Name, int Pupil)>();
        foreach (var mentor in mentors)
        {
            var pupils = await db.Caseloads.AsNoTracking().Where(c => c.StaffId == mentor.Id && c.To == null).OrderBy(c => c.PupilId).Select(c => c.PupilId).Take(4).ToListAsync(ct);
            var school = await db.Pupils.Where(p => pupils.Contains(p.Id)).Select(p => p.SchoolId).FirstOrDefaultAsync(ct);
            for (var n = 0; n < pupils.Count; n++)
            {
                var (what, measure) = Targets[n % Targets.Length];
                // Every other goal was set at the pupil's first session (as the goal form would record it); none delivered with them there: "other".
                var session = n % 2 == 0 ? null : await FirstSessionAsync(db, pupils[n], ct);
                var set = session?.HeldOn ?? start;
                var goal = new Goal
                {
                    PupilId = pupils[n], SchoolId = school, What = what, Measure = measure, ByDate = today.AddDays(30 + 7 * n),
                    Source = session is null ? GoalSource.Other : GoalSource.Session, SessionId = session?.Id,
                    SourceText = session is null ? "agreed with the pupil and parents at the start of mentoring" : GoalBook.SessionSource(session.HeldOn, session.Provision),
                    CreatedById = mentor.Id, CreatedByName = mentor.FullName, CreatedAt = set.ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc),
                    Status = n == 3 ? GoalStatus.Achieved : GoalStatus.Open,
                };
                // Some rise steadily, one stalls: a mentor sees at a glance which goal needs a new plan. Rated fortnightly from the day it was set.
                for (var week = 0; week <= 10 && set.AddDays(week * 7) < today; week += 2)
                {
                    var rating = n == 2 ? Math.Min(4, 2 + week / 4) : Math.Min(10, 2 + week * (n + 2) / 3);
                    goal.Ratings.Add(new GoalRating { PupilId = pupils[n], RatedOn = set.AddDays(week * 7), Rating = rating, ByName = mentor.FullName,
                        Note = rating >= 8 ? "Nearly every day now." : rating >= 5 ? "Good progress this fortnight." : "Still finding this hard.", At = set.AddDays(week * 7).ToDateTime(new TimeOnly(15, 0), DateTimeKind.Utc) });
                }
                if (goal.Status == GoalStatus.Achieved) (goal.ClosedOn, goal.ClosedAt, goal.ClosedByName) = (today.AddDays(-3), today.AddDays(-3).ToDateTime(new TimeOnly(15, 0), DateTimeKind.Utc), mentor.FullName);
                db.Add(goal);
                if (n < 2)
                {
                    db.Add(new StepDownMilestone { PupilId = pupils[n], Stage = StepDownStage.OneToOne, ReachedOn = start, Note = "Started 1:1 mentoring.", ByName = mentor.FullName, At = start.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc) });
                    db.Add(new StepDownMilestone { PupilId = pupils[n], Stage = StepDownStage.SmallGroup, ReachedOn = start.AddDays(42), Note = "Joined the Tuesday social skills group.", ByName = mentor.FullName, At = start.AddDays(42).ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc) });
                    if (n == 0) db.Add(new StepDownMilestone { PupilId = pupils[n], Stage = StepDownStage.ClassLearning, ReachedOn = today.AddDays(-7), Note = "Back in all lessons with a daily check-in.", ByName = mentor.FullName, At = today.AddDays(-7).ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc) });
                }
                demo.Count("mentoring goals", 1);
            }
            await AddScoresAsync(demo, pupils, mentor.FullName, ct);
            if (pupils.Count > 0) reportPupils.Add((mentor.Id, mentor.FullName, pupils[0]));
            await demo.FlushAsync(ct);
        }
        await AddReportsAsync(demo, reportPupils, ct);
    }

    private sealed record FirstSession(int Id, DateOnly HeldOn, string Provision);

    /// <summary>The first delivered session the pupil was present at (any provision); null when there is none.</summary>
    private static Task<FirstSession?> FirstSessionAsync(Data.PastoralDbContext db, int pupilId, CancellationToken ct) =>
        db.Set<SessionAttendance>().AsNoTracking().Where(a => a.PupilId == pupilId && a.Present && a.Session!.Status == SessionStatus.Delivered)
            .OrderBy(a => a.Session!.HeldOn).ThenBy(a => a.SessionId)
            .Select(a => new FirstSession(a.SessionId, a.Session!.HeldOn, a.Session.Provision!.Name)).FirstOrDefaultAsync(ct);

    /// <summary>Entry and review scores on the wellbeing self-rating for enrolments that exist by now (another part of the demo adds them; none: nothing).</summary>
    private static async Task AddScoresAsync(DemoContext demo, List<int> pupils, string by, CancellationToken ct)
    {
        var enrolments = await demo.Db.Set<Enrolment>().AsNoTracking().Where(e => pupils.Contains(e.PupilId)).Select(e => new { e.Id, e.PupilId, e.StartOn, e.Provision!.SchoolId }).ToListAsync(ct);
        foreach (var e in enrolments)
        {
            var measure = await demo.Db.Set<OutcomeMeasure>().Where(m => m.SchoolId == e.SchoolId && m.Name == "Wellbeing self-rating").Select(m => (int?)m.Id).FirstOrDefaultAsync(ct);
            if (measure is null || await demo.Db.Set<MeasureScore>().AnyAsync(s => s.EnrolmentId == e.Id && s.MeasureId == measure, ct)) continue;
            demo.Db.Add(new MeasureScore { MeasureId = measure.Value, PupilId = e.PupilId, EnrolmentId = e.Id, Point = MeasurePoint.Entry, TakenOn = e.StartOn, Value = 4, RecordedByName = by, RecordedAt = e.StartOn.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc) });
            if (e.StartOn.AddDays(42) <= demo.Today)
                demo.Db.Add(new MeasureScore { MeasureId = measure.Value, PupilId = e.PupilId, EnrolmentId = e.Id, Point = MeasurePoint.Review, TakenOn = e.StartOn.AddDays(42), Value = 6, RecordedByName = by, RecordedAt = e.StartOn.AddDays(42).ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc) });
            demo.Count("outcome scores", 1);
        }
    }

    /// <summary>The first mentor's first pupil: a report finished and e-mailed home; the second mentor's: a draft still to finish.</summary>
    private async Task AddReportsAsync(DemoContext demo, List<(Guid By, string Name, int Pupil)> pupils, CancellationToken ct)
    {
        for (var i = 0; i < pupils.Count && i < 2; i++)
        {
            var pupil = await demo.Db.Pupils.AsNoTracking().SingleAsync(p => p.Id == pupils[i].Pupil, ct);
            var (report, _) = await reports.DraftForAsync(pupils[i].By, pupils[i].Name, pupil, ct);
            if (report is null || i > 0) continue;
            var contact = await demo.Db.Set<Pupils.PupilContact>().AsNoTracking().Where(c => c.PupilId == pupil.Id && c.ParentalResponsibility)
                .OrderBy(c => c.Priority).FirstOrDefaultAsync(ct);
            var at = demo.Today.AddDays(-1).ToDateTime(new TimeOnly(16, 0), DateTimeKind.Utc);
            (report.Status, report.FinishedByName, report.FinishedAt, report.SentByName, report.SentAt, report.SentTo) =
                (FamilyReportStatus.Sent, pupils[i].Name, at, pupils[i].Name, at, contact is null ? "Printed to send home" : $"{contact.DisplayName} ({contact.Relationship})");
            demo.Db.ChangeTracker.DetectChanges(); // the generator turns automatic detection off
            await demo.Db.SaveChangesAsync(ct);
            demo.Count("family reports", 1);
        }
        demo.Db.ChangeTracker.Clear();
    }
}
