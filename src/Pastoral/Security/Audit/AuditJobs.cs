using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Infrastructure.Scheduling;

namespace Pastoral.Security.Audit;

/// <summary>The audit log's scheduled jobs: the daily chain check, the hourly anchor and the daily anchor sent to administrators.</summary>
public static class AuditJobs
{
    public static IServiceCollection AddAuditJobs(this IServiceCollection services) => services
        .AddScheduledJob<AuditChainCheck>("audit-chain-check", JobSchedule.DailyAt("02:30"),
            "Walks the audit log's hash chains against the anchors and alerts administrators if anything was edited or removed")
        .AddScheduledJob<AuditAnchorJob>("audit-anchor", JobSchedule.Interval(TimeSpan.FromHours(1)),
            "Records the end of each audit chain in the anchor file and the application log")
        .AddScheduledJob<DailyAuditAnchor>("audit-anchor-daily", JobSchedule.DailyAt("06:00"),
            "Records the end of each audit chain and sends the anchor lines to administrators, to keep apart from the server");
}

/// <summary>Walks the audit chain daily, against the local anchor file; a broken chain is a failed run, logged loudly and sent to administrators.</summary>
public sealed class AuditChainCheck(PastoralDbContext db, AuditKeyRing keys, AuditAnchors anchors, IServiceProvider services, ILogger<AuditChainCheck> log)
    : IScheduledJob
{
    public async Task RunAsync(ScheduledRun run, CancellationToken ct)
    {
        var result = await AuditChain.VerifyAsync(db, keys, anchors.ReadLocal(), anchors.ReadLocalRestores(keys), ct);
        if (result.Intact)
        {
            log.LogInformation("Audit chain intact: {Count} entries", result.Checked);
            return;
        }
        log.LogCritical("Audit chain broken: {Problems}", string.Join(" ", result.Problems));
        // Every administrator is told in the app and by e-mail; the problems themselves stay on the server (log, verify).
        await AuditAlert.NotifyAdministratorsAsync(services, result.Problems.Count, ct);
        // Failing the run puts it on the jobs page as failed, with the first problem; the retry checks again.
        throw new AuditChainBrokenException($"The audit log is broken: {result.Problems.Count} problem(s), first: {result.Problems[0]}");
    }
}

public sealed class AuditChainBrokenException(string message) : Exception(message);

/// <summary>Anchors every chain every hour, so rewriting the end of the log is caught by the next verify.</summary>
public sealed class AuditAnchorJob(AuditAnchors anchors, PastoralDbContext db) : IScheduledJob
{
    public Task RunAsync(ScheduledRun run, CancellationToken ct) => anchors.WriteAsync(db, ct);
}

/// <summary>Once a day: an anchor for each chain, sent to administrators so a copy lives outside the server.</summary>
public sealed class DailyAuditAnchor(AuditAnchors anchors, PastoralDbContext db, IMailQueue mail) : IScheduledJob
{
    public const string MailKind = "audit-anchor";

    public async Task RunAsync(ScheduledRun run, CancellationToken ct)
    {
        var written = await anchors.WriteAsync(db, ct);
        await EmailAnchorToAdministratorsAsync(written, ct);
    }

    /// <summary>Sends the anchor lines (chain, sequence, hash, time: nothing about any pupil) to every active administrator.</summary>
    private async Task EmailAnchorToAdministratorsAsync(IReadOnlyList<AuditAnchor> written, CancellationToken ct)
    {
        var admins = await Notifier.ActiveHoldersOf(db, Roles.Administrator).Where(u => u.Email != null)
            .Select(u => new { Email = u.Email!, u.FullName }).ToListAsync(ct);
        var body = "The end of each audit chain today. Keep this e-mail apart from the server: `pastoral audit verify --anchor \"LINE\"` " +
                   "checks the log against any one of these lines, so rewriting the log on the server would show.\n\n" +
                   string.Join("\n", written.Select(a => a.ToString())) + "\n";
        foreach (var admin in admins)
            mail.Enqueue(db, new MailMessage(admin.Email, admin.FullName, "Daily audit anchor", body, MailKind));
        await db.SaveChangesAsync(ct);
    }
}
