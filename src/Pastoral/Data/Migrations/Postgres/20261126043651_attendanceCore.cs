using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Pastoral.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class attendanceCore : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AttendanceMarkChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    PupilId = table.Column<int>(type: "integer", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Session = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    OldCode = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    OldMinutesLate = table.Column<int>(type: "integer", nullable: true),
                    NewCode = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    NewMinutesLate = table.Column<int>(type: "integer", nullable: true),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Source = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ChangedById = table.Column<Guid>(type: "uuid", nullable: true),
                    ChangedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AttendanceMarkChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AttendanceMarkChanges_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AttendanceMarks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    PupilId = table.Column<int>(type: "integer", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Session = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Code = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    MinutesLate = table.Column<int>(type: "integer", nullable: true),
                    Source = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RecordedById = table.Column<Guid>(type: "uuid", nullable: true),
                    RecordedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AttendanceMarks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AttendanceMarks_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AttendanceMarks_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AttendanceRegisters",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    FormId = table.Column<int>(type: "integer", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Session = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    TakenAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    TakenById = table.Column<Guid>(type: "uuid", nullable: true),
                    TakenByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AttendanceRegisters", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AttendanceRegisters_Forms_FormId",
                        column: x => x.FormId,
                        principalTable: "Forms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AttendanceRegisters_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AttendanceSettings",
                columns: table => new
                {
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    Keeper = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    MorningOpens = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    MorningCloses = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    AfternoonOpens = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    AfternoonCloses = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    FollowUpAfterDays = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AttendanceSettings", x => x.SchoolId);
                    table.ForeignKey(
                        name: "FK_AttendanceSettings_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AttendanceMarkChanges_PupilId_Date_Session",
                table: "AttendanceMarkChanges",
                columns: new[] { "PupilId", "Date", "Session" });

            migrationBuilder.CreateIndex(
                name: "IX_AttendanceMarkChanges_SchoolId_ChangedAt",
                table: "AttendanceMarkChanges",
                columns: new[] { "SchoolId", "ChangedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AttendanceMarks_PupilId_Date_Session",
                table: "AttendanceMarks",
                columns: new[] { "PupilId", "Date", "Session" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AttendanceMarks_SchoolId_Date_PupilId_Code",
                table: "AttendanceMarks",
                columns: new[] { "SchoolId", "Date", "PupilId", "Code" });

            migrationBuilder.CreateIndex(
                name: "IX_AttendanceRegisters_FormId_Date_Session",
                table: "AttendanceRegisters",
                columns: new[] { "FormId", "Date", "Session" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AttendanceRegisters_SchoolId_Date_Session",
                table: "AttendanceRegisters",
                columns: new[] { "SchoolId", "Date", "Session" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AttendanceMarkChanges");

            migrationBuilder.DropTable(
                name: "AttendanceMarks");

            migrationBuilder.DropTable(
                name: "AttendanceRegisters");

            migrationBuilder.DropTable(
                name: "AttendanceSettings");
        }
    }
}
