using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Pastoral.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class sgtriageTriageMeetings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SafeguardingActions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PupilId = table.Column<int>(type: "integer", nullable: false),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    SourceType = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    SourceId = table.Column<int>(type: "integer", nullable: false),
                    Text = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    OwnerId = table.Column<Guid>(type: "uuid", nullable: false),
                    OwnerName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: false),
                    DoneAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DoneByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    OverdueNotifiedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SafeguardingActions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SafeguardingActions_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SafeguardingConcernLinks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ConcernId = table.Column<int>(type: "integer", nullable: false),
                    PupilId = table.Column<int>(type: "integer", nullable: false),
                    LinkedConcernId = table.Column<int>(type: "integer", nullable: false),
                    LinkedPupilId = table.Column<int>(type: "integer", nullable: false),
                    ByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SafeguardingConcernLinks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SafeguardingConcernLinks_SafeguardingConcerns_ConcernId",
                        column: x => x.ConcernId,
                        principalTable: "SafeguardingConcerns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SafeguardingConcernLinks_SafeguardingConcerns_LinkedConcern~",
                        column: x => x.LinkedConcernId,
                        principalTable: "SafeguardingConcerns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SafeguardingDecisions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ConcernId = table.Column<int>(type: "integer", nullable: false),
                    PupilId = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Decision = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    EscalatedTo = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CorrectsId = table.Column<int>(type: "integer", nullable: true),
                    ById = table.Column<Guid>(type: "uuid", nullable: false),
                    ByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SafeguardingDecisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SafeguardingDecisions_SafeguardingConcerns_ConcernId",
                        column: x => x.ConcernId,
                        principalTable: "SafeguardingConcerns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SafeguardingMeetings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PupilId = table.Column<int>(type: "integer", nullable: false),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    Type = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    TypeOther = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    HeldAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Contribution = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    Minutes = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    Decisions = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RecordedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SafeguardingMeetings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SafeguardingMeetings_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SafeguardingMeetingTypeSettings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    Type = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    Restricted = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SafeguardingMeetingTypeSettings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SafeguardingMeetingTypeSettings_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SafeguardingTriage",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ConcernId = table.Column<int>(type: "integer", nullable: false),
                    PupilId = table.Column<int>(type: "integer", nullable: false),
                    Summary = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    FollowUp = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Outcome = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    ChangedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ChangedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SafeguardingTriage", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SafeguardingTriage_SafeguardingConcerns_ConcernId",
                        column: x => x.ConcernId,
                        principalTable: "SafeguardingConcerns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SafeguardingMeetingAttendees",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MeetingId = table.Column<int>(type: "integer", nullable: false),
                    PupilId = table.Column<int>(type: "integer", nullable: false),
                    StaffId = table.Column<Guid>(type: "uuid", nullable: true),
                    AgencyId = table.Column<int>(type: "integer", nullable: true),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SafeguardingMeetingAttendees", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SafeguardingMeetingAttendees_SafeguardingMeetings_MeetingId",
                        column: x => x.MeetingId,
                        principalTable: "SafeguardingMeetings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SafeguardingActions_DoneAt_OverdueNotifiedAt_DueOn",
                table: "SafeguardingActions",
                columns: new[] { "DoneAt", "OverdueNotifiedAt", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_SafeguardingActions_PupilId_CreatedAt",
                table: "SafeguardingActions",
                columns: new[] { "PupilId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SafeguardingActions_SchoolId_DoneAt_DueOn",
                table: "SafeguardingActions",
                columns: new[] { "SchoolId", "DoneAt", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_SafeguardingActions_SourceType_SourceId",
                table: "SafeguardingActions",
                columns: new[] { "SourceType", "SourceId" });

            migrationBuilder.CreateIndex(
                name: "IX_SafeguardingConcernLinks_ConcernId_LinkedConcernId",
                table: "SafeguardingConcernLinks",
                columns: new[] { "ConcernId", "LinkedConcernId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SafeguardingConcernLinks_LinkedConcernId",
                table: "SafeguardingConcernLinks",
                column: "LinkedConcernId");

            migrationBuilder.CreateIndex(
                name: "IX_SafeguardingConcernLinks_PupilId",
                table: "SafeguardingConcernLinks",
                column: "PupilId");

            migrationBuilder.CreateIndex(
                name: "IX_SafeguardingDecisions_ConcernId_At",
                table: "SafeguardingDecisions",
                columns: new[] { "ConcernId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_SafeguardingDecisions_PupilId_At",
                table: "SafeguardingDecisions",
                columns: new[] { "PupilId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_SafeguardingMeetingAttendees_MeetingId",
                table: "SafeguardingMeetingAttendees",
                column: "MeetingId");

            migrationBuilder.CreateIndex(
                name: "IX_SafeguardingMeetingAttendees_PupilId",
                table: "SafeguardingMeetingAttendees",
                column: "PupilId");

            migrationBuilder.CreateIndex(
                name: "IX_SafeguardingMeetings_PupilId_HeldAt",
                table: "SafeguardingMeetings",
                columns: new[] { "PupilId", "HeldAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SafeguardingMeetings_SchoolId_HeldAt",
                table: "SafeguardingMeetings",
                columns: new[] { "SchoolId", "HeldAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SafeguardingMeetingTypeSettings_SchoolId_Type",
                table: "SafeguardingMeetingTypeSettings",
                columns: new[] { "SchoolId", "Type" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SafeguardingTriage_ConcernId",
                table: "SafeguardingTriage",
                column: "ConcernId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SafeguardingTriage_PupilId",
                table: "SafeguardingTriage",
                column: "PupilId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SafeguardingActions");

            migrationBuilder.DropTable(
                name: "SafeguardingConcernLinks");

            migrationBuilder.DropTable(
                name: "SafeguardingDecisions");

            migrationBuilder.DropTable(
                name: "SafeguardingMeetingAttendees");

            migrationBuilder.DropTable(
                name: "SafeguardingMeetingTypeSettings");

            migrationBuilder.DropTable(
                name: "SafeguardingTriage");

            migrationBuilder.DropTable(
                name: "SafeguardingMeetings");
        }
    }
}
