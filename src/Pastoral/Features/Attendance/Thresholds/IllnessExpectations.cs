using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Attendance.Calling;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Thresholds;

/// <summary>Sets when a pupil off ill is expected back (one current row per pupil, audited, on the timeline).</summary>
public sealed class IllnessExpectations(PastoralDbContext db, SchoolClock clock)
{
    public Task<IllnessExpectation?> CurrentAsync(StaffContext staff, int pupilId, CancellationToken ct) =>
        db.Set<IllnessExpectation>().AsNoTracking().VisibleTo(staff, db).Where(i => i.PupilId == pupilId)
            .OrderByDescending(i => i.SetAt).FirstOrDefaultAsync(ct);

    /// <summary>Problems by field in staff's words, or none when saved. Null pupil: not visible (a 404).</summary>
    public async Task<IReadOnlyList<(string Field, string Message)>?> SetAsync(StaffContext staff, int pupilId, DateOnly? illFrom, DateOnly? expectedBack, string? note, CancellationToken ct)
    {
        var pupil = await db.Pupils.VisibleTo(staff).Where(p => p.Id == pupilId).Select(p => new { p.Id, p.SchoolId }).FirstOrDefaultAsync(ct);
        if (pupil is null) return null;
        var problems = new List<(string, string)>();
        var today = clock.Today();
        if (illFrom is null) problems.Add(("IllFrom", "Enter the first day the pupil was ill."));
        else if (illFrom > today) problems.Add(("IllFrom", "The first day of illness must be today or earlier."));
        if (expectedBack is null) problems.Add(("ExpectedBackOn", "Enter the day the pupil is expected back."));
        else if (illFrom is not null && expectedBack <= illFrom) problems.Add(("ExpectedBackOn", "The pupil must be expected back after the first day of illness."));
        var cleaned = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (cleaned is { Length: > IllnessExpectation.NoteMax }) problems.Add(("Note", $"The note can be at most {IllnessExpectation.NoteMax} characters."));
        if (problems.Count > 0) return problems;
        db.Add(new IllnessExpectation
        {
            PupilId = pupil.Id, SchoolId = pupil.SchoolId, IllFrom = illFrom!.Value, ExpectedBackOn = expectedBack!.Value, Note = cleaned,
            SetAt = clock.UtcNow, SetByName = staff.Name,
        });
        await db.SaveChangesAsync(ct);
        return [];
    }
}
