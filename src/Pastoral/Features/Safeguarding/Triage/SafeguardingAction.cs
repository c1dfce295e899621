using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Triage;

/// <summary>What a safeguarding action belongs to: a concern now, a meeting, and later a referral.</summary>
public enum ActionSource { Concern, Meeting, Referral }

/// <summary>
/// Something a member of staff must do for a pupil's safeguarding, with an owner and a due date: one kind for concerns, meetings and
/// (later) referrals. Its own restricted record (<see cref="RecordType"/>): read through <see cref="RestrictedAccess"/>, so a DSL can share
/// one action with its owner. The overdue notice never carries its text.
/// </summary>
public sealed class SafeguardingAction : IAudited, IVersioned, IPupilOwned, IRestrictedContent
{
    public const string RecordType = "SafeguardingAction";
    public const int TextMax = 1000;
    public int Id { get; set; }
    public int PupilId { get; set; }
    public int SchoolId { get; set; }
    public ActionSource SourceType { get; set; }
    public int SourceId { get; set; }
    /// <summary>What to do.</summary>
    public required string Text { get; set; }
    public Guid OwnerId { get; set; }
    public required string OwnerName { get; set; }
    public DateOnly DueOn { get; set; }
    public DateTime? DoneAt { get; set; }
    public string? DoneByName { get; set; }
    public string? Note { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string CreatedByName { get; set; }
    /// <summary>When the overdue notice went: claimed by one conditional update, so it is sent once.</summary>
    public DateTime? OverdueNotifiedAt { get; set; }
    public int Version { get; set; }

    public static RestrictedRecord RecordOf(int id, int pupilId) => new(RecordType, id, pupilId);
    public bool IsOverdue(DateOnly today) => DoneAt is null && DueOn < today;

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => null;
}
