using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Behaviour.Patterns;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;

namespace Pastoral.Features.Mentoring.Reports;

/// <summary>
/// Drafting a pupil's half-termly report from the data, apart from printing and sending, so that what has no web host (the demo
/// generator run from the command line) can draft without the PDF renderer.
/// </summary>
public sealed class FamilyReportDrafting(PastoralDbContext db, FamilyReportDrafter drafter, SchoolClock clock)
{
    /// <summary>Drafts unless this half-term's report exists; the caller has checked the pupil may be seen. Created is false when it existed.</summary>
    public async Task<(FamilyReport? Report, bool Created)> DraftForAsync(Guid byId, string byName, Pupil pupil, CancellationToken ct)
    {
        var (last, now) = await drafter.HalfTermsAsync(pupil.SchoolId, clock.Today(), ct);
        now ??= new HalfTerm("This half-term", clock.Today().AddDays(-42), clock.Today());
        var existing = await db.Set<FamilyReport>().FirstOrDefaultAsync(r => r.PupilId == pupil.Id && r.From == now.From, ct);
        if (existing is not null) return (existing, false);
        var text = FamilyReportDrafter.Compose(await drafter.FactsAsync(pupil.Id, pupil.Forename, now, last, ct));
        var report = new FamilyReport
        {
            PupilId = pupil.Id, SchoolId = pupil.SchoolId, From = now.From, To = now.To, Status = FamilyReportStatus.Draft,
            Attendance = text.Attendance, Recognition = text.Recognition, Sessions = text.Sessions, Goals = text.Goals, NextSteps = text.NextSteps,
            Closing = text.Closing, DraftedById = byId, DraftedByName = byName, DraftedAt = clock.UtcNow,
        };
        db.Add(report);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException)
        {
            // Someone drafted the same pupil's report at the same moment (the unique index): theirs stands.
            db.ChangeTracker.Clear();
            return (await db.Set<FamilyReport>().FirstOrDefaultAsync(r => r.PupilId == pupil.Id && r.From == now.From, ct), false);
        }
        return (report, true);
    }
}
