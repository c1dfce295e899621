using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pastoral.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class importAddressAndPendingImports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AddressLine1",
                table: "Pupils",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AddressLine2",
                table: "Pupils",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AddressLine3",
                table: "Pupils",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "County",
                table: "Pupils",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Postcode",
                table: "Pupils",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Town",
                table: "Pupils",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "AddressAsPupil",
                table: "PupilContacts",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "PendingImport",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    StaffUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 260, nullable: false),
                    IsCtf = table.Column<bool>(type: "INTEGER", nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false),
                    School = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    JoinYear = table.Column<int>(type: "INTEGER", nullable: true),
                    StartDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PendingImport", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PendingImport_ExpiresAt",
                table: "PendingImport",
                column: "ExpiresAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PendingImport");

            migrationBuilder.DropColumn(
                name: "AddressLine1",
                table: "Pupils");

            migrationBuilder.DropColumn(
                name: "AddressLine2",
                table: "Pupils");

            migrationBuilder.DropColumn(
                name: "AddressLine3",
                table: "Pupils");

            migrationBuilder.DropColumn(
                name: "County",
                table: "Pupils");

            migrationBuilder.DropColumn(
                name: "Postcode",
                table: "Pupils");

            migrationBuilder.DropColumn(
                name: "Town",
                table: "Pupils");

            migrationBuilder.DropColumn(
                name: "AddressAsPupil",
                table: "PupilContacts");
        }
    }
}
