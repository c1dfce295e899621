namespace Pastoral.Data.Sql;

/// <summary>
/// Moves CP/CIN status off the Pupils table into ChildProtectionRecords (one current period per pupil with a status,
/// its dates, authority and social worker unknown), and back on the way down (the current status only: history is lost).
/// Called from the restrictedChildProtectionRecord migration of each provider, after the table is created and before the
/// old column is dropped. The moved rows are not audited one by one: the migration is the change.
/// </summary>
public static class ChildProtectionMove
{
    private const string Insert = """
        INSERT INTO "ChildProtectionRecords" ("PupilId", "Status", "RecordedAt", "RecordedByName", "Version")
        SELECT "Id", "ChildProtection", NOW_UTC, 'Moved from the pupil record', 0 FROM "Pupils" WHERE "ChildProtection" IN ('Cp', 'Cin');
        """;

    private const string Back = """
        UPDATE "Pupils" SET "ChildProtection" = COALESCE((SELECT r."Status" FROM "ChildProtectionRecords" r
            WHERE r."PupilId" = "Pupils"."Id" AND r."ClosedAt" IS NULL AND r."Status" IN ('Cp', 'Cin')), 'None');
        """;

    public static string SqliteUp() => Insert.Replace("NOW_UTC", "strftime('%Y-%m-%d %H:%M:%f', 'now')", StringComparison.Ordinal);
    public static string PostgresUp() => Insert.Replace("NOW_UTC", "now()", StringComparison.Ordinal);
    public static string SqliteDown() => Back;
    public static string PostgresDown() => Back;
}
