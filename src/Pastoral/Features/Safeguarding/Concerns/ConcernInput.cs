namespace Pastoral.Features.Safeguarding.Concerns;

/// <summary>A mark on the body map as given: side "front" or "back", x and y in the map's viewBox units (200 × 400).</summary>
public sealed record BodyMarkInput(string? Side, double? X, double? Y, string? Description);

/// <summary>A concern as the form or the API gives it.</summary>
/// <param name="Pupils">Pupil ids or UPNs: one or several; each gets their own record.</param>
/// <param name="Categories">Category ids or names (see GET /api/v1/safeguarding/categories).</param>
/// <param name="Description">What was seen or heard.</param>
/// <param name="ChildsWords">The child's own words, exactly as said.</param>
/// <param name="OccurredAt">When, as the school's local time (2026-11-24T14:30); empty for now.</param>
/// <param name="Location">Where.</param>
/// <param name="ActionTaken">Anything already done.</param>
/// <param name="Urgent">The DSLs are told again every 15 minutes until one opens it.</param>
/// <param name="BodyMap">Marks on the body map, if any.</param>
public sealed record ConcernInput(IReadOnlyList<string>? Pupils, IReadOnlyList<string>? Categories, string? Description, string? ChildsWords,
    string? OccurredAt, string? Location, string? ActionTaken, bool Urgent, IReadOnlyList<BodyMarkInput>? BodyMap);

/// <summary>A file attached on the form: copied to each pupil's record.</summary>
public sealed record ConcernFile(string? FileName, byte[] Content);

/// <summary>What the person raising it is told: received, when and by whom, and the new records' ids. Never the text.</summary>
public sealed record RaisedConcern(IReadOnlyList<int> Ids, DateTime RaisedAt, string RaisedBy);

public sealed record RaiseResult(RaisedConcern? Raised, IReadOnlyDictionary<string, string[]> Problems)
{
    public bool Saved => Raised is not null;
}
