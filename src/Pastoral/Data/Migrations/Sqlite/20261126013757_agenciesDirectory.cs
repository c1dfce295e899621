using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pastoral.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class agenciesDirectory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Agencies",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TrustId = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 150, nullable: false),
                    Team = table.Column<string>(type: "TEXT", maxLength: 150, nullable: true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    Address = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    Website = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    HowToRefer = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ResponseDays = table.Column<int>(type: "INTEGER", nullable: true),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Archived = table.Column<bool>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Agencies", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Agencies_Trusts_TrustId",
                        column: x => x.TrustId,
                        principalTable: "Trusts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AgencyReferrals",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PupilId = table.Column<int>(type: "INTEGER", nullable: false),
                    SchoolId = table.Column<int>(type: "INTEGER", nullable: false),
                    AgencyId = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    SentOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ConsentFrom = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ConsentOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Response = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ResponseOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ResponseDueOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AgencyReferrals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AgencyReferrals_Agencies_AgencyId",
                        column: x => x.AgencyId,
                        principalTable: "Agencies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_AgencyReferrals_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AgencyReferrals_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "AgencySchools",
                columns: table => new
                {
                    AgencyId = table.Column<int>(type: "INTEGER", nullable: false),
                    SchoolId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AgencySchools", x => new { x.AgencyId, x.SchoolId });
                    table.ForeignKey(
                        name: "FK_AgencySchools_Agencies_AgencyId",
                        column: x => x.AgencyId,
                        principalTable: "Agencies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AgencySchools_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Signpostings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PupilId = table.Column<int>(type: "INTEGER", nullable: false),
                    AgencyId = table.Column<int>(type: "INTEGER", nullable: true),
                    Suggestion = table.Column<string>(type: "TEXT", maxLength: 710, nullable: false),
                    ContactId = table.Column<int>(type: "INTEGER", nullable: true),
                    ToWhom = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    SuggestedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RecordedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    RecordedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    TakenUp = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    TakeUpOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    TakeUpNote = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    TakeUpRecordedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    TakeUpRecordedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Signpostings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Signpostings_Agencies_AgencyId",
                        column: x => x.AgencyId,
                        principalTable: "Agencies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Signpostings_PupilContacts_ContactId",
                        column: x => x.ContactId,
                        principalTable: "PupilContacts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Signpostings_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AgencyReferralStatusChanges",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ReferralId = table.Column<int>(type: "INTEGER", nullable: false),
                    PupilId = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ById = table.Column<Guid>(type: "TEXT", nullable: true),
                    ByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AgencyReferralStatusChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AgencyReferralStatusChanges_AgencyReferrals_ReferralId",
                        column: x => x.ReferralId,
                        principalTable: "AgencyReferrals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AgencyReferralStatusChanges_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Agencies_TrustId_Archived_Name",
                table: "Agencies",
                columns: new[] { "TrustId", "Archived", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_AgencyReferrals_AgencyId",
                table: "AgencyReferrals",
                column: "AgencyId");

            migrationBuilder.CreateIndex(
                name: "IX_AgencyReferrals_PupilId",
                table: "AgencyReferrals",
                column: "PupilId");

            migrationBuilder.CreateIndex(
                name: "IX_AgencyReferrals_SchoolId_Status_ResponseDueOn",
                table: "AgencyReferrals",
                columns: new[] { "SchoolId", "Status", "ResponseDueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_AgencyReferralStatusChanges_PupilId_At",
                table: "AgencyReferralStatusChanges",
                columns: new[] { "PupilId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_AgencyReferralStatusChanges_ReferralId",
                table: "AgencyReferralStatusChanges",
                column: "ReferralId");

            migrationBuilder.CreateIndex(
                name: "IX_AgencySchools_SchoolId",
                table: "AgencySchools",
                column: "SchoolId");

            migrationBuilder.CreateIndex(
                name: "IX_Signpostings_AgencyId",
                table: "Signpostings",
                column: "AgencyId");

            migrationBuilder.CreateIndex(
                name: "IX_Signpostings_ContactId",
                table: "Signpostings",
                column: "ContactId");

            migrationBuilder.CreateIndex(
                name: "IX_Signpostings_PupilId_RecordedAt",
                table: "Signpostings",
                columns: new[] { "PupilId", "RecordedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AgencyReferralStatusChanges");

            migrationBuilder.DropTable(
                name: "AgencySchools");

            migrationBuilder.DropTable(
                name: "Signpostings");

            migrationBuilder.DropTable(
                name: "AgencyReferrals");

            migrationBuilder.DropTable(
                name: "Agencies");
        }
    }
}
