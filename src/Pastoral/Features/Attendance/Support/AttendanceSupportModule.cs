using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Families;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Demo;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Support;

/// <summary>
/// Improving attendance as records (the DfE staged approach): a pupil's stage and its history, attendance meetings with the
/// family, action plans and parental contracts (plan types), education welfare referrals (the agency directory), celebrations
/// with a certificate or postcard, and the stage letters (shared letter templates).
/// </summary>
public sealed class AttendanceSupportModule : IFeatureModule
{
    public static readonly StaffAction ViewAttendanceSupport = new(nameof(ViewAttendanceSupport));
    public static readonly StaffAction SupportAttendance = new(nameof(SupportAttendance));

    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<AttendanceSupport>();
        services.AddScoped<SupportRecords>();
        services.AddScoped<SupportList>();
        services.AddScoped<StageLetterSender>();
        services.AddScoped<Celebrations>();
        // The attendance core's statistics calculator replaces this at merge.
        services.AddScoped<IAttendanceFigures, CalculatedAttendanceFigures>();
        services.AddScoped<Pupils.Timeline.ITimelineSource, AttendanceSupportTimeline>();
        services.AddScoped<IContactFollowUp, MeetingFromContact>();
        services.AddScoped<IDemoData, AttendanceSupportDemoData>();
        services.AddNavItem(new NavItem("Attendance support", "/attendance/support", ViewAttendanceSupport.Name, 15, NavGroups.Attendance));
        StageLetters.Register(services);
    }

    public void ConfigureModel(ModelBuilder model)
    {
        model.Entity<AttendanceStageChange>(e =>
        {
            e.ToTable("AttendanceStageChanges");
            e.HasOne<Pupil>().WithMany().HasForeignKey(s => s.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(s => new { s.PupilId, s.At });
            e.HasIndex(s => new { s.SchoolId, s.Stage });
            e.Property(s => s.Stage).HasConversion<string>().HasMaxLength(30);
            e.Property(s => s.FromStage).HasConversion<string>().HasMaxLength(30);
            e.Property(s => s.Reason).HasMaxLength(AttendanceStageChange.ReasonMax);
            e.Property(s => s.LeadName).HasMaxLength(200);
            e.Property(s => s.ByName).HasMaxLength(200);
        });
        model.Entity<AttendanceMeeting>(e =>
        {
            e.ToTable("AttendanceMeetings");
            e.HasOne<Pupil>().WithMany().HasForeignKey(m => m.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(m => new { m.PupilId, m.HeldOn });
            e.Property(m => m.AttendeesJson).HasMaxLength(8000);
            e.Property(m => m.Barriers).HasMaxLength(400);
            e.Property(m => m.BarrierNote).HasMaxLength(AttendanceMeeting.TextMax);
            e.Property(m => m.Discussed).HasMaxLength(AttendanceMeeting.TextMax);
            e.Property(m => m.ActionsJson).HasMaxLength(20_000);
            e.Property(m => m.RecordedByName).HasMaxLength(200);
            e.Property(m => m.Version).IsConcurrencyToken();
            e.Ignore(m => m.Attendees);
            e.Ignore(m => m.Actions);
            e.Ignore(m => m.BarrierCodes);
        });
        model.Entity<AttendanceCelebration>(e =>
        {
            e.ToTable("AttendanceCelebrations");
            e.HasOne<Pupil>().WithMany().HasForeignKey(c => c.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(c => new { c.PupilId, c.At });
            e.Property(c => c.Format).HasMaxLength(20);
            e.Property(c => c.WhatImproved).HasMaxLength(AttendanceCelebration.TextMax);
            e.Property(c => c.SignedBy).HasMaxLength(100);
            e.Property(c => c.ByName).HasMaxLength(200);
        });
        model.Entity<AttendanceLetter>(e =>
        {
            e.ToTable("AttendanceLetters");
            e.HasOne<Pupil>().WithMany().HasForeignKey(l => l.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(l => new { l.PupilId, l.At });
            e.Property(l => l.TemplateKey).HasMaxLength(80);
            e.Property(l => l.Subject).HasMaxLength(200);
            e.Property(l => l.SentTo).HasMaxLength(1000);
            e.Property(l => l.ByName).HasMaxLength(200);
        });
    }

    private static readonly string[] Supporters =
        [Roles.SeniorLeader, Roles.Dsl, Roles.DeputyDsl, Roles.Senco, Roles.HeadOfYear, Roles.PastoralStaff];

    public IEnumerable<PermissionRow> PermissionRows =>
    [
        new(ViewAttendanceSupport, "A pupil's attendance stage, meetings, letters and celebrations (`/pupils/{id}/attendance/support`, the profile's section, `GET /api/v1/pupils/{id}/attendance/support`) and the school list of pupils above \"expect\" (`/attendance/support`); tutors and teachers see their own pupils' stage",
            [.. Supporters, Roles.Teacher]),
        new(SupportAttendance, "Moving a pupil between stages, recording attendance meetings and celebrations, sending the stage letters and the school list's CSV (`/attendance/support/export.csv`, audited)",
            Supporters),
    ];

    public void MapEndpoints(IEndpointRouteBuilder api) => AttendanceSupportEndpoints.Map(api);

    public void MapPages(IEndpointRouteBuilder app)
    {
        app.MapSupportListExport();
        app.MapCelebrationDocuments();
    }
}

/// <summary>"Arrange an attendance meeting" after a family contact: the meeting form pre-filled with that contact.</summary>
public sealed class MeetingFromContact : IContactFollowUp
{
    public string Label => "Arrange an attendance meeting";
    public StaffAction Requires => AttendanceSupportModule.SupportAttendance;
    public string LinkFor(ContactForFollowUp contact) => $"/pupils/{contact.PupilId}/attendance/support/meeting?fromContact={contact.ContactId}";
}
