using Pastoral.Data;
using Pastoral.Features.Safeguarding.Concerns;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Triage;

/// <summary>
/// The DSL's KCSIE record of a concern (one per concern): a summary, how it was followed up, and the outcome once closed. Part of the
/// concern's restricted record (<see cref="SafeguardingConcern.RecordOf"/>): read only inside the concern's <see cref="RestrictedAccess"/> read.
/// </summary>
public sealed class ConcernTriage : IAudited, IVersioned, IPupilOwned, IRestrictedContent
{
    public const int TextMax = 4000;
    public int Id { get; set; }
    public int ConcernId { get; set; }
    public int PupilId { get; set; }
    public string? Summary { get; set; }
    public string? FollowUp { get; set; }
    public string? Outcome { get; set; }
    public DateTime ChangedAt { get; set; }
    public required string ChangedByName { get; set; }
    public int Version { get; set; }

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => null;
}

/// <summary>What an entry in the decision log records. Closing and reopening are entries too, so the log is the whole story.</summary>
public enum DecisionKind { Decision, Escalation, Correction, Closed, Reopened }

/// <summary>
/// One entry of a concern's decision log: what was decided and why (required), who and when. Append-only: a mistake is put right
/// by a <see cref="DecisionKind.Correction"/> naming the entry it corrects, and both are kept.
/// </summary>
public sealed class SafeguardingDecision : IAudited, IPupilOwned, IRestrictedContent
{
    public const int TextMax = 2000;
    public const int ToMax = 200;
    public int Id { get; set; }
    public int ConcernId { get; set; }
    public int PupilId { get; set; }
    public DecisionKind Kind { get; set; }
    /// <summary>What was decided (for a closing: the outcome; for a reopening: blank).</summary>
    public string? Decision { get; set; }
    public required string Reason { get; set; }
    /// <summary>For an escalation: to what or whom (the list's words, or the DSL's own).</summary>
    public string? EscalatedTo { get; set; }
    public int? CorrectsId { get; set; }
    public Guid ById { get; set; }
    public required string ByName { get; set; }
    public DateTime At { get; set; }

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => null;
}

/// <summary>
/// Two concerns the DSL says are related (the same pupil's, or another pupil's). Shown from both ends, and only to someone who may
/// read both concerns; to anyone else it does not exist. Carries no text: the fact of the link is restricted with both records.
/// </summary>
public sealed class ConcernLink : IAudited, IPupilOwned
{
    public int Id { get; set; }
    public int ConcernId { get; set; }
    public int PupilId { get; set; }
    public int LinkedConcernId { get; set; }
    public int LinkedPupilId { get; set; }
    public required string ByName { get; set; }
    public DateTime At { get; set; }

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => null;
}
