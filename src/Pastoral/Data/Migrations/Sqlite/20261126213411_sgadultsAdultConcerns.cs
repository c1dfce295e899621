using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pastoral.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class sgadultsAdultConcerns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<int>(
                name: "PupilId",
                table: "RecordShares",
                type: "INTEGER",
                nullable: true,
                oldClrType: typeof(int),
                oldType: "INTEGER");

            migrationBuilder.AddColumn<int>(
                name: "SchoolId",
                table: "RecordShares",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AdultConcerns",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SchoolId = table.Column<int>(type: "INTEGER", nullable: false),
                    AdultName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AdultRole = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Relationship = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    AdultStaffId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AboutHeadteacher = table.Column<bool>(type: "INTEGER", nullable: false),
                    AdultDateOfBirth = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Grounds = table.Column<int>(type: "INTEGER", nullable: false),
                    Reported = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    ReportedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ReportedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ChildrenInvolved = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    RaisedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    RaisedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RaisedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LadoReferredOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    LadoReference = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    LadoAdvice = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    LadoOutcome = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    KeepUntil = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AdultConcerns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AdultConcerns_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AdultConcernActions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ConcernId = table.Column<int>(type: "INTEGER", nullable: false),
                    SchoolId = table.Column<int>(type: "INTEGER", nullable: false),
                    On = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    What = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    ByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AdultConcernActions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AdultConcernActions_AdultConcerns_ConcernId",
                        column: x => x.ConcernId,
                        principalTable: "AdultConcerns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AdultConcernActions_ConcernId",
                table: "AdultConcernActions",
                column: "ConcernId");

            migrationBuilder.CreateIndex(
                name: "IX_AdultConcerns_SchoolId_ReportedOn",
                table: "AdultConcerns",
                columns: new[] { "SchoolId", "ReportedOn" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AdultConcernActions");

            migrationBuilder.DropTable(
                name: "AdultConcerns");

            migrationBuilder.DropColumn(
                name: "SchoolId",
                table: "RecordShares");

            migrationBuilder.AlterColumn<int>(
                name: "PupilId",
                table: "RecordShares",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0,
                oldClrType: typeof(int),
                oldType: "INTEGER",
                oldNullable: true);
        }
    }
}
