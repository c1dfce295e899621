using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Behaviour.Detentions;
using Pastoral.Features.Interventions;
using Pastoral.Features.Plans;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Charts;
using Pastoral.Security;

namespace Pastoral.Features.Mentoring.Goals;

public sealed record GoalRatingView(int Id, DateOnly RatedOn, int Rating, string Note, string ByName);

public sealed record GoalView(int Id, string What, string Measure, DateOnly ByDate, string Source, GoalStatus Status, DateOnly? ClosedOn, int Version,
    IReadOnlyList<GoalRatingView> Ratings)
{
    public int? Latest => Ratings.Count == 0 ? null : Ratings[^1].Rating;

    /// <summary>The goal's ratings over time, for the shared chart (with its table of numbers).</summary>
    public ChartData Chart => new($"goal-{Id}-chart", $"Progress on: {What}", [.. Ratings.Select(r => r.RatedOn.ToString("d MMM", CultureInfo.InvariantCulture))],
        [new ChartSeries("Rating (0 to 10)", [.. Ratings.Select(r => (double)r.Rating)])], "line") { LabelHeading = "Rated on" };
}

public sealed record MilestoneView(int Id, StepDownStage Stage, DateOnly ReachedOn, string Note, string ByName);

public sealed record EnrolmentView(int Id, string Provision, string Intervention, DateOnly StartOn, DateOnly? EndOn);

public sealed record ScoreView(int EnrolmentId, string Measure, MeasurePoint Point, DateOnly TakenOn, double Value, double Min, double Max);

public sealed record PupilMentoring(IReadOnlyList<EnrolmentView> Enrolments, IReadOnlyList<GoalView> Goals, IReadOnlyList<MilestoneView> Milestones, IReadOnlyList<ScoreView> Scores);

/// <summary>A delivered session the pupil was at, for the "from a session" choice: no notes, only when and which provision.</summary>
public sealed record SessionChoice(int Id, DateOnly HeldOn, string Provision, string Intervention)
{
    public string Words => $"{DetentionBook.Day(HeldOn)}: {Provision}{(Provision.Contains(Intervention, StringComparison.OrdinalIgnoreCase) ? "" : $" ({Intervention})")}";
}

/// <summary>A pupil who was at a session, for "Set a goal from this session" (<see cref="Interventions.Provisions.SessionLog.PresentAtAsync"/>).</summary>
public sealed record SessionPupil(int Id, string Name);

/// <summary>The model of <c>_GoalFromSession</c>: a delivered session and the pupils present whom the viewer sees (<paramref name="InAlert"/>: links styled for a confirmation banner).</summary>
public sealed record GoalFromSession(int SessionId, DateOnly HeldOn, IReadOnlyList<SessionPupil> Pupils, bool InAlert = false);

public sealed record GoalInput(string? What, string? Measure, string? ByDate, string? Source, int? Plan, string? Outcome, int? Session, string? Other);

/// <summary>A pupil's goals, ratings and step-down milestones: read and written here (the caller found the pupil through VisibleTo).</summary>
public sealed class GoalBook(PastoralDbContext db, SchoolClock clock)
{
    public const string DateFormat = "yyyy-MM-dd";

    /// <summary>How many of the pupil's sessions the "from a session" choice lists, newest first.</summary>
    public const int SessionsOffered = 10;

