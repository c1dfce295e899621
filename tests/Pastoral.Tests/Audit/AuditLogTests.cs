using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Pastoral.Cli;
using Pastoral.Data;
using Pastoral.Data.Sql;
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
        // Written pending, in the change's own save: its own seal, no place in a chain yet.
        var pending = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.PupilId == id && a.Action == AuditActions.Updated)
            .OrderByDescending(a => a.Id).FirstAsync());
        var key = app.App.Services.GetRequiredService<AuditKeyRing>().Current;
        if (pending.Sequence is null) Assert.Equal(pending.ComputePendingMac(key), pending.Hash);
        await app.SealAuditAsync();
        var entry = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.Id == pending.Id));
        Assert.Contains("PreferredForename", entry.Detail);
        Assert.Equal(await AuditAttacker.SchoolChainAsync(app), entry.Chain);
        Assert.NotNull(entry.Sequence);
        Assert.Equal(entry.ComputeHash(key), entry.Hash);
        Assert.NotEqual(entry.ComputeHash(null), entry.Hash);
        var verified = await AuditAttacker.VerifyAsync(app);
        Assert.True(verified.Intact, string.Join(" ", verified.Problems));
        Assert.Equal(0, await PastoralCommandLine.RunAsync(Cli("audit", "verify")));
    }

    [Fact]
    public async Task The_key_is_a_0600_file_in_the_data_folder_and_the_chain_is_keyed_from_its_first_entry()
    {
        await AuditAttacker.WriteAsync(app, 1, "Keyed");
        var keys = app.App.Services.GetRequiredService<AuditKeyRing>();
        Assert.Equal(Path.Combine(Path.GetFullPath(app.Database.DataDirectory), AuditKeyRing.FileName), keys.FilePath);
        Assert.True(File.Exists(keys.FilePath));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keys.FilePath));
        // Every chain (the trust's and each school's) begins with the entry that starts the key.
        var firsts = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.Sequence == 1).ToListAsync());
        Assert.Equal([AuditChains.Trust, await AuditAttacker.SchoolChainAsync(app)], firsts.Select(e => e.Chain).Order(StringComparer.Ordinal).Reverse());
        Assert.All(firsts, first => Assert.Equal((AuditActions.KeyStarted, AuditKeyRing.Fingerprint(keys.Current)), (first.Action, first.EntityId)));
        var verified = await AuditAttacker.VerifyAsync(app);
        Assert.All(verified.Chains, c => Assert.Equal(1, c.KeyedFrom));
    }

    [Fact]
    public async Task Each_school_has_its_own_chain_and_trust_level_events_have_theirs()
    {
        await AuditAttacker.WriteAsync(app, 1, "Chained");
        var id = await app.PupilIdAsync();
        var school = await AuditAttacker.SchoolChainAsync(app);
        var before = await app.WithDbAsync(db => db.AuditHeads.AsNoTracking().ToDictionaryAsync(h => h.Chain, h => h.LastSequence));
        await app.WithDbAsync(async db =>
        {
            db.PupilContacts.Add(new Pastoral.Features.Pupils.PupilContact { PupilId = id, Forename = "Chain", Surname = "Test", Relationship = "Aunt" });
            db.Audit(AuditActions.SignedIn, "StaffUser", "someone");
            await db.SaveChangesAsync();
        });
        await app.SealAuditAsync();
        var after = await app.WithDbAsync(db => db.AuditHeads.AsNoTracking().ToDictionaryAsync(h => h.Chain, h => h.LastSequence));
        Assert.Equal(before[school] + 1, after[school]); // the contact names only its pupil: its school is looked up
        Assert.Equal(before[AuditChains.Trust] + 1, after[AuditChains.Trust]);
        var contact = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(e => e.Chain == school && e.Sequence == after[school]));
        Assert.Equal((nameof(Pastoral.Features.Pupils.PupilContact), id), (contact.EntityType, contact.PupilId));
        var contactId = await app.WithDbAsync(db => db.PupilContacts.Where(c => c.PupilId == id && c.Forename == "Chain").Select(c => c.Id).SingleAsync());
        Assert.Equal($"{contactId}", contact.EntityId); // the key was known before the save (PostgreSQL) or after it (SQLite)
        Assert.True((await AuditAttacker.VerifyAsync(app)).Intact);
    }

    [Fact]
    public async Task An_entry_put_into_the_table_directly_is_never_sealed_and_verify_names_it()
    {
        await AuditAttacker.WriteAsync(app, 1, "Forged");
        var school = await AuditAttacker.SchoolChainAsync(app);
        // A database writer without the key adds a pending entry, hoping the sealer will chain it.
        await app.WithDbAsync(db => db.Database.ExecuteSqlAsync(
            $"INSERT INTO \"AuditEntries\" (\"Chain\", \"At\", \"ActorName\", \"Action\", \"EntityType\", \"EntityId\", \"PreviousHash\", \"Hash\") VALUES ({school}, {DateTime.UtcNow}, 'dsl@demo.pastoral.test', 'Deleted', 'Pupil', '1', '', {new string('a', 64)})"));
        await app.SealAuditAsync();
        var forged = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(e => e.Hash == new string('a', 64)));
        Assert.Null(forged.Sequence);
        var verified = await AuditAttacker.VerifyAsync(app);
        Assert.Equal([$"Entry id {forged.Id} (Deleted Pupil 1) was put into the audit table directly, not by Pastoral: its seal is not made with this installation's audit key."],
            verified.Problems);
        Assert.Equal(1, await PastoralCommandLine.RunAsync(Cli("audit", "verify")));
        await AuditAttacker.WithoutTriggersAsync(app, $"DELETE FROM \"AuditEntries\" WHERE \"Id\" = {forged.Id}");
        Assert.True((await AuditAttacker.VerifyAsync(app)).Intact);
    }

    [Fact]
    public async Task The_running_app_seals_pending_entries_by_itself()
    {
        var id = await app.PupilIdAsync();
        var entryId = await app.WithDbAsync(async db =>
        {
            db.Audit(AuditActions.Exported, "Test", "sealed-by-the-app", pupilId: id);
            await db.SaveChangesAsync();
            return await db.AuditEntries.Where(e => e.EntityId == "sealed-by-the-app").Select(e => e.Id).SingleAsync();
        });
        // No call here: the app's own sealer chains it (and finds the pupil's school for it) within a moment.
        AuditEntry? entry = null;
        for (var tries = 0; tries < 300 && entry?.Sequence is null; tries++)
        {
            if (tries > 0) await Task.Delay(100);
            entry = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(e => e.Id == entryId));
        }
        Assert.NotNull(entry!.Sequence);
        Assert.Equal(await AuditAttacker.SchoolChainAsync(app), entry.Chain);
        Assert.NotNull(entry.SchoolId);
    }

    [Fact]
    public async Task A_save_that_fails_part_way_leaves_neither_its_records_nor_their_audit_entries()
    {
        // On PostgreSQL a small audited save is one batch without BEGIN/COMMIT: the batch must still be all or nothing.
        var id = await app.PupilIdAsync();
        var entries = await app.WithDbAsync(db => db.AuditEntries.CountAsync());
        await Assert.ThrowsAnyAsync<DbUpdateException>(() => app.WithDbAsync(async db =>
        {
            db.PupilContacts.Add(new Pastoral.Features.Pupils.PupilContact { PupilId = id, Forename = "Atomic", Surname = "First", Relationship = "Aunt" });
            db.PupilContacts.Add(new Pastoral.Features.Pupils.PupilContact { PupilId = int.MaxValue, Forename = "Atomic", Surname = "Orphan", Relationship = "Aunt" });
            await db.SaveChangesAsync();
        }));
        Assert.False(await app.WithDbAsync(db => db.PupilContacts.AnyAsync(c => c.Forename == "Atomic")));
        Assert.Equal(entries, await app.WithDbAsync(db => db.AuditEntries.CountAsync()));
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
    public async Task Concurrent_writers_each_write_exactly_one_entry_and_never_fork_the_chain()
    {
        var ids = await app.WithDbAsync(db => db.Pupils.OrderBy(p => p.Id).Select(p => p.Id).Skip(20).Take(8).ToListAsync());
        var chain = await AuditAttacker.SchoolChainAsync(app);
        await app.SealAuditAsync();
        var before = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.Chain == chain).MaxAsync(e => e.Sequence));
        var total = await app.WithDbAsync(db => db.AuditEntries.CountAsync());
        await Task.WhenAll(ids.Select(id => app.WithDbAsync(async db =>
        {
            var pupil = await db.Pupils.SingleAsync(p => p.Id == id);
            pupil.MiddleNames = "Concurrent";
            await db.SaveChangesAsync();
        })));
        await app.SealAuditAsync();
        var written = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.Chain == chain && e.Sequence > before).OrderBy(e => e.Sequence).ToListAsync());
        Assert.Equal(ids.Count, written.Count);
        Assert.Equal(total + ids.Count, await app.WithDbAsync(db => db.AuditEntries.CountAsync()));
        Assert.Equal(Enumerable.Range(1, ids.Count).Select(i => before + i), written.Select(e => e.Sequence));
        Assert.Equal(ids.Order(), written.Select(e => e.PupilId!.Value).Order());
        Assert.All(written, e => Assert.Equal((AuditActions.Updated, "MiddleNames"), (e.Action, e.Detail)));
        var verified = await AuditAttacker.VerifyAsync(app);
        Assert.True(verified.Intact, string.Join(" ", verified.Problems));
    }

    [Fact]
    public async Task The_database_refuses_to_update_or_delete_audit_rows()
    {
        await AuditAttacker.WriteAsync(app, 1, "Refused"); // at least one sealed entry of each kind
        var before = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().OrderBy(e => e.Id).Select(e => e.Hash).ToListAsync());
        AssertRefusal(await Assert.ThrowsAnyAsync<Exception>(() => app.WithDbAsync(db =>
            db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"Detail\" = 'x' WHERE \"Sequence\" = 1"))), "UPDATE");
        AssertRefusal(await Assert.ThrowsAnyAsync<Exception>(() => app.WithDbAsync(db =>
            db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEntries\""))), "DELETE");
        if (app.Provider == DatabaseProvider.Postgres)
            AssertRefusal(await Assert.ThrowsAnyAsync<Exception>(() => app.WithDbAsync(db =>
                db.Database.ExecuteSqlRawAsync("TRUNCATE \"AuditEntries\""))), "TRUNCATE");
        // Sealing a sealed entry again, or sealing a pending one while changing what it records, is refused too.
        AssertRefusal(await Assert.ThrowsAnyAsync<Exception>(() => app.WithDbAsync(db =>
            db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"Sequence\" = \"Sequence\" + 1000000 WHERE \"Sequence\" = 1"))), "UPDATE");
        // (In one transaction, so the app's sealer cannot seal the entry first.)
        AssertRefusal(await Assert.ThrowsAnyAsync<Exception>(() => app.WithDbAsync(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            db.Audit(AuditActions.Exported, "Test", "pending");
            await db.SaveChangesAsync();
            var pendingId = await db.AuditEntries.Where(e => e.EntityId == "pending" && e.Sequence == null).MaxAsync(e => e.Id);
            await db.Database.ExecuteSqlAsync(
                $"UPDATE \"AuditEntries\" SET \"Sequence\" = 999999, \"Detail\" = 'rewritten' WHERE \"Id\" = {pendingId} AND \"Sequence\" IS NULL");
        })), "UPDATE");
        await app.SealAuditAsync();
        var after = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().OrderBy(e => e.Id).Select(e => e.Hash).ToListAsync());
        Assert.Equal(before, after.Take(before.Count)); // nothing changed; the one written since was sealed as it should be
        Assert.True((await AuditAttacker.VerifyAsync(app)).Intact);
    }

    private void AssertRefusal(Exception e, string operation)
    {
        if (app.Provider == DatabaseProvider.Sqlite)
        {
            var sqlite = Assert.IsType<SqliteException>(e);
            Assert.Equal(19, sqlite.SqliteErrorCode); // SQLITE_CONSTRAINT, which RAISE(ABORT, …) gives
            Assert.Contains($"{AuditAppendOnlySql.Refusal}: {operation}", sqlite.Message);
        }
        else
        {
            var pg = Assert.IsType<PostgresException>(e);
            Assert.Equal(PostgresErrorCodes.RaiseException, pg.SqlState);
            Assert.Equal($"{AuditAppendOnlySql.Refusal}: {operation} on \"AuditEntries\" is refused", pg.MessageText);
        }
    }

    [Fact]
    public async Task An_anchor_is_appended_to_the_anchor_file_and_verify_checks_it_and_one_given_on_the_command_line()
    {
        Assert.Equal(0, await PastoralCommandLine.RunAsync(Cli("audit", "anchor")));
        var anchors = app.App.Services.GetRequiredService<AuditAnchors>();
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(anchors.FilePath));
        var chains = await app.WithDbAsync(db => db.AuditHeads.AsNoTracking().OrderBy(h => h.Chain).Select(h => h.Chain).ToListAsync());
        var local = anchors.ReadLocal();
        var newest = local.Skip(local.Count - chains.Count).Select(a => a.Anchor).ToList();
        Assert.Equal(chains.Order(StringComparer.Ordinal), newest.Select(a => a.Chain));
        foreach (var anchor in newest)
        {
            var last = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.Chain == anchor.Chain).OrderByDescending(e => e.Sequence).FirstAsync());
            Assert.Equal((last.Sequence, last.Hash), (anchor.Sequence, anchor.Hash));
        }
        var written = newest[0];
        var verified = await AuditAttacker.VerifyAsync(app);
        Assert.True(verified.Intact, string.Join(" ", verified.Problems));
        Assert.True(verified.AnchorsChecked >= 1);
        Assert.Equal(0, await PastoralCommandLine.RunAsync(Cli("audit", "verify", "--anchor", written.ToString())));
        Assert.Equal(1, await PastoralCommandLine.RunAsync(Cli("audit", "verify", "--anchor", "seq=3 hash=abc")));
    }
}

public sealed class AuditLogTests_Sqlite(SqliteApp app) : AuditLogTests(app), IClassFixture<SqliteApp>;
public sealed class AuditLogTests_Postgres(PostgresApp app) : AuditLogTests(app), IClassFixture<PostgresApp>;
