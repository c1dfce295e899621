using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Security;

namespace Pastoral.Features.Admissions;

/// <summary>
/// A pupil's entry in the admission register: the year group and form they joined, their previous school, and who recorded it.
/// The date of admission (the first day they are expected to attend) is <see cref="Pupil.OnRollFrom"/>, kept in one place.
/// One per pupil; an import writes it with the new pupil, the office records it by hand for a pupil who has none.
/// </summary>
public sealed class Admission : IAudited, IVersioned, IPupilOwned
{
    public const int NameMax = 200;

    public int Id { get; set; }
    public int PupilId { get; set; }
    public Pupil? Pupil { get; set; }
    public int SchoolId { get; set; }
    /// <summary>As it was called when they joined ("Year 7", "7B"): year groups and forms move on, the register does not.</summary>
    public string? YearGroupJoined { get; set; }
    public string? FormJoined { get; set; }
    public string? PreviousSchoolName { get; set; }
    /// <summary>Six digits.</summary>
    public string? PreviousSchoolUrn { get; set; }
    /// <summary>The DfE number: local authority and establishment, "933/4259".</summary>
    public string? PreviousSchoolDfeNumber { get; set; }
    /// <summary>"CTF import", "Roster import", "Recorded by hand".</summary>
    public required string Source { get; set; }
    public DateTime RecordedAt { get; set; }
    public Guid? RecordedById { get; set; }
    public required string RecordedByName { get; set; }
    public int Version { get; set; }

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => SchoolId;
}

/// <summary>
/// A deletion from the roll: the last day on roll (it sets <see cref="Pupil.OnRollTo"/>), the regulation's ground, where the pupil
/// went, and when the local authority was told. Undoing keeps the row with who undid it, when and why: the register's history.
/// </summary>
public sealed class RollDeletion : IAudited, IVersioned, IPupilOwned
{
    public const int NoteMax = 2000, ReasonMax = 1000;

    public int Id { get; set; }
    public int PupilId { get; set; }
    public int SchoolId { get; set; }
    /// <summary>The last day on roll.</summary>
    public DateOnly LastDayOnRoll { get; set; }
    /// <summary>A code from Reference/deletion-grounds.csv ("9(1)(a)").</summary>
    public required string Ground { get; set; }
    public string? DestinationSchool { get; set; }
    public DateOnly? LocalAuthorityToldOn { get; set; }
    public string? Note { get; set; }
    public DateTime RecordedAt { get; set; }
    public Guid? RecordedById { get; set; }
    public required string RecordedByName { get; set; }
    public DateTime? UndoneAt { get; set; }
    public string? UndoneByName { get; set; }
    public string? UndoReason { get; set; }
    /// <summary>What the pupil's last day on roll was before this deletion (normally none), put back by an undo.</summary>
    public DateOnly? PreviousOnRollTo { get; set; }
    public int Version { get; set; }

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => SchoolId;

    public bool Undone => UndoneAt is not null;
}