    public async Task<PupilMentoring> ForPupilAsync(StaffContext staff, int pupilId, CancellationToken ct)
    {
        var enrolments = await db.Set<Enrolment>().AsNoTracking().VisibleTo(staff, db).Where(e => e.PupilId == pupilId).OrderByDescending(e => e.StartOn)
            .Select(e => new EnrolmentView(e.Id, e.Provision!.Name, e.Provision.Intervention!.Name, e.StartOn, e.EndOn)).ToListAsync(ct);
        var goals = await db.Set<Goal>().AsNoTracking().VisibleTo(staff, db).Where(g => g.PupilId == pupilId)
            .OrderBy(g => g.Status).ThenBy(g => g.ByDate).Include(g => g.Ratings).ToListAsync(ct);
        var milestones = await db.Set<StepDownMilestone>().AsNoTracking().VisibleTo(staff, db).Where(m => m.PupilId == pupilId).OrderBy(m => m.ReachedOn)
            .Select(m => new MilestoneView(m.Id, m.Stage, m.ReachedOn, m.Note, m.ByName)).ToListAsync(ct);
        var scores = await db.Set<MeasureScore>().AsNoTracking().VisibleTo(staff, db).Where(s => s.PupilId == pupilId).OrderBy(s => s.TakenOn)
            .Select(s => new ScoreView(s.EnrolmentId, s.Measure!.Name, s.Point, s.TakenOn, s.Value, s.Measure.Min, s.Measure.Max)).ToListAsync(ct);
        return new PupilMentoring(enrolments, [.. goals.Select(View)], milestones, scores);
    }

    private static GoalView View(Goal g) => new(g.Id, g.What, g.Measure, g.ByDate, GoalWords.From(g.Source, g.SourceText, g.SessionId is not null), g.Status, g.ClosedOn, g.Version,
        [.. g.Ratings.OrderBy(r => r.RatedOn).ThenBy(r => r.Id).Select(r => new GoalRatingView(r.Id, r.RatedOn, r.Rating, r.Note, r.ByName))]);

    /// <summary>The pupil's plans (any type) and the outcomes written in their EHCP outcomes plans, for the "where it came from" choice.</summary>
    public async Task<(IReadOnlyList<(int Id, string Title)> Plans, IReadOnlyList<(int PlanId, string Outcome)> Outcomes)> SourcesAsync(StaffContext staff, int pupilId, CancellationToken ct)
    {
        var plans = await db.Set<Plan>().AsNoTracking().VisibleTo(staff, db).Where(p => p.PupilId == pupilId && p.Status != PlanStatus.Archived)
            .Select(p => new { p.Id, p.Title, Type = p.Type!.Name, p.Type.Key, p.ContentJson }).ToListAsync(ct);
        var outcomes = plans.Where(p => p.Key == "ehcp-outcomes")
            .SelectMany(p => PlanContent.Parse(p.ContentJson).Get("outcomes", "outcomes")?.Rows?.Select(r => (p.Id, r.GetValueOrDefault("outcome") ?? "")) ?? [])
            .Where(o => o.Item2.Length > 0).ToList();
        return ([.. plans.Select(p => (p.Id, $"{p.Type}: {p.Title}"))], outcomes);
    }

    /// <summary>
    /// The delivered sessions the pupil was present at, newest first (the last <see cref="SessionsOffered"/>), and <paramref name="include"/>
    /// too when it is an older one of theirs (a link from an older session). Cancelled sessions and ones they missed are not offered.
    /// </summary>
    public async Task<IReadOnlyList<SessionChoice>> SessionsAsync(StaffContext staff, int pupilId, int? include, CancellationToken ct)
    {
        var attended = Attended(staff, pupilId);
        static IQueryable<SessionChoice> Choices(IQueryable<SessionAttendance> rows) =>
            rows.Select(a => new SessionChoice(a.SessionId, a.Session!.HeldOn, a.Session.Provision!.Name, a.Session.Provision.Intervention!.Name));
        var recent = await Choices(attended.OrderByDescending(a => a.Session!.HeldOn).ThenByDescending(a => a.SessionId).Take(SessionsOffered)).ToListAsync(ct);
        if (include is { } id && recent.All(r => r.Id != id))
            recent.AddRange(await Choices(attended.Where(a => a.SessionId == id)).ToListAsync(ct));
        return recent;
    }

