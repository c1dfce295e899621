using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pastoral.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class sgtransferCpFiles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CpFileTransfers",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    LastDayOnRoll = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ReceivingSchool = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ReceivingUrn = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    Route = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RouteDetail = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    SentOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ReceiptConfirmedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ReceiptConfirmedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    SendBy = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ReceiptDueBy = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    OverdueNotifiedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReviewConfirmedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReviewConfirmedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    PupilId = table.Column<int>(type: "INTEGER", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RecordedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ChangedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CpFileTransfers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CpFileTransfers_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReceivedCpFiles",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SendingSchool = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    SendingUrn = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    ReceivedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    PupilId = table.Column<int>(type: "INTEGER", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RecordedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ChangedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReceivedCpFiles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReceivedCpFiles_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CpFileRedactions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TransferId = table.Column<int>(type: "INTEGER", nullable: false),
                    PupilId = table.Column<int>(type: "INTEGER", nullable: false),
                    Phrase = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Decision = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ProposedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DecidedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CpFileRedactions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CpFileRedactions_CpFileTransfers_TransferId",
                        column: x => x.TransferId,
                        principalTable: "CpFileTransfers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_CpFileRedactions_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateIndex(
                name: "IX_CpFileRedactions_PupilId",
                table: "CpFileRedactions",
                column: "PupilId");

            migrationBuilder.CreateIndex(
                name: "IX_CpFileRedactions_TransferId",
                table: "CpFileRedactions",
                column: "TransferId");

            migrationBuilder.CreateIndex(
                name: "IX_CpFileTransfers_PupilId_RecordedAt",
                table: "CpFileTransfers",
                columns: new[] { "PupilId", "RecordedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CpFileTransfers_ReceiptConfirmedOn_OverdueNotifiedAt",
                table: "CpFileTransfers",
                columns: new[] { "ReceiptConfirmedOn", "OverdueNotifiedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ReceivedCpFiles_PupilId_RecordedAt",
                table: "ReceivedCpFiles",
                columns: new[] { "PupilId", "RecordedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CpFileRedactions");

            migrationBuilder.DropTable(
                name: "ReceivedCpFiles");

            migrationBuilder.DropTable(
                name: "CpFileTransfers");
        }
    }
}
