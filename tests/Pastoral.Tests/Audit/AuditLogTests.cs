using Microsoft.EntityFrameworkCore;
using Pastoral.Cli;
using Pastoral.Data;
using Pastoral.Security.Audit;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Audit;

public abstract class AuditLogTests(AppFixture app)
{
    private string[] Cli(params string[] args) => app.CliArgs(args);

    [Fact]
    public async Task A_change_to_a_pupil_is_audited_in_the_chain_and_the_chain_verifies()
    {
        var id = await app.PupilIdAsync();
        await app.WithDbAsync(async db =>
        {
            var pupil = await db.Pupils.SingleAsync(p => p.Id == id);
            pupil.PreferredForename = "Renamed";
            await db.SaveChangesAsync();
        });
        var entry = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.PupilId == id && a.Action == AuditActions.Updated)
            .OrderByDescending(a => a.Sequence).FirstAsync());
        Assert.Contains("PreferredForename", entry.Detail);
        Assert.Equal(64, entry.Hash.Length);
        var verified = await app.WithDbAsync(db => AuditChain.VerifyAsync(db));
        Assert.True(verified.Intact, string.Join(" ", verified.Problems));
        Assert.Equal(0, await PastoralCommandLine.RunAsync(Cli("audit", "verify")));
    }

    [Fact]
    public async Task A_failed_change_writes_no_audit_entry()
    {
        var before = await app.WithDbAsync(db => db.AuditEntries.CountAsync());
        await Assert.ThrowsAnyAsync<DbUpdateException>(() => app.WithDbAsync(async db =>
        {
            var pupil = await db.Pupils.OrderBy(p => p.Id).FirstAsync();
            db.Pupils.Add(new Pastoral.Features.Pupils.Pupil { SchoolId = pupil.SchoolId, Upn = pupil.Upn, LegalSurname = "Dup", LegalForename = "Dup" });
            await db.SaveChangesAsync();
        }));
        Assert.Equal(before, await app.WithDbAsync(db => db.AuditEntries.CountAsync()));
    }

    [Fact]
    public async Task Concurrent_writers_never_fork_the_chain()
    {
        var ids = await app.WithDbAsync(db => db.Pupils.OrderBy(p => p.Id).Select(p => p.Id).Take(8).ToListAsync());
        await Task.WhenAll(ids.Select(id => app.WithDbAsync(async db =>
        {
            var pupil = await db.Pupils.SingleAsync(p => p.Id == id);
            pupil.MiddleNames = "Concurrent";
            await db.SaveChangesAsync();
        })));
        var verified = await app.WithDbAsync(db => AuditChain.VerifyAsync(db));
        Assert.True(verified.Intact, string.Join(" ", verified.Problems));
    }
}

public sealed class AuditLogTests_Sqlite(SqliteApp app) : AuditLogTests(app), IClassFixture<SqliteApp>;
public sealed class AuditLogTests_Postgres(PostgresApp app) : AuditLogTests(app), IClassFixture<PostgresApp>;

/// <summary>Tampering breaks the chain for good, so these tests have a database of their own.</summary>
public sealed class AuditTamperTests_Sqlite(SqliteApp app) : AuditTamper(app), IClassFixture<SqliteApp>
{
    [Fact]
    public Task An_edited_row_is_detected() =>
        TamperAsync("UPDATE \"AuditEntries\" SET \"Detail\" = 'nothing to see' WHERE \"Sequence\" = 2");
}

public sealed class AuditTamperTests_Postgres(PostgresApp app) : AuditTamper(app), IClassFixture<PostgresApp>
{
    private readonly PostgresApp app = app;

    [Fact]
    public async Task The_database_refuses_to_update_or_delete_audit_rows()
    {
        var update = await Assert.ThrowsAnyAsync<Exception>(() => app.WithDbAsync(db =>
            db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"Detail\" = 'x' WHERE \"Sequence\" = 1")));
        Assert.Contains("append-only", update.Message);
        await Assert.ThrowsAnyAsync<Exception>(() => app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEntries\"")));
        await Assert.ThrowsAnyAsync<Exception>(() => app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("TRUNCATE \"AuditEntries\"")));
    }

    [Fact]
    public Task A_row_removed_by_a_superuser_who_disabled_the_trigger_is_detected() =>
        TamperAsync("ALTER TABLE \"AuditEntries\" DISABLE TRIGGER USER; DELETE FROM \"AuditEntries\" WHERE \"Sequence\" = 3; ALTER TABLE \"AuditEntries\" ENABLE TRIGGER USER;");
}

public abstract class AuditTamper(AppFixture app)
{
    protected async Task TamperAsync(string sql)
    {
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(sql));
        var verified = await app.WithDbAsync(db => AuditChain.VerifyAsync(db));
        Assert.False(verified.Intact);
        Assert.Equal(1, await PastoralCommandLine.RunAsync(app.CliArgs("audit", "verify")));
    }
}
