using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Attendance.Thresholds;
using Pastoral.Features.Pupils;

namespace Pastoral.Features.Admissions;

/// <summary>
/// Pupils taken off roll on a ground that makes them a child-missing-education risk (whereabouts unknown, destination unknown),
/// not undone, for the attendance follow-up list of children missing education.
/// </summary>
public sealed class DestinationUnknownLeavers(PastoralDbContext db) : IDestinationUnknownLeavers
{
    public async Task<IReadOnlyList<DestinationUnknownLeaver>> AmongAsync(IQueryable<Pupil> pupils, DateOnly since, CancellationToken ct)
    {
        var codes = DeletionGrounds.MissingEducationCodes.ToList();
        var ids = pupils.Select(p => p.Id);
        var rows = await db.Set<RollDeletion>().AsNoTracking()
            .Where(d => d.UndoneAt == null && d.LastDayOnRoll >= since && codes.Contains(d.Ground) && ids.Contains(d.PupilId))
            .OrderBy(d => d.LastDayOnRoll)
            .Select(d => new { d.PupilId, d.LastDayOnRoll, d.Ground, d.LocalAuthorityToldOn })
            .ToListAsync(ct);
        return rows.Select(d => new DestinationUnknownLeaver(d.PupilId, d.LastDayOnRoll,
            DeletionGrounds.Words(d.Ground) + (d.LocalAuthorityToldOn is { } told ? $"; local authority told {told:dd/MM/yyyy}" : "; local authority not yet told"))).ToList();
    }
}
