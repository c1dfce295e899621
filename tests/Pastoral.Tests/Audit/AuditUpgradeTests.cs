using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Pastoral.Cli;
using Pastoral.Data;
using Pastoral.Security.Audit;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Audit;

/// <summary>A database written by the version before keyed, per-school chains: `audit verify` still says it is intact.</summary>
public abstract class AuditUpgradeTests(DatabaseProvider provider)
{
    private string BeforeKeying => provider == DatabaseProvider.Sqlite ? "20261124034832_ContactFieldLengths" : "20261124034844_ContactFieldLengths";

    [Fact]
    public async Task Verify_migrates_a_database_from_before_keying_and_its_SHA256_chain_still_verifies()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var config = new ConfigurationBuilder().AddInMemoryCollection(database.Settings()).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(config).AddLogging();
        services.AddPastoralCore(config);
        await using (var sp = services.BuildServiceProvider())
        await using (var scope = sp.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PastoralDbContext>();
            await db.GetService<IMigrator>().MigrateAsync(BeforeKeying);
            // Three entries as the earlier version wrote them: one chain, plain SHA-256.
            var previous = AuditChain.Genesis;
            for (var sequence = 1; sequence <= 3; sequence++)
            {
                var entry = new AuditEntry
                {
                    Sequence = sequence, At = new DateTime(2026, 11, 20, 9, sequence, 0, DateTimeKind.Utc), ActorName = "command line (root)",
                    Action = AuditActions.Imported, EntityType = "Pupil", EntityId = $"{sequence}", PreviousHash = previous, Hash = "",
                };
                entry.Hash = entry.ComputeHash(null);
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO "AuditEntries" ("Sequence", "At", "ActorName", "Action", "EntityType", "EntityId", "PreviousHash", "Hash")
                    VALUES ({entry.Sequence}, {entry.At}, {entry.ActorName}, {entry.Action}, {entry.EntityType}, {entry.EntityId}, {entry.PreviousHash}, {entry.Hash})
                    """);
                previous = entry.Hash;
            }
            await db.Database.ExecuteSqlAsync($"""UPDATE "AuditHeads" SET "LastSequence" = 3, "LastHash" = {previous} WHERE "Id" = 1""");
        }
        string[] Cli(params string[] args) =>
            [.. args, "--data", database.DataDirectory, "--database", provider.ToString().ToLowerInvariant(), .. database.Connection is { } c ? new[] { "--connection", c } : []];

        Assert.Equal(0, await PastoralCommandLine.RunAsync(Cli("audit", "verify")));

        var ring = new AuditKeyRing(database.DataDirectory);
        Assert.True(ring.HasAny); // the upgrade created the key and started it in the chain
        await using (var sp = services.BuildServiceProvider())
        await using (var scope = sp.CreateAsyncScope())
        {
            var verified = await AuditChain.VerifyAsync(scope.ServiceProvider.GetRequiredService<PastoralDbContext>(), ring);
            Assert.True(verified.Intact, string.Join(" ", verified.Problems));
            Assert.Equal([new ChainSummary(AuditChains.Trust, 4, 4)], verified.Chains);
        }
        Assert.Equal(0, await PastoralCommandLine.RunAsync(Cli("audit", "verify")));
    }
}

public sealed class AuditUpgradeTests_Sqlite() : AuditUpgradeTests(DatabaseProvider.Sqlite);
public sealed class AuditUpgradeTests_Postgres() : AuditUpgradeTests(DatabaseProvider.Postgres);
