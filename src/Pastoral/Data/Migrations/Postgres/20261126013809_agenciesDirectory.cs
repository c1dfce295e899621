using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Pastoral.Data.Migrations.Postgres
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TrustId = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: false),
                    Team = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: true),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Phone = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Email = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    Address = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    Website = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    HowToRefer = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ResponseDays = table.Column<int>(type: "integer", nullable: true),
                    Notes = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Archived = table.Column<bool>(type: "boolean", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PupilId = table.Column<int>(type: "integer", nullable: false),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    AgencyId = table.Column<int>(type: "integer", nullable: false),
                    Reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Status = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    SentOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ConsentFrom = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ConsentOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Response = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ResponseOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ResponseDueOn = table.Column<DateOnly>(type: "date", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
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
                    AgencyId = table.Column<int>(type: "integer", nullable: false),
                    SchoolId = table.Column<int>(type: "integer", nullable: false)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PupilId = table.Column<int>(type: "integer", nullable: false),
                    AgencyId = table.Column<int>(type: "integer", nullable: true),
                    Suggestion = table.Column<string>(type: "character varying(710)", maxLength: 710, nullable: false),
                    ContactId = table.Column<int>(type: "integer", nullable: true),
                    ToWhom = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    SuggestedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RecordedById = table.Column<Guid>(type: "uuid", nullable: true),
                    RecordedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    TakenUp = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    TakeUpOn = table.Column<DateOnly>(type: "date", nullable: true),
                    TakeUpNote = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    TakeUpRecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    TakeUpRecordedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ReferralId = table.Column<int>(type: "integer", nullable: false),
                    PupilId = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ById = table.Column<Guid>(type: "uuid", nullable: true),
                    ByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
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
