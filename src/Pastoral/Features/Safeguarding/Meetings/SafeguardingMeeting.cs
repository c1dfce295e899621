using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Meetings;

/// <summary>The multi-agency meetings KCSIE and Working Together name, in the words on output.</summary>
public enum MeetingType { StrategyDiscussion, InitialCpConference, ReviewCpConference, CoreGroup, CinReview, Taf, EarlyHelp, Pep, Other }

/// <summary>
/// A multi-agency meeting about a pupil: type, when, who attended, the school's contribution, minutes and decisions; its actions are
/// <see cref="Triage.SafeguardingAction"/>s with source Meeting. Whether it is restricted follows the school's setting for its type
/// (<see cref="MeetingTypes.IsRestricted"/>): a restricted one is read only through <see cref="RestrictedAccess"/> as <see cref="RecordOf"/>;
/// any other is a pastoral record for staff who see the pupil.
/// </summary>
public sealed class SafeguardingMeeting : IAudited, IVersioned, IPupilOwned, IRestrictedContent
{
    public const string RecordType = "SafeguardingMeeting";
    public const int TextMax = 8000;
    public int Id { get; set; }
    public int PupilId { get; set; }
    public int SchoolId { get; set; }
    public MeetingType Type { get; set; }
    /// <summary>For <see cref="MeetingType.Other"/>: what it was.</summary>
    public string? TypeOther { get; set; }
    public DateTime HeldAt { get; set; }
    public string? Contribution { get; set; }
    public string? Minutes { get; set; }
    public string? Decisions { get; set; }
    public DateTime RecordedAt { get; set; }
    public required string RecordedByName { get; set; }
    public int Version { get; set; }
    public List<SafeguardingMeetingAttendee> Attendees { get; set; } = [];

    public static RestrictedRecord RecordOf(int id, int pupilId) => new(RecordType, id, pupilId);

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => null;
}

/// <summary>Who attended: a member of the school's staff, an agency from the directory, or a name typed in (with a role).</summary>
[BulkAudited("saved with its meeting, whose Created entry covers it")]
public sealed class SafeguardingMeetingAttendee : IPupilOwned, IRestrictedContent
{
    public const int NameMax = 200;
    public int Id { get; set; }
    public int MeetingId { get; set; }
    public int PupilId { get; set; }
    public Guid? StaffId { get; set; }
    public int? AgencyId { get; set; }
    public required string Name { get; set; }
}

/// <summary>A school's choice that a meeting type is not restricted (or is, again). No row: the type's default, restricted.</summary>
public sealed class MeetingTypeSetting : ISchoolOwned, IAudited
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public MeetingType Type { get; set; }
    public bool Restricted { get; set; }

    int? IAudited.AuditPupilId => null;
    int? IAudited.AuditSchoolId => SchoolId;
}

public static class MeetingTypes
{
    /// <summary>Always restricted, whatever the school says: CP conferences, strategy discussions and core groups.</summary>
    public static readonly IReadOnlySet<MeetingType> AlwaysRestricted = new HashSet<MeetingType>
        { MeetingType.StrategyDiscussion, MeetingType.InitialCpConference, MeetingType.ReviewCpConference, MeetingType.CoreGroup };

    public static string Words(MeetingType t) => t switch
    {
        MeetingType.StrategyDiscussion => "Strategy discussion",
        MeetingType.InitialCpConference => "Initial child protection conference",
        MeetingType.ReviewCpConference => "Review child protection conference",
        MeetingType.CoreGroup => "Core group",
        MeetingType.CinReview => "CIN review",
        MeetingType.Taf => "TAF (team around the family)",
        MeetingType.EarlyHelp => "Early Help",
        MeetingType.Pep => "PEP (personal education plan)",
        _ => "Other",
    };

    /// <summary>Restricted unless the school has said otherwise, and never for the always-restricted types.</summary>
    public static bool IsRestricted(MeetingType type, IReadOnlyCollection<MeetingType> unrestricted) =>
        AlwaysRestricted.Contains(type) || !unrestricted.Contains(type);
}
