using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pastoral.Data.Migrations.Postgres
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
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AddressLine2",
                table: "Pupils",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AddressLine3",
                table: "Pupils",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "County",
                table: "Pupils",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Postcode",
                table: "Pupils",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Town",
                table: "Pupils",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "AddressAsPupil",
                table: "PupilContacts",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "PendingImport",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    StaffUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    FileName = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: false),
                    IsCtf = table.Column<bool>(type: "boolean", nullable: false),
                    Content = table.Column<byte[]>(type: "bytea", nullable: false),
                    School = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    JoinYear = table.Column<int>(type: "integer", nullable: true),
                    StartDate = table.Column<DateOnly>(type: "date", nullable: true),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
