namespace Pastoral.Data.Sql;

/// <summary>
/// Triggers that make the audit table append-only at the database, whoever connects: UPDATE and DELETE (and on PostgreSQL
/// TRUNCATE) are refused with a message that says so. Kept outside the Migrations folders so a regenerated migration can
/// re-attach them with one line. Note for SQLite: a migration that rebuilds "AuditEntries" (drop and re-create the table)
/// drops its triggers, so such a migration must call <see cref="SqliteUp"/> again.
/// </summary>
public static class AuditAppendOnlySql
{
    /// <summary>The words both databases refuse with; tests look for them.</summary>
    public const string Refusal = "The audit log is append-only";

    public const string SqliteUp = """
        CREATE TRIGGER IF NOT EXISTS audit_entries_no_update BEFORE UPDATE ON "AuditEntries"
        BEGIN SELECT RAISE(ABORT, 'The audit log is append-only: UPDATE on "AuditEntries" is refused'); END;
        CREATE TRIGGER IF NOT EXISTS audit_entries_no_delete BEFORE DELETE ON "AuditEntries"
        BEGIN SELECT RAISE(ABORT, 'The audit log is append-only: DELETE on "AuditEntries" is refused'); END;
        """;

    public const string SqliteDown = """
        DROP TRIGGER IF EXISTS audit_entries_no_delete;
        DROP TRIGGER IF EXISTS audit_entries_no_update;
        """;

    public const string PostgresUp = """
        CREATE OR REPLACE FUNCTION pastoral_audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'The audit log is append-only: % on "AuditEntries" is refused', TG_OP;
        END $$;
        CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON "AuditEntries"
            FOR EACH ROW EXECUTE FUNCTION pastoral_audit_refuse();
        CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON "AuditEntries"
            FOR EACH STATEMENT EXECUTE FUNCTION pastoral_audit_refuse();
        """;

    public const string PostgresDown = """
        DROP TRIGGER IF EXISTS audit_entries_no_truncate ON "AuditEntries";
        DROP TRIGGER IF EXISTS audit_entries_append_only ON "AuditEntries";
        DROP FUNCTION IF EXISTS pastoral_audit_refuse();
        """;
}
