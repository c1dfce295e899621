using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pastoral.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class restrictedChildProtectionRecord : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "RevokedAt",
                table: "RecordShares",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "RevokedById",
                table: "RecordShares",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ChildProtectionRecords",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PupilId = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    StartDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    EndDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    LocalAuthority = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    SocialWorkerName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    SocialWorkerPhone = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    SocialWorkerEmail = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RecordedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ClosedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChildProtectionRecords", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ChildProtectionRecords_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ChildProtectionRecords_Current",
                table: "ChildProtectionRecords",
                column: "PupilId",
                unique: true,
                filter: "\"ClosedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_ChildProtectionRecords_PupilId_RecordedAt",
                table: "ChildProtectionRecords",
                columns: new[] { "PupilId", "RecordedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ChildProtectionRecords_Status_ClosedAt",
                table: "ChildProtectionRecords",
                columns: new[] { "Status", "ClosedAt" });

            // Hand-written (Data/Sql/ChildProtectionMove.cs): existing statuses become current periods before the column goes.
            migrationBuilder.Sql(Pastoral.Data.Sql.ChildProtectionMove.SqliteUp());

            migrationBuilder.DropColumn(
                name: "ChildProtection",
                table: "Pupils");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ChildProtection",
                table: "Pupils",
                type: "TEXT",
                maxLength: 10,
                nullable: false,
                defaultValue: "None");

            migrationBuilder.Sql(Pastoral.Data.Sql.ChildProtectionMove.SqliteDown());

            migrationBuilder.DropTable(
                name: "ChildProtectionRecords");

            migrationBuilder.DropColumn(
                name: "RevokedAt",
                table: "RecordShares");

            migrationBuilder.DropColumn(
                name: "RevokedById",
                table: "RecordShares");

        }
    }
}
