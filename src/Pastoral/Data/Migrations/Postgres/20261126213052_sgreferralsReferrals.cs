using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Pastoral.Data.Migrations.Postgres
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
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SecureEmail",
                table: "Agencies",
                type: "character varying(400)",
                maxLength: 400,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ChronologyPins",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PupilId = table.Column<int>(type: "integer", nullable: false),
                    On = table.Column<DateOnly>(type: "date", nullable: false),
                    Category = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    PinnedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    PinnedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AgencyId = table.Column<int>(type: "integer", nullable: false),
                    Team = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: true),
                    ConcernId = table.Column<int>(type: "integer", nullable: true),
                    ReferredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ReferredByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ReferrerId = table.Column<Guid>(type: "uuid", nullable: true),
                    Method = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Reference = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    Status = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Reason = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    ResponseOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ResponseFrom = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Response = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    ResponseDueAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    OverdueNotifiedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    PupilId = table.Column<int>(type: "integer", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RecordedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ChangedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
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
