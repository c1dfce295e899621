using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Attendance;
using Pastoral.Features.Attendance.Overview;
using Pastoral.Features.Behaviour;
using Pastoral.Features.Behaviour.Patterns;
using Pastoral.Features.Interventions;
using Pastoral.Features.Mentoring.Goals;
using Pastoral.Features.Rewards;

namespace Pastoral.Features.Mentoring.Reports;

public sealed record ReportGoal(string What, int? Rating, GoalStatus Status);

/// <summary>What a report is drafted from: only ordinary records, and only about this pupil.</summary>
public sealed record ReportFacts(string Forename, HalfTerm This, HalfTerm? Last, decimal? Attendance, decimal? LastAttendance, int PositivePoints,
    int PositiveCount, int Awards, int SessionsAttended, int SessionsHeld, IReadOnlyList<ReportGoal> Goals, IReadOnlyList<string> NextSteps);

public sealed record ReportText(string Attendance, string Recognition, string Sessions, string Goals, string NextSteps, string Closing);

/// <summary>
/// Drafts a half-termly report from the data, in plain, kind words addressed to the family. It reads attendance (the shared
/// statistics), the pupil's own positive points and rewards, their attendance at sessions, their goals, and the next steps of their
/// 1:1 sessions only (a group session's words may name other children). Nothing restricted is read at all: no concern, no CP/CIN or
/// care status, no incident description, no negative behaviour.
/// </summary>
public sealed class FamilyReportDrafter(PastoralDbContext db, AttendanceStatistics attendance, BehaviourPoints points)
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>The half-term holding <paramref name="today"/> (cut to today) and the one before, from the school's calendar.</summary>
    public async Task<(HalfTerm? Last, HalfTerm? This)> HalfTermsAsync(int schoolId, DateOnly today, CancellationToken ct)
    {
        var years = await db.AcademicYears.AsNoTracking().Where(y => y.SchoolId == schoolId).Include(y => y.Terms).ToListAsync(ct);
        return RisingNegatives.AroundToday(RisingNegatives.HalfTerms(years), today);
    }

    /// <summary>The caller has found the pupil through VisibleTo (or is the batch acting for a mentor whose caseload holds them).</summary>
    public async Task<ReportFacts> FactsAsync(int pupilId, string forename, HalfTerm now, HalfTerm? last, CancellationToken ct)
    {
        var here = await attendance.ForPupilAsync(pupilId, now.From, now.To, ct);
        var before = last is null ? null : await attendance.ForPupilAsync(pupilId, last.From, last.To, ct);
        var pts = await points.ForPupilAsync(pupilId, now.From, now.To, ct);
        var awards = await db.Set<RewardAward>().CountAsync(a => a.PupilId == pupilId && a.AwardedOn >= now.From && a.AwardedOn <= now.To, ct);
        var sessions = await db.Set<SessionAttendance>().AsNoTracking()
            .Where(a => a.PupilId == pupilId && a.Session!.Status == SessionStatus.Delivered && a.Session.HeldOn >= now.From && a.Session.HeldOn <= now.To)
            .GroupBy(a => 1).Select(g => new { Held = g.Count(), Present = g.Count(a => a.Present) }).FirstOrDefaultAsync(ct);
        var goals = await db.Set<Goal>().AsNoTracking().Where(g => g.PupilId == pupilId && (g.Status == GoalStatus.Open || g.ClosedOn >= now.From))
            .OrderBy(g => g.ByDate).Select(g => new ReportGoal(g.What, g.Ratings.OrderByDescending(r => r.RatedOn).ThenByDescending(r => r.Id).Select(r => (int?)r.Rating).FirstOrDefault(), g.Status))
            .Take(6).ToListAsync(ct);
        var steps = await db.Set<SessionAttendance>().AsNoTracking()
            .Where(a => a.PupilId == pupilId && a.Present && a.Session!.Provision!.Kind == ProvisionKind.OneToOne && a.Session.NextSteps != "" && a.Session.HeldOn <= now.To)
            .OrderByDescending(a => a.Session!.HeldOn).Select(a => a.Session!.NextSteps).Take(2).ToListAsync(ct);
        return new ReportFacts(forename, now, last, here.AttendancePercent, before?.AttendancePercent, pts.Positive, pts.PositiveCount, awards,
            sessions?.Present ?? 0, sessions?.Held ?? 0, goals, steps);
    }

    public static string Percent(decimal p) => p.ToString("0.#", English) + "%";

    /// <summary>The words of the report. Plain, warm, addressed to the family, about the pupil only.</summary>
    public static ReportText Compose(ReportFacts f)
    {
        var name = f.Forename;
        string attendanceText;
        if (f.Attendance is not { } a) attendanceText = $"We do not have attendance figures for {name} for this half-term yet.";
        else
        {
            attendanceText = $"{name}'s attendance this half-term is {Percent(a)}.";
            if (f.LastAttendance is { } b)
            {
                var diff = a - b;
                attendanceText += diff >= 1 ? $" That is up from {Percent(b)} last half-term: thank you for your support with this."
                    : diff <= -1 ? $" Last half-term it was {Percent(b)}. Every day in school helps, and we would be glad to talk about anything that makes mornings hard."
                    : $" That is about the same as last half-term ({Percent(b)}).";
            }
            if (a >= 96) attendanceText += $" This is excellent, well done {name}.";
        }
        var praise = new List<string>();
        if (f.PositiveCount > 0) praise.Add($"{name} was recognised by staff {Times(f.PositiveCount)} for good work and positive behaviour, earning {f.PositivePoints} achievement {(f.PositivePoints == 1 ? "point" : "points")}");
        if (f.Awards > 0) praise.Add($"received {(f.Awards == 1 ? "a praise postcard or certificate" : $"{f.Awards} praise postcards or certificates")}");
        var recognition = praise.Count == 0 ? $"We look forward to celebrating {name}'s successes next half-term."
            : string.Join(" and ", praise) + ". We are proud of them.";
        var sessions = f.SessionsHeld == 0 ? $"{name} had no mentoring or group sessions recorded this half-term."
            : $"{name} came to {f.SessionsAttended} of {f.SessionsHeld} mentoring and support {(f.SessionsHeld == 1 ? "session" : "sessions")} this half-term.";
        var goals = f.Goals.Count == 0 ? $"{name} has no goals set with us at the moment."
            : string.Join("\n", f.Goals.Select(g => $"• {g.What}: " + (g.Status == GoalStatus.Achieved ? "achieved, well done!"
                : g.Rating is { } r ? $"{Progress(r)} ({r} out of 10)." : "just started.")));
        var next = f.NextSteps.Select(s => s.Trim()).Where(s => s.Length > 0).Select(s => "• " + s).ToList();
        next.AddRange(f.Goals.Where(g => g.Status == GoalStatus.Open).Take(3).Select(g => $"• Keep working towards: {g.What}"));
        var nextSteps = next.Count == 0 ? $"We will keep meeting with {name} and let you know how things go." : string.Join("\n", next.Distinct());
        var closing = $"Thank you for your support. If you would like to talk about {name}'s progress, please contact the school.";
        return new ReportText(attendanceText, recognition, sessions, goals, nextSteps, closing);
    }

    private static string Times(int n) => n switch { 1 => "once", 2 => "twice", _ => $"{n} times" };

    private static string Progress(int rating) => rating switch
    {
        >= 8 => "nearly there", >= 5 => "making good progress", >= 3 => "making a start", _ => "early days",
    };
}
