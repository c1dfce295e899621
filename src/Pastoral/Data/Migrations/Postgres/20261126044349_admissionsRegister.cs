using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Pastoral.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class admissionsRegister : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Admissions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PupilId = table.Column<int>(type: "integer", nullable: false),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    YearGroupJoined = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    FormJoined = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    PreviousSchoolName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    PreviousSchoolUrn = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: true),
                    PreviousSchoolDfeNumber = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    Source = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RecordedById = table.Column<Guid>(type: "uuid", nullable: true),
                    RecordedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Admissions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Admissions_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Admissions_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RollDeletions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PupilId = table.Column<int>(type: "integer", nullable: false),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    LastDayOnRoll = table.Column<DateOnly>(type: "date", nullable: false),
                    Ground = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    DestinationSchool = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    LocalAuthorityToldOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RecordedById = table.Column<Guid>(type: "uuid", nullable: true),
                    RecordedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    UndoneAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    UndoneByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    UndoReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    PreviousOnRollTo = table.Column<DateOnly>(type: "date", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RollDeletions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RollDeletions_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_RollDeletions_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Admissions_PupilId",
                table: "Admissions",
                column: "PupilId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Admissions_SchoolId",
                table: "Admissions",
                column: "SchoolId");

            migrationBuilder.CreateIndex(
                name: "IX_RollDeletions_PupilId",
                table: "RollDeletions",
                column: "PupilId");

            migrationBuilder.CreateIndex(
                name: "IX_RollDeletions_SchoolId_UndoneAt_LocalAuthorityToldOn",
                table: "RollDeletions",
                columns: new[] { "SchoolId", "UndoneAt", "LocalAuthorityToldOn" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Admissions");

            migrationBuilder.DropTable(
                name: "RollDeletions");
        }
    }
}
