using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Mentoring.Goals;

/// <summary>Where a goal came from: one of the pupil's plans, an outcome in their EHCP, a mentoring session, or something else.</summary>
public enum GoalSource { Plan, EhcpOutcome, Session, Other }

public enum GoalStatus { Open, Achieved, Closed }

/// <summary>The steps from 1:1 support back to class learning (issue 11: "transitioning from 1:1 support to small group (class) learning").</summary>
public enum StepDownStage { OneToOne, SmallGroup, ClassLearning }

/// <summary>A SMART target for one pupil: what, how it will be measured, by when, and where it came from; rated over time until achieved or closed.</summary>
public sealed class Goal : IPupilOwned, IAudited, IVersioned
{
    public int Id { get; set; }
    public int PupilId { get; set; }
    public int SchoolId { get; set; }
    public required string What { get; set; }
    public required string Measure { get; set; }
    public DateOnly ByDate { get; set; }
    public GoalSource Source { get; set; }
    /// <summary>The plan it came from (a plan, or the EHCP outcomes plan whose outcome it is).</summary>
    public int? PlanId { get; set; }
    /// <summary>The session it came from.</summary>
    public int? SessionId { get; set; }
    /// <summary>The EHCP outcome's words, or what "other" means.</summary>
    public string? SourceText { get; set; }
    public GoalStatus Status { get; set; }
    public DateOnly? ClosedOn { get; set; }
    public Guid CreatedById { get; set; }
    public required string CreatedByName { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ClosedAt { get; set; }
    public string? ClosedByName { get; set; }
    public List<GoalRating> Ratings { get; set; } = [];
    public int Version { get; set; }

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => SchoolId;

    public const int WhatMax = 500, MeasureMax = 500, SourceTextMax = 500;
}

/// <summary>A progress rating on a goal: 0 (not started) to 10 (achieved), with a note.</summary>
public sealed class GoalRating : IPupilOwned, IAudited
{
    public int Id { get; set; }
    public int GoalId { get; set; }
    public Goal? Goal { get; set; }
    public int PupilId { get; set; }
    public DateOnly RatedOn { get; set; }
    public int Rating { get; set; }
    public string Note { get; set; } = "";
    public required string ByName { get; set; }
    public DateTime At { get; set; }

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => null;

    public const int Min = 0, Max = 10, NoteMax = 1000;
}

/// <summary>The date a pupil reached a step on the way from 1:1 support to class learning.</summary>
public sealed class StepDownMilestone : IPupilOwned, IAudited
{
    public int Id { get; set; }
    public int PupilId { get; set; }
    public StepDownStage Stage { get; set; }
    public DateOnly ReachedOn { get; set; }
    public string Note { get; set; } = "";
    public required string ByName { get; set; }
    public DateTime At { get; set; }

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => null;

    public const int NoteMax = 1000;
}

public static class GoalWords
{
    public static string Stage(StepDownStage s) => s switch
    {
        StepDownStage.OneToOne => "1:1 support", StepDownStage.SmallGroup => "Small group", _ => "Class learning",
    };

    public static string Source(GoalSource s) => s switch
    {
        GoalSource.Plan => "A plan", GoalSource.EhcpOutcome => "An EHCP outcome", GoalSource.Session => "A session", _ => "Other",
    };

    /// <summary>Where a goal came from as a line under it: "From a session on Wed 11 Nov 2026 (Lego Therapy group)", "From an EHCP outcome: …".</summary>
    public static string From(GoalSource s, string? text, bool linkedSession) => (s, string.IsNullOrWhiteSpace(text)) switch
    {
        (GoalSource.Session, false) when linkedSession => $"From a session on {text}",
        (GoalSource.Other, true) => "Where it came from: not recorded",
        (GoalSource.Other, false) => $"Where it came from: {text}",
        (_, true) => $"From {char.ToLowerInvariant(Source(s)[0])}{Source(s)[1..]}",
        _ => $"From {char.ToLowerInvariant(Source(s)[0])}{Source(s)[1..]}: {text}",
    };

    public static string Status(GoalStatus s) => s switch { GoalStatus.Open => "Open", GoalStatus.Achieved => "Achieved", _ => "Closed" };
}
