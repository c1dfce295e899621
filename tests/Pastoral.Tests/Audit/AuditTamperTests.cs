using Microsoft.EntityFrameworkCore;
using Pastoral.Cli;
using Pastoral.Data;
using Pastoral.Security.Audit;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Audit;

// Tampering breaks the chain for good, so each scenario has a database of its own (one fixture per class).

public abstract class AuditEditedRowTests(AppFixture app)
{
    [Fact]
    public async Task An_edited_row_is_detected()
    {
        await AuditAttacker.WriteAsync(app, 3, "Edited");
        var chain = await AuditAttacker.SchoolChainAsync(app);
        await AuditAttacker.WithoutTriggersAsync(app, $"UPDATE \"AuditEntries\" SET \"Detail\" = 'nothing to see' WHERE \"Chain\" = '{chain}' AND \"Sequence\" = 2");
        var verified = await AuditAttacker.VerifyAsync(app);
        Assert.Contains(verified.Problems, p => p.StartsWith($"Chain {chain}: Entry 2 (", StringComparison.Ordinal) && p.EndsWith("was altered after it was written.", StringComparison.Ordinal));
        Assert.Equal(1, await PastoralCommandLine.RunAsync(app.CliArgs("audit", "verify")));
    }

    [Fact]
    public async Task A_removed_row_is_detected()
    {
        await AuditAttacker.WriteAsync(app, 4, "Removed");
        var chain = await AuditAttacker.SchoolChainAsync(app);
        await AuditAttacker.WithoutTriggersAsync(app, $"DELETE FROM \"AuditEntries\" WHERE \"Chain\" = '{chain}' AND \"Sequence\" = 3");
        var verified = await AuditAttacker.VerifyAsync(app);
        Assert.Contains($"Chain {chain}: Entries 3..3 are missing (removed).", verified.Problems);
        Assert.Equal(1, await PastoralCommandLine.RunAsync(app.CliArgs("audit", "verify")));
    }
}

public sealed class AuditEditedRowTests_Sqlite(SqliteApp app) : AuditEditedRowTests(app), IClassFixture<SqliteApp>;
public sealed class AuditEditedRowTests_Postgres(PostgresApp app) : AuditEditedRowTests(app), IClassFixture<PostgresApp>;

public abstract class AuditTruncatedEndTests(AppFixture app)
{
    [Fact]
    public async Task Deleting_the_newest_entries_and_rewriting_the_head_is_caught_by_the_anchor()
    {
        await AuditAttacker.WriteAsync(app, 2, "Before");
        var chain = await AuditAttacker.SchoolChainAsync(app);
        var kept = (await app.WithServicesAsync(sp => sp.GetRequiredService<AuditAnchors>().WriteAsync(sp.GetRequiredService<PastoralDbContext>())))
            .Single(a => a.Chain == chain);
        await AuditAttacker.WriteAsync(app, 3, "After");
        var newest = (await app.WithServicesAsync(sp => sp.GetRequiredService<AuditAnchors>().WriteAsync(sp.GetRequiredService<PastoralDbContext>())))
            .Single(a => a.Chain == chain);
        var newestLine = app.App.Services.GetRequiredService<AuditAnchors>().ReadLocal().Single(a => a.Anchor == newest).Source;
        Assert.True((await AuditAttacker.VerifyAsync(app)).Intact);

        // No key needed: what is left is still a valid chain, only shorter.
        var end = kept.Sequence + 1;
        var endHash = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.Chain == chain && e.Sequence == end).Select(e => e.Hash).SingleAsync());
        await AuditAttacker.WithoutTriggersAsync(app, $"DELETE FROM \"AuditEntries\" WHERE \"Chain\" = '{chain}' AND \"Sequence\" > {end}");
        await app.WithDbAsync(db => db.AuditHeads.Where(h => h.Chain == chain)
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.LastSequence, end).SetProperty(h => h.LastHash, endHash)));

        var verified = await AuditAttacker.VerifyAsync(app);
        var problem = Assert.Single(verified.Problems);
        Assert.StartsWith($"The anchor of entry {newest.Sequence} of chain {chain} taken ", problem);
        Assert.Contains($"({newestLine}) disagrees: chain {chain} now ends at entry {end}", problem);
        Assert.Equal(1, await PastoralCommandLine.RunAsync(app.CliArgs("audit", "verify")));
    }
}

