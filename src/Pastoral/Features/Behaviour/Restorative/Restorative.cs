using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Restorative;

/// <summary>
/// A restorative conversation after an incident. The conversation is the school's: what was agreed may name every pupil in it, so
/// (like an incident's description) it is shown only to staff who may see every pupil who took part. Each pupil's taking part is a
/// <see cref="RestorativeParticipant"/> (audited on that pupil, on their timeline).
/// </summary>
public sealed class RestorativeConversation : ISchoolOwned, IAudited
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int? IncidentId { get; set; }
    public DateOnly HeldOn { get; set; }
    /// <summary>Staff who took part, by name as they were then.</summary>
    public required string StaffNames { get; set; }
    public required string Agreed { get; set; }
    public DateOnly? FollowUpOn { get; set; }
    public required string RecordedByName { get; set; }
    public DateTime RecordedAt { get; set; }
    public List<RestorativeParticipant> Pupils { get; set; } = [];

    int? IAudited.AuditPupilId => null;
    int? IAudited.AuditSchoolId => SchoolId;

    public const int TextMax = 2000, StaffMax = 400, MaxPupils = 10;
}

public sealed class RestorativeParticipant : IPupilOwned, IAudited
{
    public int Id { get; set; }
    public int ConversationId { get; set; }
    public RestorativeConversation? Conversation { get; set; }
    public int PupilId { get; set; }

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => null;
}

/// <summary>A behaviour review with the pupil and their parents: who came, the targets set, and when it is next reviewed (overdue when that date passes with no later review).</summary>
public sealed class BehaviourReview : IPupilOwned, IAudited
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int PupilId { get; set; }
    public DateOnly HeldOn { get; set; }
    public required string Attendees { get; set; }
    public required string Targets { get; set; }
    public DateOnly NextReviewOn { get; set; }
    /// <summary>The behaviour contract (a plan of type behaviour-contract) it set up or reviewed, if any.</summary>
    public int? PlanId { get; set; }
    public required string RecordedByName { get; set; }
    public DateTime RecordedAt { get; set; }

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => SchoolId;

    public const int TextMax = 2000, AttendeesMax = 400;
}
