using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Pastoral.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class behaviourParts : Migration
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
                name: "BehaviourLogPreferences",
                columns: table => new
                {
                    StaffId = table.Column<Guid>(type: "uuid", nullable: false),
                    PeriodId = table.Column<int>(type: "integer", nullable: true),
                    LocationId = table.Column<int>(type: "integer", nullable: true),
                    Subject = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BehaviourLogPreferences", x => x.StaffId);
                    table.ForeignKey(
                        name: "FK_BehaviourLogPreferences_AspNetUsers_StaffId",
                        column: x => x.StaffId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_BehaviourLogPreferences_Location_LocationId",
                        column: x => x.LocationId,
                        principalTable: "Location",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_BehaviourLogPreferences_SchoolPeriod_PeriodId",
                        column: x => x.PeriodId,
                        principalTable: "SchoolPeriod",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "BehaviourTypes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Category = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Polarity = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Points = table.Column<int>(type: "integer", nullable: false),
                    DefaultFollowUp = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ParentsTold = table.Column<bool>(type: "boolean", nullable: false),
                    Active = table.Column<bool>(type: "boolean", nullable: false),
                    DisplayOrder = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BehaviourTypes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BehaviourTypes_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
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
                name: "OnCallDuties",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    StaffId = table.Column<Guid>(type: "uuid", nullable: false),
                    StaffName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Weekday = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    OnDate = table.Column<DateOnly>(type: "date", nullable: true),
                    StartsAt = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    EndsAt = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    AddedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    AddedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OnCallDuties", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OnCallDuties_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "OnCallRequests",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    LocationId = table.Column<int>(type: "integer", nullable: false),
                    LocationName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Urgency = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    RaisedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RaisedById = table.Column<Guid>(type: "uuid", nullable: false),
                    RaisedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    AcceptedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    AcceptedById = table.Column<Guid>(type: "uuid", nullable: true),
                    AcceptedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ResolvedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ResolvedById = table.Column<Guid>(type: "uuid", nullable: true),
                    ResolvedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Outcome = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: true),
                    RemovedTo = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    IncidentId = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OnCallRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OnCallRequests_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
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
                name: "PreviousSchoolSuspensions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PupilId = table.Column<int>(type: "integer", nullable: false),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    StartYear = table.Column<int>(type: "integer", nullable: false),
                    SchoolName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    HalfDays = table.Column<int>(type: "integer", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RecordedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PreviousSchoolSuspensions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PreviousSchoolSuspensions_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SchoolSuspensionReasons",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    Code = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Description = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SchoolSuspensionReasons", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SchoolSuspensionReasons_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
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
                name: "Suspensions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PupilId = table.Column<int>(type: "integer", nullable: false),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    Type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Reasons = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    StartsOn = table.Column<DateOnly>(type: "date", nullable: false),
                    HalfDays = table.Column<int>(type: "integer", nullable: false),
                    EndsOn = table.Column<DateOnly>(type: "date", nullable: true),
                    RemovedFromRollOn = table.Column<DateOnly>(type: "date", nullable: true),
                    DecidedById = table.Column<Guid>(type: "uuid", nullable: true),
                    DecidedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    IncidentId = table.Column<long>(type: "bigint", nullable: true),
                    Notes = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    ParentsNotifiedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ParentsNotifiedHow = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ParentsNotifiedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    LocalAuthorityNotifiedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    SocialWorkerNotifiedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    VirtualSchoolHeadNotifiedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ProvisionFrom = table.Column<DateOnly>(type: "date", nullable: true),
                    ProvisionWhere = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ProvisionWhat = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ProvisionRemindedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ReintegrationOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ReintegrationAttendees = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ReintegrationTargets = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RecordedById = table.Column<Guid>(type: "uuid", nullable: true),
                    RecordedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Suspensions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Suspensions_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "BehaviourIncidents",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SchoolId = table.Column<int>(type: "integer", nullable: false),
                    TypeId = table.Column<int>(type: "integer", nullable: false),
                    OccurredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    OccurredOn = table.Column<DateOnly>(type: "date", nullable: false),
                    PeriodId = table.Column<int>(type: "integer", nullable: true),
                    LocationId = table.Column<int>(type: "integer", nullable: true),
                    Subject = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    ActionsTaken = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    ParentsContacted = table.Column<bool>(type: "boolean", nullable: false),
                    ParentsContactNote = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    RecordedById = table.Column<Guid>(type: "uuid", nullable: false),
                    RecordedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    OnCallRequestId = table.Column<long>(type: "bigint", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BehaviourIncidents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BehaviourIncidents_BehaviourTypes_TypeId",
                        column: x => x.TypeId,
                        principalTable: "BehaviourTypes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_BehaviourIncidents_Location_LocationId",
                        column: x => x.LocationId,
                        principalTable: "Location",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_BehaviourIncidents_SchoolPeriod_PeriodId",
                        column: x => x.PeriodId,
                        principalTable: "SchoolPeriod",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_BehaviourIncidents_Schools_SchoolId",
                        column: x => x.SchoolId,
                        principalTable: "Schools",
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

            migrationBuilder.CreateTable(
                name: "OnCallPupils",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OnCallRequestId = table.Column<int>(type: "integer", nullable: false),
                    PupilId = table.Column<int>(type: "integer", nullable: false),
                    SchoolId = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OnCallPupils", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OnCallPupils_OnCallRequests_OnCallRequestId",
                        column: x => x.OnCallRequestId,
                        principalTable: "OnCallRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_OnCallPupils_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "IncidentPupils",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    IncidentId = table.Column<int>(type: "integer", nullable: false),
                    PupilId = table.Column<int>(type: "integer", nullable: false),
                    Role = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Points = table.Column<int>(type: "integer", nullable: false),
                    Outcome = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Account = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentPupils", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IncidentPupils_BehaviourIncidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "BehaviourIncidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_IncidentPupils_Pupils_PupilId",
                        column: x => x.PupilId,
                        principalTable: "Pupils",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "IncidentStaff",
                columns: table => new
                {
                    IncidentId = table.Column<int>(type: "integer", nullable: false),
                    StaffId = table.Column<Guid>(type: "uuid", nullable: false),
                    StaffName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentStaff", x => new { x.IncidentId, x.StaffId });
                    table.ForeignKey(
                        name: "FK_IncidentStaff_BehaviourIncidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "BehaviourIncidents",
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
                name: "IX_BehaviourIncidents_LocationId",
                table: "BehaviourIncidents",
                column: "LocationId");

            migrationBuilder.CreateIndex(
                name: "IX_BehaviourIncidents_OnCallRequestId",
                table: "BehaviourIncidents",
                column: "OnCallRequestId");

            migrationBuilder.CreateIndex(
                name: "IX_BehaviourIncidents_PeriodId",
                table: "BehaviourIncidents",
                column: "PeriodId");

            migrationBuilder.CreateIndex(
                name: "IX_BehaviourIncidents_SchoolId_OccurredOn",
                table: "BehaviourIncidents",
                columns: new[] { "SchoolId", "OccurredOn" });

            migrationBuilder.CreateIndex(
                name: "IX_BehaviourIncidents_TypeId",
                table: "BehaviourIncidents",
                column: "TypeId");

            migrationBuilder.CreateIndex(
                name: "IX_BehaviourLogPreferences_LocationId",
                table: "BehaviourLogPreferences",
                column: "LocationId");

            migrationBuilder.CreateIndex(
                name: "IX_BehaviourLogPreferences_PeriodId",
                table: "BehaviourLogPreferences",
                column: "PeriodId");

            migrationBuilder.CreateIndex(
                name: "IX_BehaviourTypes_SchoolId_Name",
                table: "BehaviourTypes",
                columns: new[] { "SchoolId", "Name" },
                unique: true);

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
                name: "IX_IncidentPupils_IncidentId_PupilId",
                table: "IncidentPupils",
                columns: new[] { "IncidentId", "PupilId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IncidentPupils_PupilId",
                table: "IncidentPupils",
                column: "PupilId");

            migrationBuilder.CreateIndex(
                name: "IX_IncidentStaff_StaffId",
                table: "IncidentStaff",
                column: "StaffId");

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
                name: "IX_OnCallDuties_SchoolId_OnDate",
                table: "OnCallDuties",
                columns: new[] { "SchoolId", "OnDate" });

            migrationBuilder.CreateIndex(
                name: "IX_OnCallDuties_SchoolId_Weekday",
                table: "OnCallDuties",
                columns: new[] { "SchoolId", "Weekday" });

            migrationBuilder.CreateIndex(
                name: "IX_OnCallPupils_OnCallRequestId_PupilId",
                table: "OnCallPupils",
                columns: new[] { "OnCallRequestId", "PupilId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OnCallPupils_PupilId",
                table: "OnCallPupils",
                column: "PupilId");

            migrationBuilder.CreateIndex(
                name: "IX_OnCallRequests_RaisedById_RaisedAt",
                table: "OnCallRequests",
                columns: new[] { "RaisedById", "RaisedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_OnCallRequests_SchoolId_RaisedAt",
                table: "OnCallRequests",
                columns: new[] { "SchoolId", "RaisedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PartTimeTimetables_PupilId_StartOn",
                table: "PartTimeTimetables",
                columns: new[] { "PupilId", "StartOn" });

            migrationBuilder.CreateIndex(
                name: "IX_PartTimeTimetables_SchoolId_ReviewOn",
                table: "PartTimeTimetables",
                columns: new[] { "SchoolId", "ReviewOn" });

            migrationBuilder.CreateIndex(
                name: "IX_PreviousSchoolSuspensions_PupilId_StartYear",
                table: "PreviousSchoolSuspensions",
                columns: new[] { "PupilId", "StartYear" });

            migrationBuilder.CreateIndex(
                name: "IX_SchoolSuspensionReasons_SchoolId_Code",
                table: "SchoolSuspensionReasons",
                columns: new[] { "SchoolId", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SearchRecords_PupilId_OccurredAt",
                table: "SearchRecords",
                columns: new[] { "PupilId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SearchRecords_SchoolId_OccurredAt",
                table: "SearchRecords",
                columns: new[] { "SchoolId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Suspensions_PupilId_StartsOn",
                table: "Suspensions",
                columns: new[] { "PupilId", "StartsOn" });

            migrationBuilder.CreateIndex(
                name: "IX_Suspensions_SchoolId_StartsOn",
                table: "Suspensions",
                columns: new[] { "SchoolId", "StartsOn" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ApPlacements");

            migrationBuilder.DropTable(
                name: "BehaviourLogPreferences");

            migrationBuilder.DropTable(
                name: "ForcePupils");

            migrationBuilder.DropTable(
                name: "IncidentPupils");

            migrationBuilder.DropTable(
                name: "IncidentStaff");

            migrationBuilder.DropTable(
                name: "ManagedMoveReviews");

            migrationBuilder.DropTable(
                name: "OnCallDuties");

            migrationBuilder.DropTable(
                name: "OnCallPupils");

            migrationBuilder.DropTable(
                name: "PartTimeTimetables");

            migrationBuilder.DropTable(
                name: "PreviousSchoolSuspensions");

            migrationBuilder.DropTable(
                name: "SchoolSuspensionReasons");

            migrationBuilder.DropTable(
                name: "SearchRecords");

            migrationBuilder.DropTable(
                name: "Suspensions");

            migrationBuilder.DropTable(
                name: "ForceIncidents");

            migrationBuilder.DropTable(
                name: "BehaviourIncidents");

            migrationBuilder.DropTable(
                name: "ManagedMoves");

            migrationBuilder.DropTable(
                name: "OnCallRequests");

            migrationBuilder.DropTable(
                name: "BehaviourTypes");
        }
    }
}
