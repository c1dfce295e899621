using Microsoft.EntityFrameworkCore.Migrations;

namespace Pastoral.Data.Sql;

/// <summary>
/// Quartz.NET's tables (QRTZ_*), created by the app's own migration so that Quartz only validates them at start. The DDL is
/// Quartz 4.7.3's own provisioning script for each provider (every statement "IF NOT EXISTS", so it is safe on a database
/// where they already exist); statements are separated by a line reading <c>--;;</c>. A Quartz upgrade that changes the
/// schema adds a migration that runs Quartz's upgrade script. Called from the migration <c>schedQuartz</c>.
/// </summary>
public static partial class QuartzTables
{
    public static void Create(MigrationBuilder migration, bool postgres)
    {
        foreach (var statement in Statements(postgres ? Postgres : Sqlite)) migration.Sql(statement);
    }

    public static void Drop(MigrationBuilder migration)
    {
        foreach (var table in new[] { "EXECUTION_HISTORY", "MISFIRE_HISTORY", "JOB_STATUS", "FIRED_TRIGGERS", "PAUSED_TRIGGER_GRPS", "PAUSED_JOB_GRPS", "SCHEDULER_STATE", "LOCKS", "SIMPROP_TRIGGERS", "SIMPLE_TRIGGERS",
                     "CRON_TRIGGERS", "BLOB_TRIGGERS", "TRIGGERS", "JOB_DETAILS", "CALENDARS" })
            migration.Sql($"DROP TABLE IF EXISTS QRTZ_{table};");
    }

    public static IEnumerable<string> Statements(string script) =>
        script.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n--;;\n")
            .Select(s => s.Trim()).Where(s => s.Split('\n').Any(line => line.Length > 0 && !line.StartsWith("--", StringComparison.Ordinal)));
}
