using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Pastoral.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class behaviourDetentions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BehaviourReviews",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    PupilId = table.Column<int>(type: "integer", nullable: false),
                    HeldOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Attendees = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Targets = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    NextReviewOn = table.Column<DateOnly>(type: "date", nullable: false),
                    PlanId = table.Column<int>(type: "integer", nullable: true),
                    RecordedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BehaviourReviews", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BehaviourReviews_Plans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "Plans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_BehaviourReviews_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DetentionTypes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Minutes = table.Column<int>(type: "integer", nullable: false),
                    Days = table.Column<int>(type: "integer", nullable: false),
                    StartsAt = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    Room = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Capacity = table.Column<int>(type: "integer", nullable: false),
                    OutsideSchoolHours = table.Column<bool>(type: "boolean", nullable: false),
                    NoticeHours = table.Column<int>(type: "integer", nullable: false),
                    EscalatesToId = table.Column<int>(type: "integer", nullable: true),
                    ParentsTold = table.Column<bool>(type: "boolean", nullable: false),
                    Active = table.Column<bool>(type: "boolean", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DetentionTypes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DetentionTypes_DetentionTypes_EscalatesToId",
                        column: x => x.EscalatesToId,
                        principalTable: "DetentionTypes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_DetentionTypes_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "IsolationPlacements",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    PupilId = table.Column<int>(type: "integer", nullable: false),
                    StartsOn = table.Column<DateOnly>(type: "date", nullable: false),
                    EndsOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    IncidentId = table.Column<int>(type: "integer", nullable: true),
                    Status = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    PlacedById = table.Column<Guid>(type: "uuid", nullable: false),
                    PlacedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    PlacedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IsolationPlacements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IsolationPlacements_BehaviourIncidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "BehaviourIncidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_IsolationPlacements_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RestorativeConversations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    IncidentId = table.Column<int>(type: "integer", nullable: true),
                    HeldOn = table.Column<DateOnly>(type: "date", nullable: false),
                    StaffNames = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Agreed = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    FollowUpOn = table.Column<DateOnly>(type: "date", nullable: true),
                    RecordedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RestorativeConversations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RestorativeConversations_BehaviourIncidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "BehaviourIncidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_RestorativeConversations_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Detentions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    PupilId = table.Column<int>(type: "integer", nullable: false),
                    TypeId = table.Column<int>(type: "integer", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Seat = table.Column<int>(type: "integer", nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    IncidentId = table.Column<int>(type: "integer", nullable: true),
                    Status = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    EscalatedFromId = table.Column<int>(type: "integer", nullable: true),
                    ParentsToBeTold = table.Column<bool>(type: "boolean", nullable: false),
                    SetById = table.Column<Guid>(type: "uuid", nullable: false),
                    SetByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    SetAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    MarkedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    MarkedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Detentions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Detentions_BehaviourIncidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "BehaviourIncidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Detentions_DetentionTypes_TypeId",
                        column: x => x.TypeId,
                        principalTable: "DetentionTypes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Detentions_Detentions_EscalatedFromId",
                        column: x => x.EscalatedFromId,
                        principalTable: "Detentions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Detentions_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "IsolationSessions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PlacementId = table.Column<int>(type: "integer", nullable: false),
                    PupilId = table.Column<int>(type: "integer", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Session = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    SupervisedById = table.Column<Guid>(type: "uuid", nullable: true),
                    SupervisedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IsolationSessions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IsolationSessions_IsolationPlacements_PlacementId",
                        column: x => x.PlacementId,
                        principalTable: "IsolationPlacements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "IsolationWork",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PlacementId = table.Column<int>(type: "integer", nullable: false),
                    PupilId = table.Column<int>(type: "integer", nullable: false),
                    Subject = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Work = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    SetByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    SetAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IsolationWork", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IsolationWork_IsolationPlacements_PlacementId",
                        column: x => x.PlacementId,
                        principalTable: "IsolationPlacements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RestorativeParticipants",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ConversationId = table.Column<int>(type: "integer", nullable: false),
                    PupilId = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RestorativeParticipants", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RestorativeParticipants_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_RestorativeParticipants_RestorativeConversations_Conversati~",
                        column: x => x.ConversationId,
                        principalTable: "RestorativeConversations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BehaviourReviews_PlanId",
                table: "BehaviourReviews",
                column: "PlanId");

            migrationBuilder.CreateIndex(
                name: "IX_BehaviourReviews_PupilId_HeldOn",
                table: "BehaviourReviews",
                columns: new[] { "PupilId", "HeldOn" });

            migrationBuilder.CreateIndex(
                name: "IX_BehaviourReviews_SchoolId_NextReviewOn",
                table: "BehaviourReviews",
                columns: new[] { "SchoolId", "NextReviewOn" });

            migrationBuilder.CreateIndex(
                name: "IX_Detentions_EscalatedFromId",
                table: "Detentions",
                column: "EscalatedFromId");

            migrationBuilder.CreateIndex(
                name: "IX_Detentions_IncidentId",
                table: "Detentions",
                column: "IncidentId");

            migrationBuilder.CreateIndex(
                name: "IX_Detentions_PupilId_Date",
                table: "Detentions",
                columns: new[] { "PupilId", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_Detentions_SchoolId_Date",
                table: "Detentions",
                columns: new[] { "SchoolId", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_Detentions_TypeId_Date_Seat",
                table: "Detentions",
                columns: new[] { "TypeId", "Date", "Seat" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DetentionTypes_EscalatesToId",
                table: "DetentionTypes",
                column: "EscalatesToId");

            migrationBuilder.CreateIndex(
                name: "IX_DetentionTypes_SchoolId_Name",
                table: "DetentionTypes",
                columns: new[] { "SchoolId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IsolationPlacements_IncidentId",
                table: "IsolationPlacements",
                column: "IncidentId");

            migrationBuilder.CreateIndex(
                name: "IX_IsolationPlacements_PupilId_StartsOn",
                table: "IsolationPlacements",
                columns: new[] { "PupilId", "StartsOn" });

            migrationBuilder.CreateIndex(
                name: "IX_IsolationSessions_Date",
                table: "IsolationSessions",
                column: "Date");

            migrationBuilder.CreateIndex(
                name: "IX_IsolationSessions_PlacementId_Date_Session",
                table: "IsolationSessions",
                columns: new[] { "PlacementId", "Date", "Session" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IsolationSessions_PupilId",
                table: "IsolationSessions",
                column: "PupilId");

            migrationBuilder.CreateIndex(
                name: "IX_IsolationWork_PlacementId",
                table: "IsolationWork",
                column: "PlacementId");

            migrationBuilder.CreateIndex(
                name: "IX_IsolationWork_PupilId",
                table: "IsolationWork",
                column: "PupilId");

            migrationBuilder.CreateIndex(
                name: "IX_RestorativeConversations_IncidentId",
                table: "RestorativeConversations",
                column: "IncidentId");

            migrationBuilder.CreateIndex(
                name: "IX_RestorativeConversations_SchoolId",
                table: "RestorativeConversations",
                column: "SchoolId");

            migrationBuilder.CreateIndex(
                name: "IX_RestorativeParticipants_ConversationId_PupilId",
                table: "RestorativeParticipants",
                columns: new[] { "ConversationId", "PupilId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RestorativeParticipants_PupilId",
                table: "RestorativeParticipants",
                column: "PupilId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BehaviourReviews");

            migrationBuilder.DropTable(
                name: "Detentions");

            migrationBuilder.DropTable(
                name: "IsolationSessions");

            migrationBuilder.DropTable(
                name: "IsolationWork");

            migrationBuilder.DropTable(
                name: "RestorativeParticipants");

            migrationBuilder.DropTable(
                name: "DetentionTypes");

            migrationBuilder.DropTable(
                name: "IsolationPlacements");

            migrationBuilder.DropTable(
                name: "RestorativeConversations");
        }
    }
}
