using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Pastoral.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class restrictedChildProtectionRecord : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "RevokedAt",
                table: "RecordShares",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "RevokedById",
                table: "RecordShares",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ChildProtectionRecords",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PupilId = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    StartDate = table.Column<DateOnly>(type: "date", nullable: true),
                    EndDate = table.Column<DateOnly>(type: "date", nullable: true),
                    LocalAuthority = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    SocialWorkerName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    SocialWorkerPhone = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    SocialWorkerEmail = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RecordedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ClosedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChildProtectionRecords", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ChildProtectionRecords_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ChildProtectionRecords_Current",
                table: "ChildProtectionRecords",
                column: "PupilId",
                unique: true,
                filter: "\"ClosedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_ChildProtectionRecords_PupilId_RecordedAt",
                table: "ChildProtectionRecords",
                columns: new[] { "PupilId", "RecordedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ChildProtectionRecords_Status_ClosedAt",
                table: "ChildProtectionRecords",
                columns: new[] { "Status", "ClosedAt" });

            // Hand-written (Data/Sql/ChildProtectionMove.cs): existing statuses become current periods before the column goes.
            migrationBuilder.Sql(Pastoral.Data.Sql.ChildProtectionMove.PostgresUp());

            migrationBuilder.DropColumn(
                name: "ChildProtection",
                table: "Pupils");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ChildProtection",
                table: "Pupils",
                type: "character varying(10)",
                maxLength: 10,
                nullable: false,
                defaultValue: "None");

            migrationBuilder.Sql(Pastoral.Data.Sql.ChildProtectionMove.PostgresDown());

            migrationBuilder.DropTable(
                name: "ChildProtectionRecords");

            migrationBuilder.DropColumn(
                name: "RevokedAt",
                table: "RecordShares");

            migrationBuilder.DropColumn(
                name: "RevokedById",
                table: "RecordShares");

        }
    }
}
