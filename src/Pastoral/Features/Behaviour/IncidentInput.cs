namespace Pastoral.Features.Behaviour;

/// <summary>
/// What the form and the API send to log or change an incident, as typed: the type and location by id or name, the time as the
/// school's local "yyyy-MM-ddTHH:mm", each pupil by id or UPN. <see cref="BehaviourRecorder"/> checks it all.
/// </summary>
public sealed record IncidentInput
{
    public string? Type { get; init; }
    public string? OccurredAt { get; init; }
    public int? PeriodId { get; init; }
    public string? Location { get; init; }
    public string? Subject { get; init; }
    public string? Description { get; init; }
    public string? ActionsTaken { get; init; }
    public bool ParentsContacted { get; init; }
    public string? ParentsContactNote { get; init; }
    public IReadOnlyList<IncidentPupilInput> Pupils { get; init; } = [];
    /// <summary>Other staff involved (the recorder is added).</summary>
    public IReadOnlyList<Guid> OtherStaff { get; init; } = [];
    public long? OnCallRequestId { get; init; }
    /// <summary>Whether the recorder's lesson context (period, location, subject) is kept for their next form; false for the API.</summary>
    public bool RememberContext { get; init; } = true;
}

/// <summary>One pupil's part as typed: <see cref="Points"/> null means "the default for the role".</summary>
public sealed record IncidentPupilInput(string? Pupil, string? Role, int? Points = null, string? Outcome = null, string? Account = null);

/// <summary>The saved incident, or the problems by field ("type", "pupils[1].pupil") in staff's words; nothing is saved when there are any.</summary>
public sealed record IncidentResult(BehaviourIncident? Incident, IReadOnlyDictionary<string, string[]> Problems, bool Stale = false, bool NotFound = false)
{
    /// <summary>For a saved incident: what the recorder already read while checking it (the type, the location's name, each pupil's UPN).</summary>
    public IncidentNames? Names { get; init; }

    public bool Saved => Incident is not null && Problems.Count == 0 && !Stale && !NotFound;
}

/// <summary>
/// Called after an incident is logged (saved), once per incident, with ids only. Rules, detentions and rewards register one
/// (<c>services.AddScoped&lt;IIncidentLogged, MyRule&gt;()</c>). The incident is already committed; a hook that throws is logged and
/// the others still run, so a hook saves its own work in its own <c>SaveChangesAsync</c>.
/// </summary>
public interface IIncidentLogged
{
    Task IncidentLoggedAsync(LoggedIncident incident, CancellationToken ct);
}

/// <summary>A logged incident as hooks see it: ids, the type's polarity, the school's date, and each pupil's part.</summary>
public sealed record LoggedIncident(int IncidentId, int SchoolId, int TypeId, Polarity Polarity, DateTime OccurredAt, DateOnly OccurredOn,
    Guid RecordedById, IReadOnlyList<LoggedPart> Pupils)
{
    /// <summary>The on-call request it was logged from, as saved (so a hook need not read the incident again).</summary>
    public long? OnCallRequestId { get; init; }
}

public sealed record LoggedPart(int PartId, int PupilId, IncidentRole Role, int Points);

/// <summary>Names the recorder read while checking an incident, so a caller answering with them need not read them again.</summary>
public sealed record IncidentNames(BehaviourType Type, string? Location, IReadOnlyDictionary<int, string> Upns);
