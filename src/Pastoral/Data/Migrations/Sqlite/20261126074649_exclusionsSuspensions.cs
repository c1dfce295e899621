using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pastoral.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class exclusionsSuspensions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PreviousSchoolSuspensions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PupilId = table.Column<int>(type: "INTEGER", nullable: false),
                    SchoolId = table.Column<int>(type: "INTEGER", nullable: false),
                    StartYear = table.Column<int>(type: "INTEGER", nullable: false),
                    SchoolName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    HalfDays = table.Column<int>(type: "INTEGER", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RecordedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PreviousSchoolSuspensions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PreviousSchoolSuspensions_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SchoolSuspensionReasons",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SchoolId = table.Column<int>(type: "INTEGER", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SchoolSuspensionReasons", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SchoolSuspensionReasons_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Suspensions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PupilId = table.Column<int>(type: "INTEGER", nullable: false),
                    SchoolId = table.Column<int>(type: "INTEGER", nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Reasons = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    StartsOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    HalfDays = table.Column<int>(type: "INTEGER", nullable: false),
                    EndsOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    RemovedFromRollOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    DecidedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    DecidedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    IncidentId = table.Column<long>(type: "INTEGER", nullable: true),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    ParentsNotifiedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ParentsNotifiedHow = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ParentsNotifiedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    LocalAuthorityNotifiedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    SocialWorkerNotifiedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    VirtualSchoolHeadNotifiedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ProvisionFrom = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ProvisionWhere = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ProvisionWhat = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ProvisionRemindedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ReintegrationOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ReintegrationAttendees = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ReintegrationTargets = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RecordedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    RecordedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Suspensions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Suspensions_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PreviousSchoolSuspensions_PupilId_StartYear",
                table: "PreviousSchoolSuspensions",
                columns: new[] { "PupilId", "StartYear" });

            migrationBuilder.CreateIndex(
                name: "IX_SchoolSuspensionReasons_SchoolId_Code",
                table: "SchoolSuspensionReasons",
                columns: new[] { "SchoolId", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Suspensions_PupilId_StartsOn",
                table: "Suspensions",
                columns: new[] { "PupilId", "StartsOn" });

            migrationBuilder.CreateIndex(
                name: "IX_Suspensions_SchoolId_StartsOn",
                table: "Suspensions",
                columns: new[] { "SchoolId", "StartsOn" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PreviousSchoolSuspensions");

            migrationBuilder.DropTable(
                name: "SchoolSuspensionReasons");

            migrationBuilder.DropTable(
                name: "Suspensions");
        }
    }
}
