using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pastoral.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class auditPendingSealTriggers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Pending entries are sealed by the one UPDATE the triggers allow. A migration of its own: the previous one rebuilt
            // "AuditEntries" (which drops its triggers) after any SQL it ran.
            migrationBuilder.Sql(Pastoral.Data.Sql.AuditAppendOnlySql.SqliteUp);

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Pastoral.Data.Sql.AuditAppendOnlySql.SqliteDown + Pastoral.Data.Sql.AuditAppendOnlySql.SqliteUpV1);

        }
    }
}
