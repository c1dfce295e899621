using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pastoral.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AuditAppendOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The audit log is append-only at the database too: no UPDATE, DELETE or TRUNCATE, whoever connects.
            migrationBuilder.Sql(Pastoral.Data.Sql.AuditAppendOnlySql.PostgresUpV1);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Pastoral.Data.Sql.AuditAppendOnlySql.PostgresDown);
        }
    }
}