    private IQueryable<SessionAttendance> Attended(StaffContext staff, int pupilId) => db.Set<SessionAttendance>().AsNoTracking().VisibleTo(staff, db)
        .Where(a => a.PupilId == pupilId && a.Present && a.Session!.Status == SessionStatus.Delivered);

    public async Task<(int? Id, List<(string Field, string Message)> Problems)> CreateAsync(StaffContext staff, int pupilId, int schoolId, GoalInput input, CancellationToken ct)
    {
        var problems = new List<(string, string)>();
        var what = input.What?.Trim() ?? "";
        var measure = input.Measure?.Trim() ?? "";
        if (what.Length == 0) problems.Add(("What", "Enter the goal: what the pupil will do"));
        else if (what.Length > Goal.WhatMax) problems.Add(("What", $"The goal can be at most {Goal.WhatMax} characters"));
        if (measure.Length == 0) problems.Add(("Measure", "Enter how progress will be measured"));
        else if (measure.Length > Goal.MeasureMax) problems.Add(("Measure", $"How it is measured can be at most {Goal.MeasureMax} characters"));
        if (!DateOnly.TryParseExact(input.ByDate?.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var by))
            problems.Add(("ByDate", "Enter the date it should be achieved by as year-month-day"));
        else if (by < clock.Today()) problems.Add(("ByDate", "The date it should be achieved by cannot be in the past"));
        var goal = new Goal { PupilId = pupilId, SchoolId = schoolId, What = what, Measure = measure, ByDate = by, CreatedById = staff.UserId, CreatedByName = staff.Name, CreatedAt = clock.UtcNow };
        var (plans, outcomes) = await SourcesAsync(staff, pupilId, ct);
        switch (input.Source?.Trim().ToLowerInvariant())
        {
            case "plan":
                goal.Source = GoalSource.Plan;
                if (plans.All(p => p.Id != input.Plan)) problems.Add(("Plan", "Choose one of the pupil's plans"));
                goal.PlanId = input.Plan;
                break;
            case "ehcpoutcome" or "ehcp-outcome" or "ehcp":
                goal.Source = GoalSource.EhcpOutcome;
                var parts = input.Outcome?.Split(':', 2);
                if (parts is not [var pid, var text] || !int.TryParse(pid, out var planId) || !outcomes.Any(o => o.PlanId == planId && o.Outcome == text))
                    problems.Add(("Outcome", "Choose one of the outcomes in the pupil's EHCP"));
                else (goal.PlanId, goal.SourceText) = (planId, Clip(text));
                break;
            case "session":
                goal.Source = GoalSource.Session;
                // Only a delivered session this pupil was present at: another pupil's, one they missed, a cancelled one or an unknown id is refused.
                var held = input.Session is { } sid ? await Attended(staff, pupilId).Where(a => a.SessionId == sid)
                    .Select(a => new { a.Session!.HeldOn, Provision = a.Session.Provision!.Name }).FirstOrDefaultAsync(ct) : null;
                if (held is null) problems.Add(("Session", "Choose one of the sessions the pupil was at: the session given is not one they attended"));
                else (goal.SessionId, goal.SourceText) = (input.Session, SessionSource(held.HeldOn, held.Provision));
                break;
            case "other":
                goal.Source = GoalSource.Other;
                var other = input.Other?.Trim() ?? "";
                if (other.Length > Goal.SourceTextMax) problems.Add(("Other", $"Where it came from can be at most {Goal.SourceTextMax} characters"));
                goal.SourceText = other.Length == 0 ? null : other;
                break;
            default:
                problems.Add(("Source", "Choose where the goal came from"));
                break;
        }
        if (problems.Count > 0) return (null, problems);
        db.Add(goal);
        await db.SaveChangesAsync(ct);
        return (goal.Id, problems);
    }

    /// <summary>How a goal from a session records where it came from ("Wed 14 Oct 2026 (Lego Therapy)").</summary>
    public static string SessionSource(DateOnly heldOn, string provision) => Clip($"{DetentionBook.Day(heldOn)} ({provision})");

