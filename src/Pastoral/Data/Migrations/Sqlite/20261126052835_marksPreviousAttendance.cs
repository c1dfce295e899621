using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pastoral.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class marksPreviousAttendance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PreviousAttendance",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PupilId = table.Column<int>(type: "INTEGER", nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    La = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    Estab = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    Urn = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    SchoolName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    SessionsPossible = table.Column<int>(type: "INTEGER", nullable: false),
                    SessionsAuthorised = table.Column<int>(type: "INTEGER", nullable: false),
                    SessionsAttended = table.Column<int>(type: "INTEGER", nullable: false),
                    SessionsUnauthorised = table.Column<int>(type: "INTEGER", nullable: false),
                    ImportedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PreviousAttendance", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PreviousAttendance_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PreviousAttendance_PupilId_Year_La_Estab",
                table: "PreviousAttendance",
                columns: new[] { "PupilId", "Year", "La", "Estab" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PreviousAttendance");
        }
    }
}
