using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pastoral.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class auditSqliteAppendOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The audit log is append-only at the database on SQLite too: UPDATE and DELETE are refused.
            migrationBuilder.Sql(Pastoral.Data.Sql.AuditAppendOnlySql.SqliteUpV1);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Pastoral.Data.Sql.AuditAppendOnlySql.SqliteDown);
        }
    }
}
