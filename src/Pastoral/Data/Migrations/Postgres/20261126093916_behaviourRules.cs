using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Pastoral.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class behaviourRules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BehaviourRules",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    Trigger = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Threshold = table.Column<int>(type: "integer", nullable: false),
                    Action = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Active = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BehaviourRules", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BehaviourRules_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "BehaviourRuleFirings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RuleId = table.Column<int>(type: "integer", nullable: false),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    PupilId = table.Column<int>(type: "integer", nullable: false),
                    WindowKey = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    WindowStart = table.Column<DateOnly>(type: "date", nullable: false),
                    WindowEnd = table.Column<DateOnly>(type: "date", nullable: false),
                    FiredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RuleWords = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    IncidentIds = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Outcome = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    DetentionToSet = table.Column<bool>(type: "boolean", nullable: false),
                    DetentionId = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BehaviourRuleFirings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BehaviourRuleFirings_BehaviourRules_RuleId",
                        column: x => x.RuleId,
                        principalTable: "BehaviourRules",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_BehaviourRuleFirings_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BehaviourRuleFirings_PupilId_FiredAt",
                table: "BehaviourRuleFirings",
                columns: new[] { "PupilId", "FiredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_BehaviourRuleFirings_RuleId_PupilId_WindowKey",
                table: "BehaviourRuleFirings",
                columns: new[] { "RuleId", "PupilId", "WindowKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BehaviourRules_SchoolId_Active",
                table: "BehaviourRules",
                columns: new[] { "SchoolId", "Active" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BehaviourRuleFirings");

            migrationBuilder.DropTable(
                name: "BehaviourRules");
        }
    }
}
