using Pastoral.Data;
using Pastoral.Features.Interventions;
using Pastoral.Security;

namespace Pastoral.Features.Mentoring;

/// <summary>The Zones of Regulation colours, always shown with their words (never colour alone).</summary>
public enum Zone { Blue, Green, Yellow, Red }

public enum WaitingOutcome { Placed, Removed }

/// <summary>A mentor's daily contact with a pupil on their caseload: how the pupil is (1–10 and a zone), how they met, a short note.</summary>
public sealed class CheckIn : IPupilOwned, IAudited
{
    public int Id { get; set; }
    public int PupilId { get; set; }
    public Guid StaffId { get; set; }
    public required string StaffName { get; set; }
    public DateOnly On { get; set; }
    public DateTime At { get; set; }
    public int Rating { get; set; }
    public Zone Zone { get; set; }
    public ContactMode Mode { get; set; }
    public string Note { get; set; } = "";

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => null;

    public const int NoteMax = 500;

    public static string ZoneWords(Zone z) => z switch
    {
        Zone.Blue => "Blue: low, tired or sad",
        Zone.Green => "Green: calm and ready",
        Zone.Yellow => "Yellow: worried or excitable",
        _ => "Red: angry or out of control",
    };
}

/// <summary>How many pupils one mentor may hold in one school (default <see cref="Default"/>); going over needs a confirmation.</summary>
public sealed class MentorCapacity : ISchoolOwned, IAudited, IVersioned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public Guid StaffId { get; set; }
    public int Capacity { get; set; } = Default;
    public int Version { get; set; }

    int? IAudited.AuditPupilId => null;
    int? IAudited.AuditSchoolId => SchoolId;

    public const int Default = 12, Max = 60;
}

/// <summary>A pupil waiting for a place on a mentor's caseload, until placed or taken off the list.</summary>
public sealed class WaitingListEntry : IPupilOwned, IAudited
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public Guid MentorStaffId { get; set; }
    public int PupilId { get; set; }
    public required string Reason { get; set; }
    public DateOnly AddedOn { get; set; }
    public DateOnly? ClosedOn { get; set; }
    public WaitingOutcome? Outcome { get; set; }

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => SchoolId;
}
