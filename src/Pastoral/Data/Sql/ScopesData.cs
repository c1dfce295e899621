using Microsoft.EntityFrameworkCore.Migrations;

namespace Pastoral.Data.Sql;

/// <summary>
/// Hand-written data moves for migration scopesAccessModel, kept outside the Migrations folders so they can be re-attached
/// to a regenerated migration with two lines: <c>ScopesData.Before(migrationBuilder, provider)</c> first in Up, and
/// <c>ScopesData.After(migrationBuilder)</c> last. Before: one scope per person (StaffUser.Scope + StaffSchools/StaffYearGroups)
/// becomes one grant per school or year group; an EHC plan tick becomes SEN provision E. After: the grants go into StaffScopes.
/// </summary>
public static class ScopesData
{
    // ScopeKind as the old integer column stored it: Trust 0, Schools 1, YearGroups 2, Caseload 3.
    private const string KeepGrants = """
        CREATE TABLE "StaffScopesMove" AS
        SELECT u."Id" AS "UserId", 'Trust' AS "Kind", CAST(NULL AS INTEGER) AS "SchoolId", CAST(NULL AS INTEGER) AS "YearGroupId"
          FROM "AspNetUsers" u WHERE u."Scope" = 0
        UNION ALL
        SELECT s."UserId", CASE WHEN u."Scope" = 3 THEN 'Caseload' ELSE 'Schools' END, s."SchoolId", CAST(NULL AS INTEGER)
          FROM "StaffSchools" s JOIN "AspNetUsers" u ON u."Id" = s."UserId" WHERE u."Scope" IN (1, 3)
        UNION ALL
        SELECT y."UserId", 'YearGroups', g."SchoolId", y."YearGroupId"
          FROM "StaffYearGroups" y JOIN "AspNetUsers" u ON u."Id" = y."UserId" JOIN "YearGroups" g ON g."Id" = y."YearGroupId"
         WHERE u."Scope" = 2;
        """;

    public static void Before(MigrationBuilder migration, DatabaseProvider provider)
    {
        migration.Sql(KeepGrants);
        migration.Sql(provider == DatabaseProvider.Postgres
            ? """UPDATE "Pupils" SET "SenProvision" = 'E' WHERE "Ehcp" = TRUE;"""
            : """UPDATE "Pupils" SET "SenProvision" = 'E' WHERE "Ehcp" = 1;""");
    }

    public static void After(MigrationBuilder migration)
    {
        migration.Sql("""
            INSERT INTO "StaffScopes" ("UserId", "Kind", "SchoolId", "YearGroupId")
            SELECT "UserId", "Kind", "SchoolId", "YearGroupId" FROM "StaffScopesMove";
            """);
        migration.Sql("""DROP TABLE "StaffScopesMove";""");
    }
}
