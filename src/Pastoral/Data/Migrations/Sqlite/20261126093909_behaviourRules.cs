using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pastoral.Data.Migrations.Sqlite
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
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SchoolId = table.Column<int>(type: "INTEGER", nullable: false),
                    Trigger = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Threshold = table.Column<int>(type: "INTEGER", nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RuleId = table.Column<int>(type: "INTEGER", nullable: false),
                    SchoolId = table.Column<int>(type: "INTEGER", nullable: false),
                    PupilId = table.Column<int>(type: "INTEGER", nullable: false),
                    WindowKey = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    WindowStart = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    WindowEnd = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    FiredAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RuleWords = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    IncidentIds = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    DetentionToSet = table.Column<bool>(type: "INTEGER", nullable: false),
                    DetentionId = table.Column<long>(type: "INTEGER", nullable: true)
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
