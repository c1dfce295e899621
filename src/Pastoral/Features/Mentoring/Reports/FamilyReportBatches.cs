using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Mentoring.Reports;

public sealed record BatchProgress(int Id, int Total, int Drafted, int Skipped, bool Finished, string? Error)
{
    public int Done => Drafted + Skipped;
}

/// <summary>
/// "Draft all": a background run that drafts this half-term's report for every pupil on a mentor's caseload, counting as it goes so the
/// page can show "12 of 30 drafted". The run holds a database lease per mentor, so a second start (a double click, another instance)
/// does not draft anyone twice; the one-report-per-pupil-per-half-term index is the backstop.
/// </summary>
public sealed class FamilyReportBatches(PastoralDbContext db, IServiceScopeFactory scopes, TimeProvider clock, ILogger<FamilyReportBatches> log)
{
    public static string LeaseName(Guid staffId) => $"family-reports-{staffId:N}";

    /// <summary>Records a batch for the caller's caseload and starts it in the background; returns its id.</summary>
    public async Task<int> StartAsync(StaffContext staff, CancellationToken ct)
    {
        var batch = new FamilyReportBatch { StaffId = staff.UserId, Total = staff.CaseloadPupilIds.Count, StartedAt = clock.GetUtcNow().UtcDateTime };
        db.Add(batch);
        await db.SaveChangesAsync(ct);
        _ = Task.Run(() => RunInScopeAsync(batch.Id), CancellationToken.None);
        return batch.Id;
    }

    private async Task RunInScopeAsync(int batchId)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<FamilyReportBatches>().RunAsync(batchId, CancellationToken.None);
        }
        catch (Exception e)
        {
            log.LogError(e, "Drafting family reports, batch {Batch}, failed", batchId);
        }
    }

    /// <summary>Drafts the batch's reports under the mentor's lease; a run that cannot take the lease ends at once, saying another is drafting.</summary>
    public async Task RunAsync(int batchId, CancellationToken ct)
    {
        var batch = await db.Set<FamilyReportBatch>().SingleAsync(b => b.Id == batchId, ct);
        var holder = $"batch-{batchId}-{Environment.MachineName}";
        // The lease gets its own context: a lost race for it clears that context's tracker, which must not drop this batch row.
        await using var leaseScope = scopes.CreateAsyncScope();
        var leases = leaseScope.ServiceProvider.GetRequiredService<JobLeases>();
        if (!await leases.TryAcquireAsync(LeaseName(batch.StaffId), holder, TimeSpan.FromMinutes(2), ct: ct))
        {
            (batch.Error, batch.FinishedAt) = ("Another run is already drafting these reports; they are listed as it drafts them.", clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(ct);
            return;
        }
        try
        {
            var staff = await CurrentStaff.LoadAsync(db, batch.StaffId, clock, ct) ?? throw new InvalidOperationException("The mentor's account is no longer active.");
            var reports = scopes.CreateAsyncScope();
            await using (reports)
            {
                var book = reports.ServiceProvider.GetRequiredService<FamilyReports>();
                var pupils = await db.Pupils.AsNoTracking().VisibleTo(staff).Where(p => staff.CaseloadPupilIds.Contains(p.Id)).OrderBy(p => p.Id).ToListAsync(ct);
                batch.Total = pupils.Count;
                foreach (var pupil in pupils)
                {
                    var (_, created) = await book.DraftForAsync(staff.UserId, staff.Name, pupil, ct);
                    if (created) batch.Drafted++; else batch.Skipped++;
                    await db.SaveChangesAsync(ct);
                    await leases.TryAcquireAsync(LeaseName(batch.StaffId), holder, TimeSpan.FromMinutes(2), ct: ct);
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            batch.Error = "Drafting stopped part way: the reports drafted so far are kept. Try again to draft the rest.";
            log.LogError(e, "Drafting family reports, batch {Batch}, failed", batchId);
        }
        finally
        {
            batch.FinishedAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(CancellationToken.None);
            await leases.ReleaseAsync(LeaseName(batch.StaffId), holder, CancellationToken.None);
        }
    }

    public Task<BatchProgress?> ProgressAsync(StaffContext staff, int batchId, CancellationToken ct) =>
        db.Set<FamilyReportBatch>().AsNoTracking().Where(b => b.Id == batchId && b.StaffId == staff.UserId)
            .Select(b => new BatchProgress(b.Id, b.Total, b.Drafted, b.Skipped, b.FinishedAt != null, b.Error)).FirstOrDefaultAsync(ct);

    public Task<int?> LatestAsync(StaffContext staff, CancellationToken ct) =>
        db.Set<FamilyReportBatch>().AsNoTracking().Where(b => b.StaffId == staff.UserId).OrderByDescending(b => b.Id).Select(b => (int?)b.Id).FirstOrDefaultAsync(ct);
}
