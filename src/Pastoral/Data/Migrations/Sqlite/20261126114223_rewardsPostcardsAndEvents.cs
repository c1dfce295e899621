using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pastoral.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class rewardsPostcardsAndEvents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RewardEvents",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SchoolId = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    HeldOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    YearGroupIds = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Capacity = table.Column<int>(type: "INTEGER", nullable: true),
                    NoSuspensionThisTerm = table.Column<bool>(type: "INTEGER", nullable: false),
                    MinAttendancePercent = table.Column<decimal>(type: "TEXT", precision: 5, scale: 1, nullable: true),
                    MinPositivePoints = table.Column<int>(type: "INTEGER", nullable: true),
                    MaxNegativePoints = table.Column<int>(type: "INTEGER", nullable: true),
                    NoMissedDetention = table.Column<bool>(type: "INTEGER", nullable: false),
                    ConfirmedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ConfirmedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RewardEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RewardEvents_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RewardAwards",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PupilId = table.Column<int>(type: "INTEGER", nullable: false),
                    SchoolId = table.Column<int>(type: "INTEGER", nullable: false),
                    Format = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    TemplateKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    TemplateName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Heading = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Wording = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    PupilName = table.Column<string>(type: "TEXT", maxLength: 250, nullable: false),
                    SchoolName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AwardedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    SentHow = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    SentTo = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    EventId = table.Column<int>(type: "INTEGER", nullable: true),
                    ById = table.Column<Guid>(type: "TEXT", nullable: true),
                    ByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RewardAwards", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RewardAwards_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_RewardAwards_RewardEvents_EventId",
                        column: x => x.EventId,
                        principalTable: "RewardEvents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "RewardInvitations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EventId = table.Column<int>(type: "INTEGER", nullable: false),
                    PupilId = table.Column<int>(type: "INTEGER", nullable: false),
                    SchoolId = table.Column<int>(type: "INTEGER", nullable: false),
                    EventName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    HeldOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PupilName = table.Column<string>(type: "TEXT", maxLength: 250, nullable: false),
                    Upn = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Year = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Form = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    InvitedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    InvitedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RewardInvitations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RewardInvitations_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_RewardInvitations_RewardEvents_EventId",
                        column: x => x.EventId,
                        principalTable: "RewardEvents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RewardAwards_EventId",
                table: "RewardAwards",
                column: "EventId");

            migrationBuilder.CreateIndex(
                name: "IX_RewardAwards_PupilId_At",
                table: "RewardAwards",
                columns: new[] { "PupilId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_RewardEvents_SchoolId_HeldOn",
                table: "RewardEvents",
                columns: new[] { "SchoolId", "HeldOn" });

            migrationBuilder.CreateIndex(
                name: "IX_RewardInvitations_EventId_PupilId",
                table: "RewardInvitations",
                columns: new[] { "EventId", "PupilId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RewardInvitations_PupilId",
                table: "RewardInvitations",
                column: "PupilId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RewardAwards");

            migrationBuilder.DropTable(
                name: "RewardInvitations");

            migrationBuilder.DropTable(
                name: "RewardEvents");
        }
    }
}
