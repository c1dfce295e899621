using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pastoral.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class behaviourCore : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BehaviourLogPreferences",
                columns: table => new
                {
                    StaffId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PeriodId = table.Column<int>(type: "INTEGER", nullable: true),
                    LocationId = table.Column<int>(type: "INTEGER", nullable: true),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BehaviourLogPreferences", x => x.StaffId);
                    table.ForeignKey(
                        name: "FK_BehaviourLogPreferences_AspNetUsers_StaffId",
                        column: x => x.StaffId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_BehaviourLogPreferences_Location_LocationId",
                        column: x => x.LocationId,
                        principalTable: "Location",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_BehaviourLogPreferences_SchoolPeriod_PeriodId",
                        column: x => x.PeriodId,
                        principalTable: "SchoolPeriod",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "BehaviourTypes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SchoolId = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Polarity = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Points = table.Column<int>(type: "INTEGER", nullable: false),
                    DefaultFollowUp = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ParentsTold = table.Column<bool>(type: "INTEGER", nullable: false),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    DisplayOrder = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BehaviourTypes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BehaviourTypes_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "BehaviourIncidents",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SchoolId = table.Column<int>(type: "INTEGER", nullable: false),
                    TypeId = table.Column<int>(type: "INTEGER", nullable: false),
                    OccurredAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    OccurredOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PeriodId = table.Column<int>(type: "INTEGER", nullable: true),
                    LocationId = table.Column<int>(type: "INTEGER", nullable: true),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    ActionsTaken = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    ParentsContacted = table.Column<bool>(type: "INTEGER", nullable: false),
                    ParentsContactNote = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    RecordedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecordedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    OnCallRequestId = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BehaviourIncidents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BehaviourIncidents_BehaviourTypes_TypeId",
                        column: x => x.TypeId,
                        principalTable: "BehaviourTypes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_BehaviourIncidents_Location_LocationId",
                        column: x => x.LocationId,
                        principalTable: "Location",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_BehaviourIncidents_SchoolPeriod_PeriodId",
                        column: x => x.PeriodId,
                        principalTable: "SchoolPeriod",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_BehaviourIncidents_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "IncidentPupils",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    IncidentId = table.Column<int>(type: "INTEGER", nullable: false),
                    PupilId = table.Column<int>(type: "INTEGER", nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Points = table.Column<int>(type: "INTEGER", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Account = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentPupils", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IncidentPupils_BehaviourIncidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "BehaviourIncidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_IncidentPupils_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "IncidentStaff",
                columns: table => new
                {
                    IncidentId = table.Column<int>(type: "INTEGER", nullable: false),
                    StaffId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StaffName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentStaff", x => new { x.IncidentId, x.StaffId });
                    table.ForeignKey(
                        name: "FK_IncidentStaff_BehaviourIncidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "BehaviourIncidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BehaviourIncidents_LocationId",
                table: "BehaviourIncidents",
                column: "LocationId");

            migrationBuilder.CreateIndex(
                name: "IX_BehaviourIncidents_OnCallRequestId",
                table: "BehaviourIncidents",
                column: "OnCallRequestId");

            migrationBuilder.CreateIndex(
                name: "IX_BehaviourIncidents_PeriodId",
                table: "BehaviourIncidents",
                column: "PeriodId");

            migrationBuilder.CreateIndex(
                name: "IX_BehaviourIncidents_SchoolId_OccurredOn",
                table: "BehaviourIncidents",
                columns: new[] { "SchoolId", "OccurredOn" });

            migrationBuilder.CreateIndex(
                name: "IX_BehaviourIncidents_TypeId",
                table: "BehaviourIncidents",
                column: "TypeId");

            migrationBuilder.CreateIndex(
                name: "IX_BehaviourLogPreferences_LocationId",
                table: "BehaviourLogPreferences",
                column: "LocationId");

            migrationBuilder.CreateIndex(
                name: "IX_BehaviourLogPreferences_PeriodId",
                table: "BehaviourLogPreferences",
                column: "PeriodId");

            migrationBuilder.CreateIndex(
                name: "IX_BehaviourTypes_SchoolId_Name",
                table: "BehaviourTypes",
                columns: new[] { "SchoolId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IncidentPupils_IncidentId_PupilId",
                table: "IncidentPupils",
                columns: new[] { "IncidentId", "PupilId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IncidentPupils_PupilId",
                table: "IncidentPupils",
                column: "PupilId");

            migrationBuilder.CreateIndex(
                name: "IX_IncidentStaff_StaffId",
                table: "IncidentStaff",
                column: "StaffId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BehaviourLogPreferences");

            migrationBuilder.DropTable(
                name: "IncidentPupils");

            migrationBuilder.DropTable(
                name: "IncidentStaff");

            migrationBuilder.DropTable(
                name: "BehaviourIncidents");

            migrationBuilder.DropTable(
                name: "BehaviourTypes");
        }
    }
}