    private static string Clip(string text) => text.Length > Goal.SourceTextMax ? text[..Goal.SourceTextMax] : text;

    public async Task<List<(string Field, string Message)>?> RateAsync(StaffContext staff, int pupilId, int goalId, string? rating, string? note, string? on, CancellationToken ct)
    {
        var goal = await db.Set<Goal>().VisibleTo(staff, db).FirstOrDefaultAsync(g => g.Id == goalId && g.PupilId == pupilId, ct);
        if (goal is null) return null;
        var problems = new List<(string, string)>();
        if (!int.TryParse(rating?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < GoalRating.Min || value > GoalRating.Max)
            problems.Add(($"Rating-{goalId}", $"Enter a rating from {GoalRating.Min} to {GoalRating.Max}"));
        var text = note?.Trim() ?? "";
        if (text.Length > GoalRating.NoteMax) problems.Add(($"Note-{goalId}", $"The note can be at most {GoalRating.NoteMax} characters"));
        var day = clock.Today();
        if (!string.IsNullOrWhiteSpace(on) && !DateOnly.TryParseExact(on.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
            problems.Add(($"On-{goalId}", "Enter the date as year-month-day"));
        else if (day > clock.Today()) problems.Add(($"On-{goalId}", "The date of a rating cannot be in the future"));
        if (goal.Status != GoalStatus.Open) problems.Add(($"Rating-{goalId}", "This goal is closed, so it is no longer rated"));
        if (problems.Count > 0) return problems;
        db.Add(new GoalRating { GoalId = goalId, PupilId = pupilId, RatedOn = day, Rating = value, Note = text, ByName = staff.Name, At = clock.UtcNow });
        await db.SaveChangesAsync(ct);
        return [];
    }

    /// <summary>Achieved or closed; a stale version is a conflict (null problems and false): someone else changed the goal first.</summary>
    public async Task<(bool Found, bool Conflict, List<(string Field, string Message)> Problems)> CloseAsync(StaffContext staff, int pupilId, int goalId, int version, bool achieved, CancellationToken ct)
    {
        var goal = await db.Set<Goal>().VisibleTo(staff, db).FirstOrDefaultAsync(g => g.Id == goalId && g.PupilId == pupilId, ct);
        if (goal is null) return (false, false, []);
        if (goal.Version != version) return (true, true, []);
        if (goal.Status != GoalStatus.Open) return (true, false, [($"Rating-{goalId}", "This goal is already closed")]);
        (goal.Status, goal.ClosedOn, goal.ClosedAt, goal.ClosedByName) = (achieved ? GoalStatus.Achieved : GoalStatus.Closed, clock.Today(), clock.UtcNow, staff.Name);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { return (true, true, []); }
        return (true, false, []);
    }

    public async Task<List<(string Field, string Message)>> MilestoneAsync(StaffContext staff, int pupilId, string? stage, string? on, string? note, CancellationToken ct)
    {
        var problems = new List<(string, string)>();
        if (!Enum.TryParse<StepDownStage>(stage, true, out var s) || !Enum.IsDefined(s)) problems.Add(("Stage", "Choose the step the pupil reached"));
        if (!DateOnly.TryParseExact(on?.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            problems.Add(("ReachedOn", "Enter the date it was reached as year-month-day"));
        else if (day > clock.Today()) problems.Add(("ReachedOn", "The date it was reached cannot be in the future"));
        var text = note?.Trim() ?? "";
        if (text.Length > StepDownMilestone.NoteMax) problems.Add(("MilestoneNote", $"The note can be at most {StepDownMilestone.NoteMax} characters"));
        if (problems.Count > 0) return problems;
        db.Add(new StepDownMilestone { PupilId = pupilId, Stage = s, ReachedOn = day, Note = text, ByName = staff.Name, At = clock.UtcNow });
        await db.SaveChangesAsync(ct);
        return [];
    }
}
