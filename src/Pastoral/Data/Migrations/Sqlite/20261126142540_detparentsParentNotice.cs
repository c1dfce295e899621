using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pastoral.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class detparentsParentNotice : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "CancellationToldAt",
                table: "Detentions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ParentsToldAt",
                table: "Detentions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ParentsToldHow",
                table: "Detentions",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DetentionParentNotices",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SchoolId = table.Column<int>(type: "INTEGER", nullable: false),
                    TellAutomatically = table.Column<bool>(type: "INTEGER", nullable: false),
                    ByEmail = table.Column<bool>(type: "INTEGER", nullable: false),
                    ByLetter = table.Column<bool>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    UpdatedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DetentionParentNotices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DetentionParentNotices_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DetentionParentNotices_SchoolId",
                table: "DetentionParentNotices",
                column: "SchoolId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DetentionParentNotices");

            migrationBuilder.DropColumn(
                name: "CancellationToldAt",
                table: "Detentions");

            migrationBuilder.DropColumn(
                name: "ParentsToldAt",
                table: "Detentions");

            migrationBuilder.DropColumn(
                name: "ParentsToldHow",
                table: "Detentions");
        }
    }
}
