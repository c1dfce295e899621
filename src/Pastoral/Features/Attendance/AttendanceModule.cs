using Microsoft.EntityFrameworkCore;
using Pastoral.Security;

namespace Pastoral.Features.Attendance;

/// <summary>
/// Attendance: the DfE codes as data, marks and their history, registers, the school's attendance settings, and the one
/// calculator every figure comes from. Registers, the marks API and import, first-day calling, thresholds and the pages
/// build on these.
/// </summary>
public sealed class AttendanceModule : IFeatureModule
{
    public static readonly StaffAction ViewAttendance = new(nameof(ViewAttendance));
    public static readonly StaffAction TakeRegisters = new(nameof(TakeRegisters));
    public static readonly StaffAction CorrectAttendance = new(nameof(CorrectAttendance));
    public static readonly StaffAction ManageAttendance = new(nameof(ManageAttendance));

    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<AttendanceMarkWriter>();
        services.AddScoped<AttendanceStatistics>();
        services.AddScoped<AttendanceDays>();
        services.AddScoped<Infrastructure.Demo.IDemoData, AttendanceDemoData>();
    }

    public IEnumerable<PermissionRow> PermissionRows =>
    [
        new(ViewAttendance, "Attendance: marks, figures and lists for the pupils in scope (attendance pages, the profile's attendance panel; `GET /api/v1/…/attendance/…`)",
            Roles.Administrator, Roles.SeniorLeader, Roles.Dsl, Roles.DeputyDsl, Roles.Senco, Roles.HeadOfYear, Roles.PastoralStaff, Roles.Teacher, Roles.ReadOnly),
        new(TakeRegisters, "Taking a form's AM and PM register for the pupils in scope, when the school keeps its register in Pastoral",
            Roles.SeniorLeader, Roles.Dsl, Roles.DeputyDsl, Roles.Senco, Roles.HeadOfYear, Roles.PastoralStaff, Roles.Teacher),
        new(CorrectAttendance, "Changing a mark after the register is saved (with a reason, kept in the history), confirming codes from first-day calling, and sending marks by API or CSV import (`POST /api/v1/attendance/marks`)",
            Roles.SeniorLeader, Roles.HeadOfYear, Roles.PastoralStaff),
        new(ManageAttendance, "A school's attendance settings: where the register is kept, when registers open and close, follow-up days",
            Roles.Administrator, Roles.SeniorLeader),
    ];

    public void ConfigureModel(ModelBuilder model)
    {
        model.Entity<AttendanceMark>(e =>
        {
            e.ToTable("AttendanceMarks");
            e.HasOne<Pupils.Pupil>().WithMany().HasForeignKey(m => m.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Schools.School>().WithMany().HasForeignKey(m => m.SchoolId).OnDelete(DeleteBehavior.Cascade);
            e.Property(m => m.Code).HasMaxLength(2);
            e.Property(m => m.Session).HasConversion<string>().HasMaxLength(2);
            e.Property(m => m.Source).HasConversion<string>().HasMaxLength(12);
            e.Property(m => m.RecordedByName).HasMaxLength(200);
            e.HasIndex(m => new { m.PupilId, m.Date, m.Session }).IsUnique();
            // A school's figures over a date range read only this index (school, date, pupil, code), whatever else the database holds.
            e.HasIndex(m => new { m.SchoolId, m.Date, m.PupilId, m.Code });
        });
        model.Entity<AttendanceWeekCount>(e =>
        {
            e.ToTable("AttendanceWeekCounts");
            e.HasKey(c => new { c.PupilId, c.WeekStart, c.SchoolId, c.Code });
            e.HasOne<Pupils.Pupil>().WithMany().HasForeignKey(c => c.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Schools.School>().WithMany().HasForeignKey(c => c.SchoolId).OnDelete(DeleteBehavior.Cascade);
            e.Property(c => c.Code).HasMaxLength(2);
            // A school's whole weeks read only this index (school, week, pupil, code, sessions).
            e.HasIndex(c => new { c.SchoolId, c.WeekStart, c.PupilId, c.Code, c.Sessions });
        });
        model.Entity<AttendanceMarkChange>(e =>
        {
            e.ToTable("AttendanceMarkChanges");
            e.HasOne<Pupils.Pupil>().WithMany().HasForeignKey(c => c.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.Property(c => c.OldCode).HasMaxLength(2);
            e.Property(c => c.NewCode).HasMaxLength(2);
            e.Property(c => c.Session).HasConversion<string>().HasMaxLength(2);
            e.Property(c => c.Source).HasConversion<string>().HasMaxLength(12);
            e.Property(c => c.Reason).HasMaxLength(AttendanceMarkWriter.ReasonMaxLength);
            e.Property(c => c.ChangedByName).HasMaxLength(200);
            e.HasIndex(c => new { c.PupilId, c.Date, c.Session });
            e.HasIndex(c => new { c.SchoolId, c.ChangedAt });
        });
        model.Entity<AttendanceRegister>(e =>
        {
            e.ToTable("AttendanceRegisters");
            e.HasOne<Schools.Form>().WithMany().HasForeignKey(r => r.FormId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Schools.School>().WithMany().HasForeignKey(r => r.SchoolId).OnDelete(DeleteBehavior.Cascade);
            e.Property(r => r.Session).HasConversion<string>().HasMaxLength(2);
            e.Property(r => r.TakenByName).HasMaxLength(200);
            e.HasIndex(r => new { r.FormId, r.Date, r.Session }).IsUnique();
            e.HasIndex(r => new { r.SchoolId, r.Date, r.Session });
            e.Property(r => r.Version).IsConcurrencyToken();
        });
        model.Entity<AttendanceSettings>(e =>
        {
            e.ToTable("AttendanceSettings");
            e.HasKey(s => s.SchoolId);
            e.Property(s => s.SchoolId).ValueGeneratedNever();
            e.HasOne<Schools.School>().WithOne().HasForeignKey<AttendanceSettings>(s => s.SchoolId).OnDelete(DeleteBehavior.Cascade);
            e.Property(s => s.Keeper).HasConversion<string>().HasMaxLength(10);
            e.Property(s => s.MisName).HasMaxLength(AttendanceSettings.MisNameMax);
            e.Property(s => s.Version).IsConcurrencyToken();
        });
    }
}
