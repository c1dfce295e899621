using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Rules;

/// <summary>What a rule watches. Counts and points are the pupil's own behaviour (instigator or involved), never a target's or a witness's.</summary>
public enum RuleTrigger { NegativesInDay, NegativesInWeek, NegativePointsInHalfTerm, PositivePointsInHalfTerm, MissedDetention }

/// <summary>What a rule does when it fires.</summary>
public enum RuleAction { NotifyHeadOfYear, NotifyMentor, SetDetention }

/// <summary>
/// A school's behaviour rule ("3 negatives in a day → tell the head of year"), set up at <c>/admin/behaviour/rules</c> without code.
/// Evaluated by <see cref="RuleEvaluator"/> from the database when an incident is logged; fires once per pupil per window.
/// </summary>
public sealed class BehaviourRule : ISchoolOwned, IAudited, IVersioned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public RuleTrigger Trigger { get; set; }
    /// <summary>How many incidents (day, week) or points (half-term, as a positive number) it takes; 1 for a missed detention.</summary>
    public int Threshold { get; set; }
    public RuleAction Action { get; set; }
    public bool Active { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public int Version { get; set; }

    int? IAudited.AuditPupilId => null;
    int? IAudited.AuditSchoolId => SchoolId;

    public const int ThresholdMax = 500;

    public string Words => RuleWords.Trigger(Trigger, Threshold);
}

/// <summary>
/// One firing of a rule for one pupil in one window (a day, a week, a half-term, a missed detention): unique per rule, pupil and
/// window, so a rule fires once however many incidents follow and whichever instance saw them. Keeps the rule's words and what
/// was done as they were, and the incidents that fired it. Audited on the pupil, on the timeline and the profile.
/// </summary>
public sealed class BehaviourRuleFiring : IPupilOwned, IAudited
{
    public long Id { get; set; }
    public int RuleId { get; set; }
    public int SchoolId { get; set; }
    public int PupilId { get; set; }
    /// <summary>"day:2026-11-24", "week:2026-11-23", "half-term:2026-11-02", "detention:17".</summary>
    public required string WindowKey { get; set; }
    public DateOnly WindowStart { get; set; }
    public DateOnly WindowEnd { get; set; }
    public DateTime FiredAt { get; set; }
    public required string RuleWords { get; set; }
    /// <summary>Incident ids, in the order they happened ("12,15,16"); empty for a missed detention.</summary>
    public required string IncidentIds { get; set; }
    /// <summary>What was done, in staff's words ("Told the head of year: Robin Year-Eight", "Detention to set").</summary>
    public required string Outcome { get; set; }
    /// <summary>True when the rule asked for a detention that is still to be set (until the detentions part sets it).</summary>
    public bool DetentionToSet { get; set; }
    /// <summary>The missed detention that fired it, if any (the detentions part's id).</summary>
    public long? DetentionId { get; set; }

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => null;

    public IReadOnlyList<int> Incidents => [.. IncidentIds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)];

    public const int MaxIncidentIds = 30;
}

/// <summary>The words staff read for triggers and actions, and the parsing of the admin form.</summary>
public static class RuleWords
{
    public static string Trigger(RuleTrigger trigger, int n) => trigger switch
    {
        RuleTrigger.NegativesInDay => $"{n} negative{S(n)} in a day",
        RuleTrigger.NegativesInWeek => $"{n} negative{S(n)} in a week",
        RuleTrigger.NegativePointsInHalfTerm => $"{-n} points or fewer in a half-term",
        RuleTrigger.PositivePointsInHalfTerm => $"{n} positive point{S(n)} or more in a half-term",
        _ => "A missed detention",
    };

    public static string TriggerKind(RuleTrigger trigger) => trigger switch
    {
        RuleTrigger.NegativesInDay => "Negative incidents in a day",
        RuleTrigger.NegativesInWeek => "Negative incidents in a week (Monday to Sunday)",
        RuleTrigger.NegativePointsInHalfTerm => "Negative points in a half-term",
        RuleTrigger.PositivePointsInHalfTerm => "Positive points in a half-term (a reward)",
        _ => "A missed detention",
    };

    public static string Action(RuleAction action) => action switch
    {
        RuleAction.NotifyHeadOfYear => "Tell the head of year",
        RuleAction.NotifyMentor => "Tell the pupil's mentor",
        _ => "Set a detention",
    };

    private static string S(int n) => n == 1 ? "" : "s";
}
