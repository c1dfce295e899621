using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pastoral.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class auditPendingSeal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<long>(
                name: "Sequence",
                table: "AuditEntries",
                type: "bigint",
                nullable: true,
                oldClrType: typeof(long),
                oldType: "bigint");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Pending",
                table: "AuditEntries",
                column: "Id",
                filter: "\"Sequence\" IS NULL");

            // Pending entries are sealed by the one UPDATE the triggers allow.
            migrationBuilder.Sql(Pastoral.Data.Sql.AuditAppendOnlySql.PostgresUp);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_Pending",
                table: "AuditEntries");

            migrationBuilder.AlterColumn<long>(
                name: "Sequence",
                table: "AuditEntries",
                type: "bigint",
                nullable: false,
                defaultValue: 0L,
                oldClrType: typeof(long),
                oldType: "bigint",
                oldNullable: true);
        }
    }
}
