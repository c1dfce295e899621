namespace Pastoral.Data.Sql;

/// <summary>
/// Triggers that make the audit table append-only at the database, whoever connects: UPDATE and DELETE (and on PostgreSQL
/// TRUNCATE) are refused with a message that says so, except the sealing of a pending entry (once, nothing it records changed). Kept outside the Migrations folders so a regenerated migration can
/// re-attach them with one line. Note for SQLite: a migration that rebuilds "AuditEntries" (drop and re-create the table)
/// drops its triggers, so such a migration must call <see cref="SqliteUp"/> again.
/// </summary>
public static class AuditAppendOnlySql
{
    /// <summary>The words both databases refuse with; tests look for them.</summary>
    public const string Refusal = "The audit log is append-only";

    /// <summary>The first triggers (no UPDATE at all), as the migrations that first added them ran them.</summary>
    public const string SqliteUpV1 = """
        CREATE TRIGGER IF NOT EXISTS audit_entries_no_update BEFORE UPDATE ON "AuditEntries"
        BEGIN SELECT RAISE(ABORT, 'The audit log is append-only: UPDATE on "AuditEntries" is refused'); END;
        CREATE TRIGGER IF NOT EXISTS audit_entries_no_delete BEFORE DELETE ON "AuditEntries"
        BEGIN SELECT RAISE(ABORT, 'The audit log is append-only: DELETE on "AuditEntries" is refused'); END;
        """;

    /// <summary>The first PostgreSQL function and triggers, as <c>AuditAppendOnly</c> ran them.</summary>
    public const string PostgresUpV1 = """
        CREATE OR REPLACE FUNCTION pastoral_audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'The audit log is append-only: % on "AuditEntries" is refused', TG_OP;
        END $$;
        CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON "AuditEntries"
            FOR EACH ROW EXECUTE FUNCTION pastoral_audit_refuse();
        CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON "AuditEntries"
            FOR EACH STATEMENT EXECUTE FUNCTION pastoral_audit_refuse();
        """;

    /// <summary>
    /// The one UPDATE allowed: sealing a pending entry, once (its sequence was empty and is now set), changing nothing it
    /// records: only its sequence and hashes, and its chain and school where they were still to be found.
    /// </summary>
    private const string SqliteSealing = """
        OLD."Sequence" IS NULL AND NEW."Sequence" IS NOT NULL AND NEW."Id" = OLD."Id" AND NEW."At" IS OLD."At" AND NEW."ActorId" IS OLD."ActorId" AND NEW."ActorName" IS OLD."ActorName" AND NEW."Action" IS OLD."Action" AND NEW."EntityType" IS OLD."EntityType" AND NEW."EntityId" IS OLD."EntityId" AND NEW."PupilId" IS OLD."PupilId" AND NEW."Source" IS OLD."Source" AND NEW."Detail" IS OLD."Detail"
        AND (OLD."SchoolId" IS NULL OR NEW."SchoolId" IS OLD."SchoolId") AND (OLD."Chain" = '' OR NEW."Chain" IS OLD."Chain")
        """;

    public const string SqliteUp = $"""
        DROP TRIGGER IF EXISTS audit_entries_no_update;
        CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON "AuditEntries" WHEN NOT ({SqliteSealing})
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
            IF TG_OP = 'UPDATE' AND OLD."Sequence" IS NULL AND NEW."Sequence" IS NOT NULL AND NEW."Id" = OLD."Id"
               AND NEW."At" IS NOT DISTINCT FROM OLD."At" AND NEW."ActorId" IS NOT DISTINCT FROM OLD."ActorId" AND NEW."ActorName" IS NOT DISTINCT FROM OLD."ActorName" AND NEW."Action" IS NOT DISTINCT FROM OLD."Action" AND NEW."EntityType" IS NOT DISTINCT FROM OLD."EntityType" AND NEW."EntityId" IS NOT DISTINCT FROM OLD."EntityId" AND NEW."PupilId" IS NOT DISTINCT FROM OLD."PupilId" AND NEW."Source" IS NOT DISTINCT FROM OLD."Source" AND NEW."Detail" IS NOT DISTINCT FROM OLD."Detail"
               AND (OLD."SchoolId" IS NULL OR NEW."SchoolId" IS NOT DISTINCT FROM OLD."SchoolId")
               AND (OLD."Chain" = '' OR NEW."Chain" IS NOT DISTINCT FROM OLD."Chain") THEN
                RETURN NEW; -- sealing a pending entry
            END IF;
            RAISE EXCEPTION 'The audit log is append-only: % on "AuditEntries" is refused', TG_OP;
        END $$;
        DROP TRIGGER IF EXISTS audit_entries_append_only ON "AuditEntries";
        CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON "AuditEntries"
            FOR EACH ROW EXECUTE FUNCTION pastoral_audit_refuse();
        DROP TRIGGER IF EXISTS audit_entries_no_truncate ON "AuditEntries";
        CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON "AuditEntries"
            FOR EACH STATEMENT EXECUTE FUNCTION pastoral_audit_refuse();
        """;

    public const string PostgresDown = """
        DROP TRIGGER IF EXISTS audit_entries_no_truncate ON "AuditEntries";
        DROP TRIGGER IF EXISTS audit_entries_append_only ON "AuditEntries";
        DROP FUNCTION IF EXISTS pastoral_audit_refuse();
        """;
}
