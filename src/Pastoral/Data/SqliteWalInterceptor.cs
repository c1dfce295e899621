using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Pastoral.Data;

/// <summary>SQLite: foreign keys on, and a busy wait so concurrent requests queue for the write lock rather than fail.</summary>
internal sealed class SqliteWalInterceptor : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Configure(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Configure(connection);
        return Task.CompletedTask;
    }

    private static void Configure(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout=30000; PRAGMA synchronous=NORMAL;";
        command.ExecuteNonQuery();
    }
}
