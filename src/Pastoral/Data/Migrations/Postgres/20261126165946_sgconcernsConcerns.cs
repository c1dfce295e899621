using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Pastoral.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class sgconcernsConcerns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SafeguardingCategories",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    Group = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Active = table.Column<bool>(type: "boolean", nullable: false),
                    Standard = table.Column<bool>(type: "boolean", nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SafeguardingCategories", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SafeguardingCategories_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SafeguardingConcerns",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PupilId = table.Column<int>(type: "integer", nullable: false),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    BatchId = table.Column<Guid>(type: "uuid", nullable: false),
                    Description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    ChildsWords = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    OccurredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Location = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ActionTaken = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Urgent = table.Column<bool>(type: "boolean", nullable: false),
                    RaisedById = table.Column<Guid>(type: "uuid", nullable: false),
                    RaisedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RaisedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    OpenedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    OpenedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    LastAlertedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SafeguardingConcerns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SafeguardingConcerns_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SafeguardingBodyMarks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ConcernId = table.Column<int>(type: "integer", nullable: false),
                    PupilId = table.Column<int>(type: "integer", nullable: false),
                    Side = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    X = table.Column<double>(type: "double precision", nullable: false),
                    Y = table.Column<double>(type: "double precision", nullable: false),
                    Description = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SafeguardingBodyMarks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SafeguardingBodyMarks_SafeguardingConcerns_ConcernId",
                        column: x => x.ConcernId,
                        principalTable: "SafeguardingConcerns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SafeguardingConcernCategories",
                columns: table => new
                {
                    ConcernId = table.Column<int>(type: "integer", nullable: false),
                    CategoryId = table.Column<int>(type: "integer", nullable: false),
                    PupilId = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SafeguardingConcernCategories", x => new { x.ConcernId, x.CategoryId });
                    table.ForeignKey(
                        name: "FK_SafeguardingConcernCategories_SafeguardingCategories_Catego~",
                        column: x => x.CategoryId,
                        principalTable: "SafeguardingCategories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SafeguardingConcernCategories_SafeguardingConcerns_ConcernId",
                        column: x => x.ConcernId,
                        principalTable: "SafeguardingConcerns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SafeguardingBodyMarks_ConcernId",
                table: "SafeguardingBodyMarks",
                column: "ConcernId");

            migrationBuilder.CreateIndex(
                name: "IX_SafeguardingCategories_SchoolId_Name",
                table: "SafeguardingCategories",
                columns: new[] { "SchoolId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SafeguardingConcernCategories_CategoryId",
                table: "SafeguardingConcernCategories",
                column: "CategoryId");

            migrationBuilder.CreateIndex(
                name: "IX_SafeguardingConcerns_BatchId",
                table: "SafeguardingConcerns",
                column: "BatchId");

            migrationBuilder.CreateIndex(
                name: "IX_SafeguardingConcerns_PupilId_RaisedAt",
                table: "SafeguardingConcerns",
                columns: new[] { "PupilId", "RaisedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SafeguardingConcerns_SchoolId_Status_RaisedAt",
                table: "SafeguardingConcerns",
                columns: new[] { "SchoolId", "Status", "RaisedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SafeguardingConcerns_Urgent_OpenedAt_LastAlertedAt",
                table: "SafeguardingConcerns",
                columns: new[] { "Urgent", "OpenedAt", "LastAlertedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SafeguardingBodyMarks");

            migrationBuilder.DropTable(
                name: "SafeguardingConcernCategories");

            migrationBuilder.DropTable(
                name: "SafeguardingCategories");

            migrationBuilder.DropTable(
                name: "SafeguardingConcerns");
        }
    }
}
