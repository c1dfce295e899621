using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pastoral.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class auditPerSchoolChains : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_Sequence",
                table: "AuditEntries");

            migrationBuilder.AddColumn<string>(
                name: "Chain",
                table: "AuditHeads",
                type: "TEXT",
                maxLength: 40,
                nullable: false,
                defaultValue: "trust");

            migrationBuilder.AddColumn<string>(
                name: "Chain",
                table: "AuditEntries",
                type: "TEXT",
                maxLength: 40,
                nullable: false,
                defaultValue: "trust");

            migrationBuilder.UpdateData(
                table: "AuditHeads",
                keyColumn: "Id",
                keyValue: 1,
                column: "Chain",
                value: "trust");

            migrationBuilder.CreateIndex(
                name: "IX_AuditHeads_Chain",
                table: "AuditHeads",
                column: "Chain",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Chain_Sequence",
                table: "AuditEntries",
                columns: new[] { "Chain", "Sequence" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AuditHeads_Chain",
                table: "AuditHeads");

            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_Chain_Sequence",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "Chain",
                table: "AuditHeads");

            migrationBuilder.DropColumn(
                name: "Chain",
                table: "AuditEntries");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Sequence",
                table: "AuditEntries",
                column: "Sequence",
                unique: true);
        }
    }
}
