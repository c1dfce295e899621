using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Pastoral.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class sgordersRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CourtOrders",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    KindOther = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ContactId = table.Column<int>(type: "integer", nullable: true),
                    PersonName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    MayNotCollect = table.Column<bool>(type: "boolean", nullable: false),
                    NoInformation = table.Column<bool>(type: "boolean", nullable: false),
                    NoContact = table.Column<bool>(type: "boolean", nullable: false),
                    StartDate = table.Column<DateOnly>(type: "date", nullable: false),
                    EndDate = table.Column<DateOnly>(type: "date", nullable: true),
                    Court = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Reference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Terms = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    PupilId = table.Column<int>(type: "integer", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RecordedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ChangedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CourtOrders", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CourtOrders_PupilContacts_ContactId",
                        column: x => x.ContactId,
                        principalTable: "PupilContacts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_CourtOrders_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "EncompassNotifications",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ReceivedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    IncidentDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Content = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    ToldInSchool = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    SupportGiven = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    FollowUp = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    PupilId = table.Column<int>(type: "integer", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RecordedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ChangedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EncompassNotifications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EncompassNotifications_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LookedAfterCareDetails",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CareAuthority = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    SocialWorkerName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    SocialWorkerPhone = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    SocialWorkerEmail = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    VirtualSchoolContact = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    PepDates = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    NextPepDue = table.Column<DateOnly>(type: "date", nullable: true),
                    PlacementType = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    PupilId = table.Column<int>(type: "integer", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RecordedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ChangedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LookedAfterCareDetails", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LookedAfterCareDetails_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CourtOrders_ContactId",
                table: "CourtOrders",
                column: "ContactId");

            migrationBuilder.CreateIndex(
                name: "IX_CourtOrders_PupilId_EndDate",
                table: "CourtOrders",
                columns: new[] { "PupilId", "EndDate" });

            migrationBuilder.CreateIndex(
                name: "IX_CourtOrders_PupilId_RecordedAt",
                table: "CourtOrders",
                columns: new[] { "PupilId", "RecordedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_EncompassNotifications_PupilId_RecordedAt",
                table: "EncompassNotifications",
                columns: new[] { "PupilId", "RecordedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_LookedAfterCareDetails_Pupil",
                table: "LookedAfterCareDetails",
                column: "PupilId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LookedAfterCareDetails_PupilId_RecordedAt",
                table: "LookedAfterCareDetails",
                columns: new[] { "PupilId", "RecordedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CourtOrders");

            migrationBuilder.DropTable(
                name: "EncompassNotifications");

            migrationBuilder.DropTable(
                name: "LookedAfterCareDetails");
        }
    }
}