public sealed class AuditTruncatedEndTests_Sqlite(SqliteApp app) : AuditTruncatedEndTests(app), IClassFixture<SqliteApp>;
public sealed class AuditTruncatedEndTests_Postgres(PostgresApp app) : AuditTruncatedEndTests(app), IClassFixture<PostgresApp>;

public abstract class AuditRechainedWithoutKeyTests(AppFixture app)
{
    [Fact]
    public async Task Removing_entries_and_recomputing_the_chain_with_plain_SHA256_is_caught_by_the_key()
    {
        await AuditAttacker.WriteAsync(app, 4, "Viewed");
        Assert.True((await AuditAttacker.VerifyAsync(app)).Intact);
        Assert.Empty(app.App.Services.GetRequiredService<AuditAnchors>().ReadLocal()); // the key alone must catch it

        // Re-chained with plain SHA-256 as before keying: the entries from the key-start entry on no longer carry the key's seal.
        var chain = await AuditAttacker.SchoolChainAsync(app);
        await AuditAttacker.RewriteAsync(app, e => e.Chain == chain && e.Sequence is 2 or 3, key: null);
        var resealed = await AuditAttacker.VerifyAsync(app);
        Assert.Contains(resealed.Problems, p => p.StartsWith($"Chain {chain}: Entry 1 (AuditKeyStarted AuditKey ", StringComparison.Ordinal) && p.EndsWith(" was altered after it was written.", StringComparison.Ordinal));
        Assert.Equal(1, await PastoralCommandLine.RunAsync(app.CliArgs("audit", "verify")));

        // The best forgery without the key: a log that looks as if it predates keying (plain SHA-256, no key-start entry).
        await AuditAttacker.RewriteAsync(app, e => e.Action == AuditActions.KeyStarted, key: null);
        var verified = await AuditAttacker.VerifyAsync(app);
        Assert.Equal(verified.Chains.Select(c => $"Chain {c.Chain}: no entry is sealed with this installation's audit key: the log was rewritten by someone without the key (or the key belongs to another installation)."),
            verified.Problems);
        Assert.Contains(verified.Chains, c => c.Chain == chain);
        Assert.Equal(1, await PastoralCommandLine.RunAsync(app.CliArgs("audit", "verify")));
    }
}

public sealed class AuditRechainedWithoutKeyTests_Sqlite(SqliteApp app) : AuditRechainedWithoutKeyTests(app), IClassFixture<SqliteApp>;
public sealed class AuditRechainedWithoutKeyTests_Postgres(PostgresApp app) : AuditRechainedWithoutKeyTests(app), IClassFixture<PostgresApp>;

public abstract class AuditRewrittenWithKeyTests(AppFixture app)
{
    [Fact]
    public async Task Rewriting_rows_head_and_anchor_file_with_the_key_is_caught_by_an_anchor_from_the_application_log()
    {
        await AuditAttacker.WriteAsync(app, 3, "Early");
        var chain = await AuditAttacker.SchoolChainAsync(app);
        var log = new ApplicationLog<AuditAnchors>();
        var all = await app.WithServicesAsync(sp => new AuditAnchors(sp.GetRequiredService<DatabaseSettings>(), app.Clock, log)
            .WriteAsync(sp.GetRequiredService<PastoralDbContext>()));
        var anchored = all.Single(a => a.Chain == chain);
        await AuditAttacker.WriteAsync(app, 3, "Late");
        var appLog = Path.Combine(app.Database.DataDirectory, "..", $"app-{Guid.NewGuid():N}.log");
        await File.WriteAllLinesAsync(appLog, ["info: Microsoft.Hosting.Lifetime[0]", "      Application started.", .. log.Lines]);

        // The attacker holds the key and the data folder: drop two early entries, re-chain with the key, rewrite the head
        // and replace the local anchor file with one that matches the forged log.
        var key = app.App.Services.GetRequiredService<AuditKeyRing>().Current;
        var dropped = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.Chain == chain && e.Detail == "PreferredSurname").OrderBy(e => e.Sequence)
            .Select(e => e.Sequence).Take(2).ToListAsync());
        var ends = await AuditAttacker.RewriteAsync(app, e => e.Chain == chain && dropped.Contains(e.Sequence), key);
        var anchorFile = app.App.Services.GetRequiredService<AuditAnchors>().FilePath;
        await File.WriteAllLinesAsync(anchorFile, ends.Values.Select(last => new AuditAnchor(last.Chain, last.Sequence!.Value, last.Hash, app.Clock.GetUtcNow().UtcDateTime).ToString()));

        // Against the database and the local file alone, the forgery holds...
        var local = await AuditAttacker.VerifyAsync(app);
        Assert.True(local.Intact, string.Join(" ", local.Problems));
        Assert.Equal(0, await PastoralCommandLine.RunAsync(app.CliArgs("audit", "verify")));

        // ...but not against the anchor the application log carried off the machine.
        var fromLog = AuditAnchor.FindIn(await File.ReadAllLinesAsync(appLog), Path.GetFileName(appLog)).ToList();
        Assert.Equal(all, fromLog.Select(a => a.Anchor));
        var verified = await AuditAttacker.VerifyAsync(app, fromLog);
        var problem = Assert.Single(verified.Problems); // the trust chain was not touched: its anchor agrees
        Assert.StartsWith($"The anchor of entry {anchored.Sequence} of chain {chain} taken ", problem);
        Assert.Contains($"({fromLog.Single(a => a.Anchor == anchored).Source}) disagrees: entry {anchored.Sequence} of chain {chain} now has hash ", problem);
        Assert.Equal(1, await PastoralCommandLine.RunAsync(app.CliArgs("audit", "verify", "--anchors-from", appLog)));
        Assert.Equal(1, await PastoralCommandLine.RunAsync(app.CliArgs("audit", "verify", "--anchor", anchored.ToString())));
        File.Delete(appLog);
    }
}

