using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Force;

/// <summary>
/// A use of reasonable force: when, where, which staff, what happened and why force was needed, staff injuries and the debrief.
/// The shared account may name other children, so it is shown only to staff who may see every pupil involved; each pupil's own
/// part (<see cref="ForcePupil"/>) is what their record, timeline and anything sent home show.
/// </summary>
public sealed class ForceIncident : IAudited, ISchoolOwned
{
    public const int TextMax = 4000;

    public int Id { get; set; }
    public int SchoolId { get; set; }
    public DateTime OccurredAt { get; set; }
    public required string Location { get; set; }
    /// <summary>The staff involved, as JSON [{ "id", "name" }] with the names as they were.</summary>
    public string StaffJson { get; set; } = "[]";
    public required string WhatHappened { get; set; }
    public required string WhyNeeded { get; set; }
    public string? StaffInjuries { get; set; }
    public DateOnly? DebriefOn { get; set; }
    public string? DebriefWith { get; set; }
    public string? DebriefNotes { get; set; }
    /// <summary>The behaviour incident it belongs to, if any (wired to the incidents table at merge).</summary>
    public long? IncidentId { get; set; }
    public DateTime RecordedAt { get; set; }
    public required string RecordedByName { get; set; }
    public List<ForcePupil> Pupils { get; set; } = [];

    int? IAudited.AuditPupilId => null;
    int? IAudited.AuditSchoolId => SchoolId;
}

/// <summary>One pupil's part in a use of reasonable force: the holds used on them, their injuries, their account, and how their parents were told.</summary>
public sealed class ForcePupil : IAudited, IPupilOwned
{
    public int Id { get; set; }
    public int ForceIncidentId { get; set; }
    public int PupilId { get; set; }
    public int SchoolId { get; set; }
    public string? Holds { get; set; }
    public string? Injuries { get; set; }
    /// <summary>This pupil's part in words that name no other child: what their record and the family see.</summary>
    public string? Account { get; set; }
    public DateTime? ParentsToldAt { get; set; }
    public string? ParentsToldHow { get; set; }
    public string? ParentsToldBy { get; set; }

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => SchoolId;
}

public enum SearchKind { Screening, Search }

/// <summary>
/// A screening or search of one pupil (DfE "Searching, screening and confiscation", 2022): who searched and who was present,
/// the prohibited item suspected, what was found and confiscated, what happened to it, and how the parents were told.
/// </summary>
public sealed class SearchRecord : IAudited, IPupilOwned
{
    public int Id { get; set; }
    public int PupilId { get; set; }
    public int SchoolId { get; set; }
    public SearchKind Kind { get; set; }
    public DateTime OccurredAt { get; set; }
    public required string Location { get; set; }
    public Guid SearchedById { get; set; }
    public required string SearchedByName { get; set; }
    public Guid? WitnessId { get; set; }
    public string? WitnessName { get; set; }
    /// <summary>A code from Reference/search-reasons.csv.</summary>
    public required string Reason { get; set; }
    public string? ReasonDetail { get; set; }
    public string? Found { get; set; }
    public string? Confiscated { get; set; }
    /// <summary>What happened to what was confiscated: a code from <see cref="SearchWords.Disposals"/>.</summary>
    public string? Disposal { get; set; }
    public DateTime? ParentsToldAt { get; set; }
    public string? ParentsToldHow { get; set; }
    public string? ParentsToldBy { get; set; }
    public long? IncidentId { get; set; }
    public DateTime RecordedAt { get; set; }
    public required string RecordedByName { get; set; }

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => SchoolId;
}
