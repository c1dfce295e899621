using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Pastoral.Data.Migrations.Postgres
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PupilId = table.Column<int>(type: "integer", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    La = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    Estab = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    Urn = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    SchoolName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    SessionsPossible = table.Column<int>(type: "integer", nullable: false),
                    SessionsAuthorised = table.Column<int>(type: "integer", nullable: false),
                    SessionsAttended = table.Column<int>(type: "integer", nullable: false),
                    SessionsUnauthorised = table.Column<int>(type: "integer", nullable: false),
                    ImportedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
