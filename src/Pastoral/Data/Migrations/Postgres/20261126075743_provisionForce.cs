using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Pastoral.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class provisionForce : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ApPlacements",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PupilId = table.Column<int>(type: "integer", nullable: false),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    ProviderId = table.Column<int>(type: "integer", nullable: false),
                    ProviderName = table.Column<string>(type: "character varying(553)", maxLength: 553, nullable: false),
                    Sessions = table.Column<int>(type: "integer", nullable: false),
                    Hours = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    StartOn = table.Column<DateOnly>(type: "date", nullable: false),
                    EndOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ContactName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ContactPhone = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    ContactEmail = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    AttendanceCode = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    ReviewOn = table.Column<DateOnly>(type: "date", nullable: true),
                    WeeklyCost = table.Column<decimal>(type: "numeric(9,2)", precision: 9, scale: 2, nullable: true),
                    IncidentId = table.Column<long>(type: "bigint", nullable: true),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RecordedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApPlacements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ApPlacements_Agencies_ProviderId",
                        column: x => x.ProviderId,
                        principalTable: "Agencies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ApPlacements_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ForceIncidents",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    OccurredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Location = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    StaffJson = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    WhatHappened = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    WhyNeeded = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    StaffInjuries = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    DebriefOn = table.Column<DateOnly>(type: "date", nullable: true),
                    DebriefWith = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    DebriefNotes = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    IncidentId = table.Column<long>(type: "bigint", nullable: true),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RecordedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ForceIncidents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ForceIncidents_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ManagedMoves",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PupilId = table.Column<int>(type: "integer", nullable: false),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    OtherSchool = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    OtherSchoolUrn = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: true),
                    Direction = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    TrialStartOn = table.Column<DateOnly>(type: "date", nullable: false),
                    TrialEndOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    OutcomeOn = table.Column<DateOnly>(type: "date", nullable: true),
                    Reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    IncidentId = table.Column<long>(type: "bigint", nullable: true),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RecordedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ManagedMoves", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ManagedMoves_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PartTimeTimetables",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PupilId = table.Column<int>(type: "integer", nullable: false),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    Reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Sessions = table.Column<int>(type: "integer", nullable: false),
                    StartOn = table.Column<DateOnly>(type: "date", nullable: false),
                    ReviewOn = table.Column<DateOnly>(type: "date", nullable: false),
                    EndOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ParentsAgreed = table.Column<bool>(type: "boolean", nullable: false),
                    ParentsAgreedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ParentsAgreedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ReviewerId = table.Column<Guid>(type: "uuid", nullable: false),
                    ReviewerName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ReviewNoticeFor = table.Column<DateOnly>(type: "date", nullable: true),
                    LastReviewNote = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    IncidentId = table.Column<long>(type: "bigint", nullable: true),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RecordedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PartTimeTimetables", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PartTimeTimetables_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SearchRecords",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PupilId = table.Column<int>(type: "integer", nullable: false),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    OccurredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Location = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    SearchedById = table.Column<Guid>(type: "uuid", nullable: false),
                    SearchedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    WitnessId = table.Column<Guid>(type: "uuid", nullable: true),
                    WitnessName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Reason = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ReasonDetail = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Found = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Confiscated = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Disposal = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    ParentsToldAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ParentsToldHow = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    ParentsToldBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    IncidentId = table.Column<long>(type: "bigint", nullable: true),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RecordedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SearchRecords", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SearchRecords_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ForcePupils",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ForceIncidentId = table.Column<int>(type: "integer", nullable: false),
                    PupilId = table.Column<int>(type: "integer", nullable: false),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    Holds = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Injuries = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Account = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    ParentsToldAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ParentsToldHow = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    ParentsToldBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ForcePupils", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ForcePupils_ForceIncidents_ForceIncidentId",
                        column: x => x.ForceIncidentId,
                        principalTable: "ForceIncidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ForcePupils_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ManagedMoveReviews",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ManagedMoveId = table.Column<int>(type: "integer", nullable: false),
                    PupilId = table.Column<int>(type: "integer", nullable: false),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    HeldOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Attended = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Notes = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RecordedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ManagedMoveReviews", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ManagedMoveReviews_ManagedMoves_ManagedMoveId",
                        column: x => x.ManagedMoveId,
                        principalTable: "ManagedMoves",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ManagedMoveReviews_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ApPlacements_ProviderId",
                table: "ApPlacements",
                column: "ProviderId");

            migrationBuilder.CreateIndex(
                name: "IX_ApPlacements_PupilId_StartOn",
                table: "ApPlacements",
                columns: new[] { "PupilId", "StartOn" });

            migrationBuilder.CreateIndex(
                name: "IX_ApPlacements_SchoolId_EndOn",
                table: "ApPlacements",
                columns: new[] { "SchoolId", "EndOn" });

            migrationBuilder.CreateIndex(
                name: "IX_ForceIncidents_SchoolId_OccurredAt",
                table: "ForceIncidents",
                columns: new[] { "SchoolId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ForcePupils_ForceIncidentId",
                table: "ForcePupils",
                column: "ForceIncidentId");

            migrationBuilder.CreateIndex(
                name: "IX_ForcePupils_PupilId_ForceIncidentId",
                table: "ForcePupils",
                columns: new[] { "PupilId", "ForceIncidentId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ManagedMoveReviews_ManagedMoveId",
                table: "ManagedMoveReviews",
                column: "ManagedMoveId");

            migrationBuilder.CreateIndex(
                name: "IX_ManagedMoveReviews_PupilId_HeldOn",
                table: "ManagedMoveReviews",
                columns: new[] { "PupilId", "HeldOn" });

            migrationBuilder.CreateIndex(
                name: "IX_ManagedMoves_PupilId_TrialStartOn",
                table: "ManagedMoves",
                columns: new[] { "PupilId", "TrialStartOn" });

            migrationBuilder.CreateIndex(
                name: "IX_ManagedMoves_SchoolId_Outcome",
                table: "ManagedMoves",
                columns: new[] { "SchoolId", "Outcome" });

            migrationBuilder.CreateIndex(
                name: "IX_PartTimeTimetables_PupilId_StartOn",
                table: "PartTimeTimetables",
                columns: new[] { "PupilId", "StartOn" });

            migrationBuilder.CreateIndex(
                name: "IX_PartTimeTimetables_SchoolId_ReviewOn",
                table: "PartTimeTimetables",
                columns: new[] { "SchoolId", "ReviewOn" });

            migrationBuilder.CreateIndex(
                name: "IX_SearchRecords_PupilId_OccurredAt",
                table: "SearchRecords",
                columns: new[] { "PupilId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SearchRecords_SchoolId_OccurredAt",
                table: "SearchRecords",
                columns: new[] { "SchoolId", "OccurredAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ApPlacements");

            migrationBuilder.DropTable(
                name: "ForcePupils");

            migrationBuilder.DropTable(
                name: "ManagedMoveReviews");

            migrationBuilder.DropTable(
                name: "PartTimeTimetables");

            migrationBuilder.DropTable(
                name: "SearchRecords");

            migrationBuilder.DropTable(
                name: "ForceIncidents");

            migrationBuilder.DropTable(
                name: "ManagedMoves");
        }
    }
}
