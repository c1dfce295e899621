using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Pastoral.Data.Migrations.Postgres
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
                type: "integer",
                nullable: true,
                oldClrType: typeof(int),
                oldType: "integer");

            migrationBuilder.AddColumn<int>(
                name: "SchoolId",
                table: "RecordShares",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AdultConcerns",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    AdultName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    AdultRole = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Relationship = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    AdultStaffId = table.Column<Guid>(type: "uuid", nullable: true),
                    AboutHeadteacher = table.Column<bool>(type: "boolean", nullable: false),
                    AdultDateOfBirth = table.Column<DateOnly>(type: "date", nullable: true),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Grounds = table.Column<int>(type: "integer", nullable: false),
                    Reported = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    ReportedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ReportedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    ChildrenInvolved = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    RaisedById = table.Column<Guid>(type: "uuid", nullable: false),
                    RaisedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RaisedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LadoReferredOn = table.Column<DateOnly>(type: "date", nullable: true),
                    LadoReference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    LadoAdvice = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    LadoOutcome = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Outcome = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    KeepUntil = table.Column<DateOnly>(type: "date", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ConcernId = table.Column<int>(type: "integer", nullable: false),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    On = table.Column<DateOnly>(type: "date", nullable: false),
                    What = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Reason = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    ByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                type: "integer",
                nullable: false,
                defaultValue: 0,
                oldClrType: typeof(int),
                oldType: "integer",
                oldNullable: true);
        }
    }
}
