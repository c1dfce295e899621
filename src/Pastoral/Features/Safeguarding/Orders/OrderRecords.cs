using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Orders;

/// <summary>
/// What the court orders, looked-after care details and Operation Encompass records share: each is one restricted record
/// (read only through <see cref="RestrictedAccess"/> under its own record type, its id the row's id), audited, versioned.
/// </summary>
public abstract class RestrictedPupilRecord : IAudited, IVersioned, IPupilOwned, IRestrictedContent
{
    public int Id { get; set; }
    public int PupilId { get; set; }
    public Pupil? Pupil { get; set; }
    public DateTime RecordedAt { get; set; }
    public required string RecordedByName { get; set; }
    public DateTime? ChangedAt { get; set; }
    public string? ChangedByName { get; set; }
    public int Version { get; set; }
    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => null;
}

public enum CourtOrderKind { NonMolestation, ProhibitedSteps, ChildArrangements, SpecialGuardianship, Injunction, Other }

/// <summary>
/// A court order or contact restriction about one person: one of the pupil's contacts and/or someone named who is not on the list.
/// The person, what is restricted and until when are the plain warning every member of staff who sees the contacts is shown
/// (<see cref="ContactRestrictions"/>); the kind, court, reference and terms are restricted.
/// </summary>
public sealed class CourtOrder : RestrictedPupilRecord
{
    public const string RecordType = "CourtOrder";
    public CourtOrderKind Kind { get; set; }
    /// <summary>Restricted: what the order is when the kind is "other".</summary>
    public string? KindOther { get; set; }
    public int? ContactId { get; set; }
    public PupilContact? Contact { get; set; }
    /// <summary>Someone not on the contact list, by name (plain: it is the name on the warning).</summary>
    [PlainContent("the name on the plain warning every member of staff who sees the pupil's contacts is shown")]
    public string? PersonName { get; set; }
    public bool MayNotCollect { get; set; }
    public bool NoInformation { get; set; }
    public bool NoContact { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    public string? Court { get; set; }
    public string? Reference { get; set; }
    public string? Terms { get; set; }

    /// <summary>Warns until the end date has passed (an order recorded before it starts warns at once: the safe side).</summary>
    public static bool InForce(DateOnly? endDate, DateOnly today) => endDate is null || endDate >= today;
}

/// <summary>Care details of a looked-after pupil: one record per pupil, restricted. The LAC flag itself stays on the pupil.</summary>
public sealed class LookedAfterCare : RestrictedPupilRecord
{
    public const string RecordType = "LookedAfterCare";
    public string? CareAuthority { get; set; }
    public string? SocialWorkerName { get; set; }
    public string? SocialWorkerPhone { get; set; }
    public string? SocialWorkerEmail { get; set; }
    public string? VirtualSchoolContact { get; set; }
    /// <summary>Dates of PEP meetings held, oldest first, as yyyy-MM-dd separated by commas.</summary>
    public string? PepDates { get; set; }
    public DateOnly? NextPepDue { get; set; }
    public string? PlacementType { get; set; }
}

/// <summary>An Operation Encompass notification from the police, recorded by the DSL with the support given. Restricted.</summary>
public sealed class EncompassNotification : RestrictedPupilRecord
{
    public const string RecordType = "OperationEncompass";
    public DateTime ReceivedAt { get; set; }
    public DateOnly IncidentDate { get; set; }
    public required string Content { get; set; }
    public string? ToldInSchool { get; set; }
    public string? SupportGiven { get; set; }
    public string? FollowUp { get; set; }
}
