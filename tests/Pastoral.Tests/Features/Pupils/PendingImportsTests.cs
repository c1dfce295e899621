using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Pupils.Import;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Pupils;

/// <summary>The upload kept between preview and confirm: in the database, for its uploader only, one at a time.</summary>
public abstract class PendingImportsTests(AppFixture app)
{
    private Task<T> WithPendingAsync<T>(Func<PendingImports, Task<T>> work) =>
        app.WithServicesAsync(sp => work(sp.GetRequiredService<PendingImports>()));

    [Fact]
    public async Task Only_the_uploader_gets_the_file_back_and_a_new_upload_replaces_the_old()
    {
        var (alice, bob) = (Guid.NewGuid(), Guid.NewGuid());
        var options = new ImportOptions("990000", 7, new DateOnly(2026, 9, 2));
        var first = await WithPendingAsync(p => p.KeepAsync(alice, "a.xml", true, [1, 2, 3], options, CancellationToken.None));

        Assert.Null(await WithPendingAsync(p => p.FindAsync(bob, first, CancellationToken.None)));
        var kept = await WithPendingAsync(p => p.FindAsync(alice, first, CancellationToken.None));
        Assert.NotNull(kept);
        Assert.Equal([1, 2, 3], kept.Content);
        Assert.Equal((7, new DateOnly(2026, 9, 2)), (kept.JoinYear, kept.StartDate));

        var second = await WithPendingAsync(p => p.KeepAsync(alice, "b.csv", false, [4], options, CancellationToken.None));
        Assert.Null(await WithPendingAsync(p => p.FindAsync(alice, first, CancellationToken.None)));
        await WithPendingAsync(async p => { await p.ForgetAsync(second, CancellationToken.None); return 0; });
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<PendingImport>().CountAsync(i => i.StaffUserId == alice)));
    }

    [Fact]
    public async Task A_file_over_the_limit_is_not_kept() =>
        await Assert.ThrowsAsync<ArgumentException>(() => WithPendingAsync(p =>
            p.KeepAsync(Guid.NewGuid(), "big.csv", false, new byte[RosterImport.MaxBytes + 1], new ImportOptions(), CancellationToken.None)));
}

public sealed class PendingImportsTests_Sqlite(SqliteApp app) : PendingImportsTests(app), IClassFixture<SqliteApp>;
public sealed class PendingImportsTests_Postgres(PostgresApp app) : PendingImportsTests(app), IClassFixture<PostgresApp>;
