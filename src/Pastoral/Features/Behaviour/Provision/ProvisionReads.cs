using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Provision;

/// <param name="Sessions">The sessions at the provider: mon-am … fri-pm.</param>
/// <param name="AttendanceCode">B (educated off-site) or D (dual registered).</param>
public sealed record PlacementDto(int Id, int ProviderId, string Provider, IReadOnlyList<string> Sessions, string? Hours, DateOnly StartOn, DateOnly? EndOn,
    string? ContactName, string? ContactPhone, string? ContactEmail, string AttendanceCode, string Reason, DateOnly? ReviewOn, decimal? WeeklyCost,
    long? IncidentId, string RecordedBy, DateTime RecordedAt, int Version);
/// <param name="Sessions">The sessions the pupil attends: mon-am … fri-pm.</param>
public sealed record PartTimeDto(int Id, string Reason, IReadOnlyList<string> Sessions, DateOnly StartOn, DateOnly ReviewOn, DateOnly? EndOn, bool ParentsAgreed,
    DateOnly? ParentsAgreedOn, string? ParentsAgreedBy, Guid ReviewerId, string Reviewer, bool ReviewOverdue, string? LastReviewNote, long? IncidentId,
    string RecordedBy, DateTime RecordedAt, int Version);
public sealed record MoveReviewDto(int Id, DateOnly HeldOn, string Attended, string? Notes, string RecordedBy);
/// <param name="Direction">out (from us to the other school) or in (to us).</param>
/// <param name="Outcome">ongoing, successful or unsuccessful.</param>
public sealed record ManagedMoveDto(int Id, string OtherSchool, string? OtherSchoolUrn, string Direction, DateOnly TrialStartOn, DateOnly TrialEndOn,
    string Outcome, DateOnly? OutcomeOn, string? Reason, IReadOnlyList<MoveReviewDto> Reviews, long? IncidentId, string RecordedBy, DateTime RecordedAt, int Version);
/// <summary>A pupil's alternative-provision placements, part-time timetables and managed moves, newest first.</summary>
public sealed record PupilProvisionDto(int PupilId, IReadOnlyList<PlacementDto> Placements, IReadOnlyList<PartTimeDto> PartTimeTimetables, IReadOnlyList<ManagedMoveDto> ManagedMoves);

/// <summary>Reading a pupil's provision records, through the one scope filter, for the pupil page, the profile section and the API.</summary>
public sealed class ProvisionReads(PastoralDbContext db)
{
    public async Task<PupilProvisionDto> ForPupilAsync(StaffContext staff, int pupilId, DateOnly today, CancellationToken ct)
    {
        var placements = await db.Set<ApPlacement>().AsNoTracking().VisibleTo(staff, db).Where(p => p.PupilId == pupilId)
            .OrderByDescending(p => p.StartOn).ThenByDescending(p => p.Id).ToListAsync(ct);
        var partTime = await db.Set<PartTimeTimetable>().AsNoTracking().VisibleTo(staff, db).Where(p => p.PupilId == pupilId)
            .OrderByDescending(p => p.StartOn).ThenByDescending(p => p.Id).ToListAsync(ct);
        var moves = await db.Set<ManagedMove>().AsNoTracking().VisibleTo(staff, db).Include(m => m.Reviews).Where(m => m.PupilId == pupilId)
            .OrderByDescending(m => m.TrialStartOn).ThenByDescending(m => m.Id).ToListAsync(ct);
        return new PupilProvisionDto(pupilId, [.. placements.Select(Dto)], [.. partTime.Select(t => Dto(t, today))], [.. moves.Select(Dto)]);
    }

    public static PlacementDto Dto(ApPlacement p) => new(p.Id, p.ProviderId, p.ProviderName, WeekSessions.ToKeys(p.Sessions), p.Hours, p.StartOn, p.EndOn,
        p.ContactName, p.ContactPhone, p.ContactEmail, p.AttendanceCode, p.Reason, p.ReviewOn, p.WeeklyCost, p.IncidentId, p.RecordedByName, p.RecordedAt, p.Version);

    public static PartTimeDto Dto(PartTimeTimetable t, DateOnly today) => new(t.Id, t.Reason, WeekSessions.ToKeys(t.Sessions), t.StartOn, t.ReviewOn, t.EndOn,
        t.ParentsAgreed, t.ParentsAgreedOn, t.ParentsAgreedBy, t.ReviewerId, t.ReviewerName, t.IsReviewOverdueOn(today), t.LastReviewNote, t.IncidentId,
        t.RecordedByName, t.RecordedAt, t.Version);

    public static ManagedMoveDto Dto(ManagedMove m) => new(m.Id, m.OtherSchool, m.OtherSchoolUrn, ProvisionWords.Direction(m.Direction), m.TrialStartOn, m.TrialEndOn,
        ProvisionWords.Outcome(m.Outcome), m.OutcomeOn, m.Reason,
        [.. m.Reviews.OrderBy(r => r.HeldOn).ThenBy(r => r.Id).Select(r => new MoveReviewDto(r.Id, r.HeldOn, r.Attended, r.Notes, r.RecordedByName))],
        m.IncidentId, m.RecordedByName, m.RecordedAt, m.Version);
}
