using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pastoral.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class familiesContacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "HomeVisitPolicies",
                columns: table => new
                {
                    SchoolId = table.Column<int>(type: "INTEGER", nullable: false),
                    RequireTwoStaff = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HomeVisitPolicies", x => x.SchoolId);
                    table.ForeignKey(
                        name: "FK_HomeVisitPolicies_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "HomeVisits",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PupilId = table.Column<int>(type: "INTEGER", nullable: false),
                    SchoolId = table.Column<int>(type: "INTEGER", nullable: false),
                    PlannedStart = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpectedEnd = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    AddressOf = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PlannedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    PlannedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PlannedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CheckedInAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CheckedInByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CheckedOutAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CheckedOutByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    LastAlertAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AlertCount = table.Column<int>(type: "INTEGER", nullable: false),
                    AcknowledgedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AcknowledgedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Cancelled = table.Column<bool>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HomeVisits", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HomeVisits_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "FamilyContacts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PupilId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Direction = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    PupilContactId = table.Column<int>(type: "INTEGER", nullable: true),
                    WithName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    WithRelationship = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    FollowUpOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    FollowUpDone = table.Column<bool>(type: "INTEGER", nullable: false),
                    StaffId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StaffName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    HomeVisitId = table.Column<int>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FamilyContacts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FamilyContacts_HomeVisits_HomeVisitId",
                        column: x => x.HomeVisitId,
                        principalTable: "HomeVisits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_FamilyContacts_PupilContacts_PupilContactId",
                        column: x => x.PupilContactId,
                        principalTable: "PupilContacts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_FamilyContacts_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "HomeVisitors",
                columns: table => new
                {
                    HomeVisitId = table.Column<int>(type: "INTEGER", nullable: false),
                    StaffId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PupilId = table.Column<int>(type: "INTEGER", nullable: false),
                    StaffName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HomeVisitors", x => new { x.HomeVisitId, x.StaffId });
                    table.ForeignKey(
                        name: "FK_HomeVisitors_HomeVisits_HomeVisitId",
                        column: x => x.HomeVisitId,
                        principalTable: "HomeVisits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FamilyContacts_At",
                table: "FamilyContacts",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_FamilyContacts_HomeVisitId",
                table: "FamilyContacts",
                column: "HomeVisitId");

            migrationBuilder.CreateIndex(
                name: "IX_FamilyContacts_PupilContactId",
                table: "FamilyContacts",
                column: "PupilContactId");

            migrationBuilder.CreateIndex(
                name: "IX_FamilyContacts_PupilId_At",
                table: "FamilyContacts",
                columns: new[] { "PupilId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_FamilyContacts_StaffId_FollowUpOn",
                table: "FamilyContacts",
                columns: new[] { "StaffId", "FollowUpOn" });

            migrationBuilder.CreateIndex(
                name: "IX_HomeVisitors_StaffId",
                table: "HomeVisitors",
                column: "StaffId");

            migrationBuilder.CreateIndex(
                name: "IX_HomeVisits_CheckedOutAt_AcknowledgedAt_ExpectedEnd",
                table: "HomeVisits",
                columns: new[] { "CheckedOutAt", "AcknowledgedAt", "ExpectedEnd" });

            migrationBuilder.CreateIndex(
                name: "IX_HomeVisits_PupilId_PlannedStart",
                table: "HomeVisits",
                columns: new[] { "PupilId", "PlannedStart" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FamilyContacts");

            migrationBuilder.DropTable(
                name: "HomeVisitors");

            migrationBuilder.DropTable(
                name: "HomeVisitPolicies");

            migrationBuilder.DropTable(
                name: "HomeVisits");
        }
    }
}
