using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pastoral.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class attendanceWeekCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AttendanceWeekCounts",
                columns: table => new
                {
                    SchoolId = table.Column<int>(type: "INTEGER", nullable: false),
                    PupilId = table.Column<int>(type: "INTEGER", nullable: false),
                    WeekStart = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Sessions = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AttendanceWeekCounts", x => new { x.PupilId, x.WeekStart, x.SchoolId, x.Code });
                    table.ForeignKey(
                        name: "FK_AttendanceWeekCounts_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AttendanceWeekCounts_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AttendanceWeekCounts_SchoolId_WeekStart_PupilId_Code_Sessions",
                table: "AttendanceWeekCounts",
                columns: new[] { "SchoolId", "WeekStart", "PupilId", "Code", "Sessions" });

            migrationBuilder.Sql(Pastoral.Data.Sql.AttendanceWeekCountsSql.SqliteUp);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Pastoral.Data.Sql.AttendanceWeekCountsSql.SqliteDown);

            migrationBuilder.DropTable(
                name: "AttendanceWeekCounts");
        }
    }
}
