using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding;

/// <summary>Child protection / child in need status. Restricted: read only through <see cref="Security.RestrictedAccess"/>.</summary>
public enum ChildProtectionStatus { None, Cin, Cp }

/// <summary>
/// One period of a pupil's CP/CIN status. A change closes the current row (<see cref="ClosedAt"/>) and adds a new one,
/// so the history is kept. It is not on <see cref="Pupil"/>: loading a pupil never brings the status into memory, and
/// changing it never touches the pupil's version.
/// </summary>
public sealed class ChildProtectionRecord : IAudited, IVersioned, IPupilOwned, IRestrictedContent
{
    /// <summary>The record type under which a pupil's CP/CIN record is audited and shared. Its record id is the pupil's id,
    /// so a share covers the pupil's status and its history, and survives a change of status.</summary>
    public const string RecordType = "ChildProtectionStatus";

    public int Id { get; set; }
    public int PupilId { get; set; }
    public Pupil? Pupil { get; set; }
    public ChildProtectionStatus Status { get; set; }
    public DateOnly? StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    /// <summary>The local authority responsible for the plan, as staff know it ("999 Demo County Council").</summary>
    public string? LocalAuthority { get; set; }
    public string? SocialWorkerName { get; set; }
    public string? SocialWorkerPhone { get; set; }
    public string? SocialWorkerEmail { get; set; }
    public DateTime RecordedAt { get; set; }
    public required string RecordedByName { get; set; }
    /// <summary>Null while this is the pupil's current status; set when a later change replaced it.</summary>
    public DateTime? ClosedAt { get; set; }
    public int Version { get; set; }

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => null;
}

/// <summary>What a reader is shown of one period of the status.</summary>
public sealed record ChildProtectionView(int Id, ChildProtectionStatus Status, DateOnly? StartDate, DateOnly? EndDate, string? LocalAuthority,
    string? SocialWorkerName, string? SocialWorkerPhone, string? SocialWorkerEmail, DateTime RecordedAt, string RecordedByName, DateTime? ClosedAt, int Version)
{
    public string StatusWords => Status switch
    {
        ChildProtectionStatus.Cp => "Child protection plan",
        ChildProtectionStatus.Cin => "Child in need",
        _ => "No CP or CIN status",
    };
}
