using Pastoral.Features.Pupils;

namespace Pastoral.Features.Attendance.Thresholds;

/// <summary>A pupil taken off roll whose next school is not known: a child-missing-education risk.</summary>
public sealed record DestinationUnknownLeaver(int PupilId, DateOnly LeftOn, string? Detail);

/// <summary>
/// MERGE HOOK: deletions from roll are built in <c>Features/Admissions/</c> (another branch). That capability registers one of
/// these (<c>services.AddScoped&lt;IDestinationUnknownLeavers, …&gt;()</c>) returning pupils taken off roll with destination
/// unknown, among the pupils given; the children-missing-education list adds them. Until then none is registered.
/// </summary>
public interface IDestinationUnknownLeavers
{
    Task<IReadOnlyList<DestinationUnknownLeaver>> AmongAsync(IQueryable<Pupil> pupils, DateOnly since, CancellationToken ct);
}
