using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Pastoral.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class attendanceCalling : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AbsenceBands",
                columns: table => new
                {
                    PupilId = table.Column<int>(type: "integer", nullable: false),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    Band = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AbsenceBands", x => x.PupilId);
                    table.ForeignKey(
                        name: "FK_AbsenceBands_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "FirstDayCalls",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    PupilId = table.Column<int>(type: "integer", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Session = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    PupilContactId = table.Column<int>(type: "integer", nullable: true),
                    ContactName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Phone = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    Outcome = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Reason = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ProposedCode = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    CalledAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CalledById = table.Column<Guid>(type: "uuid", nullable: false),
                    CalledByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ConfirmedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ConfirmedCode = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true),
                    ConfirmedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FirstDayCalls", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FirstDayCalls_PupilContacts_PupilContactId",
                        column: x => x.PupilContactId,
                        principalTable: "PupilContacts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_FirstDayCalls_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "FirstDayCallTakes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    FamilyPupilId = table.Column<int>(type: "integer", nullable: false),
                    TakenById = table.Column<Guid>(type: "uuid", nullable: false),
                    TakenByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    TakenAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ReleasedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FirstDayCallTakes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FirstDayCallTakes_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "IllnessExpectations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PupilId = table.Column<int>(type: "integer", nullable: false),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    IllFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    ExpectedBackOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Note = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    SetAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    SetByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IllnessExpectations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IllnessExpectations_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AbsenceBands_SchoolId",
                table: "AbsenceBands",
                column: "SchoolId");

            migrationBuilder.CreateIndex(
                name: "IX_FirstDayCalls_PupilContactId",
                table: "FirstDayCalls",
                column: "PupilContactId");

            migrationBuilder.CreateIndex(
                name: "IX_FirstDayCalls_PupilId_Date",
                table: "FirstDayCalls",
                columns: new[] { "PupilId", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_FirstDayCalls_SchoolId_Date",
                table: "FirstDayCalls",
                columns: new[] { "SchoolId", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_FirstDayCallTakes_Date",
                table: "FirstDayCallTakes",
                column: "Date");

            migrationBuilder.CreateIndex(
                name: "IX_FirstDayCallTakes_SchoolId_Date_FamilyPupilId",
                table: "FirstDayCallTakes",
                columns: new[] { "SchoolId", "Date", "FamilyPupilId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IllnessExpectations_PupilId_ExpectedBackOn",
                table: "IllnessExpectations",
                columns: new[] { "PupilId", "ExpectedBackOn" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AbsenceBands");

            migrationBuilder.DropTable(
                name: "FirstDayCalls");

            migrationBuilder.DropTable(
                name: "FirstDayCallTakes");

            migrationBuilder.DropTable(
                name: "IllnessExpectations");
        }
    }
}
