namespace Pastoral.Data.Sql;

/// <summary>
/// "AttendanceWeekCounts" holds, for each pupil, school, week (starting Monday) and code, how many sessions of "AttendanceMarks"
/// carry that code. The database keeps it, with triggers on "AttendanceMarks", in the same statement as every insert, update
/// and delete, whoever makes it (the mark writer, the bulk demo writer, a cascade, an administrator at the SQL prompt), so it can
/// never disagree with the marks. <c>AttendanceStatistics</c> reads whole weeks from it and the part-weeks at either end of a
/// range from the marks. PostgreSQL uses statement triggers with transition tables (one grouped upsert per statement, so a
/// COPY of a whole trust's marks is one upsert); SQLite has only row triggers (one upsert per mark).
/// Kept outside the Migrations folders so a regenerated migration can re-attach them with one line; a SQLite migration that
/// rebuilds "AttendanceMarks" drops its triggers and must call <see cref="SqliteUp"/> again.
/// </summary>
public static class AttendanceWeekCountsSql
{
    /// <summary>The Monday of a row's week: the next Sunday (or the day itself), less six days.</summary>
    private static string SqliteWeek(string row) => $"date({row}.\"Date\", 'weekday 0', '-6 days')";

    private static string SqliteAdd(string row) => $"""
        INSERT INTO "AttendanceWeekCounts" ("SchoolId", "PupilId", "WeekStart", "Code", "Sessions")
            VALUES ({row}."SchoolId", {row}."PupilId", {SqliteWeek(row)}, {row}."Code", 1)
            ON CONFLICT ("PupilId", "WeekStart", "SchoolId", "Code") DO UPDATE SET "Sessions" = "Sessions" + 1;
        """;

    private static string SqliteRemove(string row) => $"""
        UPDATE "AttendanceWeekCounts" SET "Sessions" = "Sessions" - 1
            WHERE "PupilId" = {row}."PupilId" AND "WeekStart" = {SqliteWeek(row)} AND "SchoolId" = {row}."SchoolId" AND "Code" = {row}."Code";
        """;

    public static readonly string SqliteUp = $"""
        CREATE TRIGGER IF NOT EXISTS attendance_marks_count_insert AFTER INSERT ON "AttendanceMarks"
        BEGIN {SqliteAdd("NEW")} END;
        CREATE TRIGGER IF NOT EXISTS attendance_marks_count_update AFTER UPDATE OF "SchoolId", "PupilId", "Date", "Code" ON "AttendanceMarks"
        BEGIN {SqliteRemove("OLD")} {SqliteAdd("NEW")} END;
        CREATE TRIGGER IF NOT EXISTS attendance_marks_count_delete AFTER DELETE ON "AttendanceMarks"
        BEGIN {SqliteRemove("OLD")} END;
        DELETE FROM "AttendanceWeekCounts";
        INSERT INTO "AttendanceWeekCounts" ("SchoolId", "PupilId", "WeekStart", "Code", "Sessions")
            SELECT "SchoolId", "PupilId", {SqliteWeek("\"AttendanceMarks\"")}, "Code", count(*) FROM "AttendanceMarks" GROUP BY 1, 2, 3, 4;
        """;

    public const string SqliteDown = """
        DROP TRIGGER IF EXISTS attendance_marks_count_insert;
        DROP TRIGGER IF EXISTS attendance_marks_count_update;
        DROP TRIGGER IF EXISTS attendance_marks_count_delete;
        """;

    private static string PostgresAdd(string table) => $"""
        INSERT INTO "AttendanceWeekCounts" AS c ("SchoolId", "PupilId", "WeekStart", "Code", "Sessions")
            SELECT "SchoolId", "PupilId", date_trunc('week', "Date"::timestamp)::date, "Code", count(*) FROM {table} GROUP BY 1, 2, 3, 4
            ON CONFLICT ("PupilId", "WeekStart", "SchoolId", "Code") DO UPDATE SET "Sessions" = c."Sessions" + EXCLUDED."Sessions";
        """;

    private const string PostgresRemove = """
        UPDATE "AttendanceWeekCounts" AS c SET "Sessions" = c."Sessions" - o.n
            FROM (SELECT "SchoolId", "PupilId", date_trunc('week', "Date"::timestamp)::date AS w, "Code", count(*) AS n FROM old_marks GROUP BY 1, 2, 3, 4) o
            WHERE c."PupilId" = o."PupilId" AND c."WeekStart" = o.w AND c."SchoolId" = o."SchoolId" AND c."Code" = o."Code";
        """;

    public static readonly string PostgresUp = $"""
        CREATE OR REPLACE FUNCTION pastoral_attendance_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN {PostgresAdd("new_marks")} RETURN NULL; END $$;
        CREATE OR REPLACE FUNCTION pastoral_attendance_counts_update() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN {PostgresRemove} {PostgresAdd("new_marks")} RETURN NULL; END $$;
        CREATE OR REPLACE FUNCTION pastoral_attendance_counts_delete() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN {PostgresRemove} RETURN NULL; END $$;
        CREATE TRIGGER attendance_marks_count_insert AFTER INSERT ON "AttendanceMarks"
            REFERENCING NEW TABLE AS new_marks FOR EACH STATEMENT EXECUTE FUNCTION pastoral_attendance_counts_insert();
        CREATE TRIGGER attendance_marks_count_update AFTER UPDATE ON "AttendanceMarks"
            REFERENCING OLD TABLE AS old_marks NEW TABLE AS new_marks FOR EACH STATEMENT EXECUTE FUNCTION pastoral_attendance_counts_update();
        CREATE TRIGGER attendance_marks_count_delete AFTER DELETE ON "AttendanceMarks"
            REFERENCING OLD TABLE AS old_marks FOR EACH STATEMENT EXECUTE FUNCTION pastoral_attendance_counts_delete();
        DELETE FROM "AttendanceWeekCounts";
        {PostgresAdd("\"AttendanceMarks\"")}
        """;

    public const string PostgresDown = """
        DROP TRIGGER IF EXISTS attendance_marks_count_insert ON "AttendanceMarks";
        DROP TRIGGER IF EXISTS attendance_marks_count_update ON "AttendanceMarks";
        DROP TRIGGER IF EXISTS attendance_marks_count_delete ON "AttendanceMarks";
        DROP FUNCTION IF EXISTS pastoral_attendance_counts_insert();
        DROP FUNCTION IF EXISTS pastoral_attendance_counts_update();
        DROP FUNCTION IF EXISTS pastoral_attendance_counts_delete();
        """;
}
