namespace Pastoral.Features.Behaviour.Provision;

/// <param name="Provider">The alternative provider's id or name (an agency of kind "alternative-provision").</param>
/// <param name="Sessions">The sessions at the provider: "mon-am" … "fri-pm".</param>
/// <param name="AttendanceCode">B (educated off-site) or D (dual registered).</param>
public sealed record PlacementInput(string? Provider, IReadOnlyList<string>? Sessions, string? Hours, string? StartOn, string? EndOn,
    string? ContactName, string? ContactPhone, string? ContactEmail, string? AttendanceCode, string? Reason, string? ReviewOn, string? WeeklyCost,
    long? IncidentId = null);

/// <param name="Sessions">The sessions the pupil attends: "mon-am" … "fri-pm".</param>
/// <param name="ReviewerId">The member of staff who reviews it (default: the person recording it).</param>
public sealed record PartTimeInput(string? Reason, IReadOnlyList<string>? Sessions, string? StartOn, string? ReviewOn, string? EndOn,
    bool ParentsAgreed, string? ParentsAgreedOn, string? ParentsAgreedBy, Guid? ReviewerId, long? IncidentId = null);

/// <param name="Direction">"out" (from us to another school) or "in" (to us from another school).</param>
public sealed record MoveInput(string? OtherSchool, string? OtherSchoolUrn, string? Direction, string? TrialStartOn, string? TrialEndOn,
    string? Reason, long? IncidentId = null);

/// <param name="Outcome">ongoing, successful or unsuccessful; empty keeps the current outcome.</param>
public sealed record MoveReviewInput(int Version, string? HeldOn, string? Attended, string? Notes, string? Outcome);

public sealed record PartTimeReviewInput(int Version, string? NextReviewOn, string? EndOn, string? Note);

/// <summary>How a write went: the record's id, or the problems by field (nothing saved), or not there for this person, or someone saved first.</summary>
public sealed record ProvisionWrite(int? Id, IReadOnlyList<(string Field, string Message)> Problems, bool NotFound = false, bool Stale = false)
{
    public static ProvisionWrite Missing => new(null, [], NotFound: true);
    public static ProvisionWrite Conflict => new(null, [("Version", "Someone else changed this record since you opened it: look at it again and repeat your change")], Stale: true);
    public static ProvisionWrite Saved(int id) => new(id, []);
}
