using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Attendance.Thresholds;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Demo;
using Pastoral.Infrastructure.Live;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Infrastructure.Scheduling;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Calling;

/// <summary>
/// First-day calling (the morning queue, takes, call records, codes to confirm) and follow-up: the threshold lists, expected-back
/// dates for illness, and the notices when a pupil crosses into persistent or severe absence (issue 8, items 4 and 5).
/// </summary>
public sealed class CallingModule : IFeatureModule
{
    public static readonly StaffAction CallFamilies = new(nameof(CallFamilies));

    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<FirstDayCallQueue>();
        services.AddScoped<FirstDayCalls>();
        services.AddScoped<FollowUpLists>();
        services.AddScoped<IllnessExpectations>();
        services.AddScoped<Pupils.Timeline.ITimelineSource, CallingTimeline>();
        services.AddScoped<IDemoData, CallingDemoData>();
        services.AddLiveTopic<CallingLiveTopic>();
        services.AddNotificationKind(CallingOpensJob.Kind);
        services.AddNotificationKind(AbsenceCrossingsJob.PersistentKind);
        services.AddNotificationKind(AbsenceCrossingsJob.SevereKind);
        services.AddScheduledJob<CallingOpensJob>("first-day-calling", JobSchedule.SchoolDaysAt("09:10"),
            "Tells the school's callers that the first-day calling queue is ready, with the number of pupils (no names)");
        services.AddScheduledJob<AbsenceCrossingsJob>("absence-crossings", JobSchedule.SchoolDaysAt("17:30"),
            "Tells heads of year and mentors when a pupil crosses into persistent (10%) or severe (50%) absence this year");
        services.AddMyDayPanel(new MyDayPanel("FirstDayCalling", CallFamilies.Name, 12));
    }

    public IEnumerable<PermissionRow> PermissionRows =>
    [
        new(CallFamilies, "First-day calling: today's queue of pupils with no reason for absence (`/attendance/calling`), taking a family and recording each call; the follow-up and threshold lists (`/attendance/follow-up`, CSV) and expected-back dates for illness, for the pupils in scope",
            Roles.SeniorLeader, Roles.Dsl, Roles.DeputyDsl, Roles.HeadOfYear, Roles.PastoralStaff),
    ];

    public void MapPages(IEndpointRouteBuilder app) => FollowUpExport.Map(app);

    public void ConfigureModel(ModelBuilder model)
    {
        model.Entity<FirstDayCall>(e =>
        {
            e.ToTable("FirstDayCalls");
            e.HasOne<Pupils.Pupil>().WithMany().HasForeignKey(c => c.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Pupils.PupilContact>().WithMany().HasForeignKey(c => c.PupilContactId).OnDelete(DeleteBehavior.SetNull);
            e.Property(c => c.Session).HasConversion<string>().HasMaxLength(2);
            e.Property(c => c.Outcome).HasConversion<string>().HasMaxLength(12);
            e.Property(c => c.ContactName).HasMaxLength(200);
            e.Property(c => c.Phone).HasMaxLength(30);
            e.Property(c => c.Reason).HasMaxLength(100);
            e.Property(c => c.ProposedCode).HasMaxLength(2);
            e.Property(c => c.ConfirmedCode).HasMaxLength(2);
            e.Property(c => c.Note).HasMaxLength(FirstDayCall.NoteMax);
            e.Property(c => c.CalledByName).HasMaxLength(200);
            e.Property(c => c.ConfirmedByName).HasMaxLength(200);
            e.HasIndex(c => new { c.PupilId, c.Date });
            e.HasIndex(c => new { c.SchoolId, c.Date });
        });
        model.Entity<FirstDayCallTake>(e =>
        {
            e.ToTable("FirstDayCallTakes");
            e.HasOne<Schools.School>().WithMany().HasForeignKey(t => t.SchoolId).OnDelete(DeleteBehavior.Cascade);
            e.Property(t => t.TakenByName).HasMaxLength(200);
            e.HasIndex(t => new { t.SchoolId, t.Date, t.FamilyPupilId }).IsUnique();
            e.HasIndex(t => t.Date);
        });
        model.Entity<AbsenceBandRecord>(e =>
        {
            e.ToTable("AbsenceBands");
            e.HasKey(b => b.PupilId);
            e.Property(b => b.PupilId).ValueGeneratedNever();
            e.HasOne<Pupils.Pupil>().WithOne().HasForeignKey<AbsenceBandRecord>(b => b.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.Property(b => b.Band).HasConversion<string>().HasMaxLength(12);
            e.HasIndex(b => b.SchoolId);
        });
        model.Entity<IllnessExpectation>(e =>
        {
            e.ToTable("IllnessExpectations");
            e.HasOne<Pupils.Pupil>().WithMany().HasForeignKey(i => i.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.Property(i => i.Note).HasMaxLength(IllnessExpectation.NoteMax);
            e.Property(i => i.SetByName).HasMaxLength(200);
            e.Property(i => i.Version).IsConcurrencyToken();
            e.HasIndex(i => new { i.PupilId, i.ExpectedBackOn });
        });
    }
}
