using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security.Audit;

namespace Pastoral.Cli;

public static class AuditCommands
{
    public static Command Create() => new("audit", "The audit log") { Verify(), Anchor(), RotateKey() };

    private static Command Verify()
    {
        var from = new Option<string[]>("--anchors-from")
        {
            Description = "Also check the anchors found in this file (an application log, a copy of the anchor file); repeatable",
            AllowMultipleArgumentsPerToken = false,
        };
        var line = new Option<string[]>("--anchor") { Description = "Also check this anchor line (pastoral-audit-anchor chain=… seq=… hash=… at=…); repeatable" };
        var verify = new Command("verify", "Walk the audit log's keyed hash chain and check it against the anchors; exits 1 if any entry was edited or removed")
        {
            from, line,
        };
        verify.SetAction((result, ct) => PastoralCommandLine.Guard(async () =>
        {
            await using var services = await CliServices.BuildAsync(result, migrate: false, ct);
            await using var scope = services.CreateAsyncScope();
            await UpgradeIfEarlierAsync(scope.ServiceProvider.GetRequiredService<PastoralDbContext>(), ct);
            var keyRing = scope.ServiceProvider.GetRequiredService<AuditKeyRing>();
            var anchors = scope.ServiceProvider.GetRequiredService<AuditAnchors>().ReadLocal().ToList();
            var restores = scope.ServiceProvider.GetRequiredService<AuditAnchors>().ReadLocalRestores(keyRing).ToList();
            foreach (var path in result.GetValue(from) ?? [])
            {
                if (!File.Exists(path)) throw new CliException($"No such file: {path}");
                var found = AuditAnchor.FindIn(File.ReadLines(path), Path.GetFileName(path)).ToList();
                if (found.Count == 0) throw new CliException($"{path} holds no audit anchor (a line 'pastoral-audit-anchor chain=… seq=… hash=… at=…').");
                anchors.AddRange(found);
                restores.AddRange(AuditRestore.FindIn(File.ReadLines(path), Path.GetFileName(path), keyRing));
            }
            foreach (var text in result.GetValue(line) ?? [])
            {
                var found = AuditAnchor.FindIn([text], "command line").ToList();
                if (found.Count == 0) throw new CliException($"Not an audit anchor: '{text}' (expected 'pastoral-audit-anchor chain=… seq=… hash=… at=…').");
                anchors.AddRange(found);
            }
            var outcome = await AuditChain.VerifyAsync(scope.ServiceProvider.GetRequiredService<PastoralDbContext>(),
                keyRing, anchors, restores, ct);
            foreach (var chain in outcome.Chains)
            {
                var keyed = chain.KeyedFrom switch
                {
                    null => "none keyed yet (written before the audit key existed)",
                    1 => "all keyed (HMAC-SHA256)",
                    var k => $"entries before {k} predate the audit key (SHA-256), from {k} on keyed (HMAC-SHA256)",
                };
                Console.WriteLine($"  chain {chain.Chain}: {chain.Entries} entries; {keyed}");
            }
            var against = outcome.AnchorsChecked == 0 ? "no anchors to check against yet" : $"{outcome.AnchorsChecked} anchors agree";
            foreach (var restore in restores.Where(r => r.Sealed))
                Console.WriteLine($"  restored from backup {restore.Restore.Backup} on {restore.Restore.At:yyyy-MM-dd HH:mm} UTC: chain {restore.Restore.Chain} from entry {restore.Restore.Sequence}; earlier anchors beyond it are of the log before the restore");
            if (outcome.Intact)
            {
                Console.WriteLine($"Audit log intact: {outcome.Checked} entries in {Counted.Of(outcome.Chains.Count, "chain")}, each unbroken; {against}.");
                return 0;
            }
            Console.Error.WriteLine($"Audit log BROKEN ({outcome.Checked} entries checked, {outcome.AnchorsChecked} anchors):");
            foreach (var problem in outcome.Problems) Console.Error.WriteLine($"  {problem}");
            return 1;
        }));
        return verify;
    }

    /// <summary>
    /// A database from an earlier version (no per-school chains yet) is migrated first, as every other command would: its
    /// SHA-256 chain becomes the trust chain, still verifiable, and keyed from the next entry on. A new, empty database is left alone.
    /// </summary>
    private static async Task UpgradeIfEarlierAsync(PastoralDbContext db, CancellationToken ct)
    {
        if (!(await db.Database.GetAppliedMigrationsAsync(ct)).Any()) return;
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count == 0) return;
        Console.WriteLine($"This database is from an earlier version of Pastoral: migrating it first ({string.Join(", ", pending)}).");
        await db.MigrateAsync(ct);
    }

    private static Command Anchor()
    {
        var anchor = new Command("anchor", "Record the end of the audit chain in the anchor file (data folder) and print it; copy the line somewhere safe");
        anchor.SetAction((result, ct) => PastoralCommandLine.Guard(async () =>
        {
            await using var services = await CliServices.BuildAsync(result, migrate: true, ct);
            await using var scope = services.CreateAsyncScope();
            var anchors = scope.ServiceProvider.GetRequiredService<AuditAnchors>();
            foreach (var written in await anchors.WriteAsync(scope.ServiceProvider.GetRequiredService<PastoralDbContext>(), ct))
                Console.WriteLine(written.ToString());
            Console.Error.WriteLine($"Appended to {anchors.FilePath}.");
            return 0;
        }));
        return anchor;
    }

    private static Command RotateKey()
    {
        var rotate = new Command("rotate-key", "Start sealing the audit log with a new key (key file only; stop every instance first). Older entries keep verifying with the old key.");
        rotate.SetAction((result, ct) => PastoralCommandLine.Guard(async () =>
        {
            await using var services = await CliServices.BuildAsync(result, migrate: true, ct);
            await using var scope = services.CreateAsyncScope();
            var keys = scope.ServiceProvider.GetRequiredService<AuditKeyRing>();
            if (keys.FromSetting)
                throw new CliException("The audit key comes from the Audit:Key setting: move it to Audit:RetiredKeys, set a new Audit:Key on every instance, then restart them all.");
            var fingerprint = keys.Rotate();
            var db = scope.ServiceProvider.GetRequiredService<PastoralDbContext>();
            await AuditChain.EnsureKeyStartedAsync(db, keys, ct);
            var anchors = await scope.ServiceProvider.GetRequiredService<AuditAnchors>().WriteAsync(db, ct);
            Console.WriteLine($"New audit key {fingerprint} added to {keys.FilePath}; every chain is sealed with it from its newest entry on.");
            Console.WriteLine("Keep the whole file: its earlier lines verify the earlier entries. Back it up apart from the database.");
            foreach (var anchor in anchors) Console.WriteLine(anchor.ToString());
            return 0;
        }));
        return rotate;
    }
}