public sealed class AuditRewrittenWithKeyTests_Sqlite(SqliteApp app) : AuditRewrittenWithKeyTests(app), IClassFixture<SqliteApp>;
public sealed class AuditRewrittenWithKeyTests_Postgres(PostgresApp app) : AuditRewrittenWithKeyTests(app), IClassFixture<PostgresApp>;

public abstract class AuditChainFromBeforeKeyingTests(AppFixture app)
{
    [Fact]
    public async Task A_log_written_before_keying_still_verifies_and_is_keyed_from_the_next_start()
    {
        // Make this database look like one from before keying: one plain SHA-256 chain and no key file.
        await AuditAttacker.WriteAsync(app, 2, "Legacy");
        var legacyEnd = (await AuditAttacker.RewriteAsync(app, e => e.Action == AuditActions.KeyStarted, key: null, chainOf: _ => AuditChains.Trust))
            [AuditChains.Trust].Sequence;
        var keyFile = app.App.Services.GetRequiredService<AuditKeyRing>().FilePath;
        File.Delete(keyFile);
        var before = await app.WithDbAsync(db => AuditChain.VerifyAsync(db, new AuditKeyRing(app.Database.DataDirectory)));
        Assert.True(before.Intact, string.Join(" ", before.Problems));
        Assert.Null(before.KeyedFrom(AuditChains.Trust));
        Assert.Equal([AuditChains.Trust], before.Chains.Select(c => c.Chain));
        Assert.Equal(0, await PastoralCommandLine.RunAsync(app.CliArgs("audit", "verify")));
        Assert.False(File.Exists(keyFile)); // verify never makes a key up

        // The new version starts (migrate): it creates the key and starts it in the chain.
        Assert.Equal(0, await PastoralCommandLine.RunAsync(app.CliArgs("db", "migrate")));
        Assert.True(File.Exists(keyFile));
        var ring = new AuditKeyRing(app.Database.DataDirectory);
        var after = await app.WithDbAsync(db => AuditChain.VerifyAsync(db, ring));
        Assert.True(after.Intact, string.Join(" ", after.Problems));
        Assert.Equal(legacyEnd + 1, after.KeyedFrom(AuditChains.Trust));
        var start = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(e => e.Chain == AuditChains.Trust && e.Sequence == legacyEnd + 1));
        Assert.Equal((AuditActions.KeyStarted, AuditKeyRing.Fingerprint(ring.Current)), (start.Action, start.EntityId));
        Assert.Equal(0, await PastoralCommandLine.RunAsync(app.CliArgs("audit", "verify")));
    }
}

public sealed class AuditChainFromBeforeKeyingTests_Sqlite(SqliteApp app) : AuditChainFromBeforeKeyingTests(app), IClassFixture<SqliteApp>;
public sealed class AuditChainFromBeforeKeyingTests_Postgres(PostgresApp app) : AuditChainFromBeforeKeyingTests(app), IClassFixture<PostgresApp>;
