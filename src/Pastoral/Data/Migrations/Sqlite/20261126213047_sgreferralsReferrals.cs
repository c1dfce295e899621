using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pastoral.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class sgreferralsReferrals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ResponseHours",
                table: "Agencies",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SecureEmail",
                table: "Agencies",
                type: "TEXT",
                maxLength: 400,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ChronologyPins",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PupilId = table.Column<int>(type: "INTEGER", nullable: false),
                    On = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    PinnedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PinnedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChronologyPins", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ChronologyPins_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SafeguardingReferrals",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AgencyId = table.Column<int>(type: "INTEGER", nullable: false),
                    Team = table.Column<string>(type: "TEXT", maxLength: 150, nullable: true),
                    ConcernId = table.Column<int>(type: "INTEGER", nullable: true),
                    ReferredAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ReferredByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ReferrerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Method = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    ResponseOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ResponseFrom = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Response = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    ResponseDueAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    OverdueNotifiedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    PupilId = table.Column<int>(type: "INTEGER", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RecordedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ChangedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SafeguardingReferrals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SafeguardingReferrals_Agencies_AgencyId",
                        column: x => x.AgencyId,
                        principalTable: "Agencies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SafeguardingReferrals_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SafeguardingReferrals_SafeguardingConcerns_ConcernId",
                        column: x => x.ConcernId,
                        principalTable: "SafeguardingConcerns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ChronologyPins_PupilId_On",
                table: "ChronologyPins",
                columns: new[] { "PupilId", "On" });

            migrationBuilder.CreateIndex(
                name: "IX_SafeguardingReferrals_AgencyId",
                table: "SafeguardingReferrals",
                column: "AgencyId");

            migrationBuilder.CreateIndex(
                name: "IX_SafeguardingReferrals_ConcernId",
                table: "SafeguardingReferrals",
                column: "ConcernId");

            migrationBuilder.CreateIndex(
                name: "IX_SafeguardingReferrals_PupilId_RecordedAt",
                table: "SafeguardingReferrals",
                columns: new[] { "PupilId", "RecordedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SafeguardingReferrals_Status_OverdueNotifiedAt_ResponseDueAt",
                table: "SafeguardingReferrals",
                columns: new[] { "Status", "OverdueNotifiedAt", "ResponseDueAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ChronologyPins");

            migrationBuilder.DropTable(
                name: "SafeguardingReferrals");

            migrationBuilder.DropColumn(
                name: "ResponseHours",
                table: "Agencies");

            migrationBuilder.DropColumn(
                name: "SecureEmail",
                table: "Agencies");
        }
    }
}
