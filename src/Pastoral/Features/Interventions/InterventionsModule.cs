using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Pupils;
using Pastoral.Features.Schools;
using Pastoral.Infrastructure.Demo;
using Pastoral.Security;

namespace Pastoral.Features.Interventions;

/// <summary>
/// Interventions and provision (issue 11): the school's catalogue, running provision (1:1 or group) with enrolments, sessions and
/// attendance, and outcome measures. A mentor's caseload is a 1:1 provision, so the impact tracker measures mentoring and groups alike.
/// </summary>
public sealed class InterventionsModule : IFeatureModule
{
    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<IDemoData, InterventionsDemoData>();
    }

    public void ConfigureModel(ModelBuilder model)
    {
        model.Entity<Intervention>(e =>
        {
            e.ToTable("Interventions");
            e.HasOne<School>().WithMany().HasForeignKey(i => i.SchoolId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(i => new { i.SchoolId, i.Name }).IsUnique();
            e.Property(i => i.Name).HasMaxLength(Intervention.NameMax);
            e.Property(i => i.Description).HasMaxLength(Intervention.TextMax);
            e.Property(i => i.EvidenceBase).HasMaxLength(Intervention.TextMax);
            e.Property(i => i.Area).HasConversion<string>().HasMaxLength(40);
            e.Property(i => i.CostBasis).HasConversion<string>().HasMaxLength(20);
            e.Property(i => i.Version).IsConcurrencyToken();
        });
        model.Entity<StaffRoleRate>(e =>
        {
            e.ToTable("StaffRoleRates");
            e.HasOne<School>().WithMany().HasForeignKey(r => r.SchoolId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(r => new { r.SchoolId, r.Role }).IsUnique();
            e.Property(r => r.Role).HasMaxLength(40);
        });
        model.Entity<Provision>(e =>
        {
            e.ToTable("Provisions");
            e.HasOne<School>().WithMany().HasForeignKey(p => p.SchoolId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(p => p.Intervention).WithMany().HasForeignKey(p => p.InterventionId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(p => new { p.SchoolId, p.StartOn });
            e.HasIndex(p => p.LeadStaffId);
            e.HasIndex(p => p.CaseloadOfStaffId);
            e.Property(p => p.Name).HasMaxLength(Provision.NameMax);
            e.Property(p => p.LeadStaffName).HasMaxLength(200);
            e.Property(p => p.LeadRole).HasMaxLength(40);
            e.Property(p => p.Room).HasMaxLength(Provision.RoomMax);
            e.Property(p => p.OnlineLink).HasMaxLength(Provision.LinkMax);
            e.Property(p => p.FundingSource).HasMaxLength(Provision.FundingMax);
            e.Property(p => p.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(p => p.Day).HasConversion<string>().HasMaxLength(12);
            e.Property(p => p.Version).IsConcurrencyToken();
        });
        model.Entity<Enrolment>(e =>
        {
            e.ToTable("Enrolments");
            e.HasOne(x => x.Provision).WithMany().HasForeignKey(x => x.ProvisionId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Pupil>().WithMany().HasForeignKey(x => x.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.ProvisionId, x.PupilId });
            e.HasIndex(x => x.PupilId);
            e.Property(x => x.Reason).HasMaxLength(Enrolment.ReasonMax);
            e.Property(x => x.EndReason).HasMaxLength(Enrolment.ReasonMax);
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        model.Entity<ProvisionSession>(e =>
        {
            e.ToTable("ProvisionSessions");
            e.HasOne<School>().WithMany().HasForeignKey(s => s.SchoolId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(s => s.Provision).WithMany().HasForeignKey(s => s.ProvisionId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(s => s.Attendance).WithOne(a => a.Session).HasForeignKey(a => a.SessionId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(s => new { s.ProvisionId, s.HeldOn });
            e.HasIndex(s => new { s.SchoolId, s.HeldOn });
            e.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(s => s.CancelReason).HasConversion<string>().HasMaxLength(20);
            e.Property(s => s.Mode).HasConversion<string>().HasMaxLength(20);
            e.Property(s => s.FocusAreas).HasMaxLength(ProvisionSession.FocusMax);
            e.Property(s => s.Notes).HasMaxLength(ProvisionSession.TextMax);
            e.Property(s => s.NextSteps).HasMaxLength(ProvisionSession.TextMax);
            e.Property(s => s.RecordedByName).HasMaxLength(200);
            e.Property(s => s.Version).IsConcurrencyToken();
        });
        model.Entity<SessionAttendance>(e =>
        {
            e.ToTable("SessionAttendance");
            e.HasOne<Pupil>().WithMany().HasForeignKey(a => a.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(a => new { a.SessionId, a.PupilId }).IsUnique();
            e.HasIndex(a => a.PupilId);
        });
        model.Entity<OutcomeMeasure>(e =>
        {
            e.ToTable("OutcomeMeasures");
            e.HasOne<School>().WithMany().HasForeignKey(m => m.SchoolId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(m => new { m.SchoolId, m.Name }).IsUnique();
            e.Property(m => m.Name).HasMaxLength(OutcomeMeasure.NameMax);
            e.Property(m => m.Description).HasMaxLength(Intervention.TextMax);
            e.Property(m => m.Version).IsConcurrencyToken();
        });
        model.Entity<MeasureScore>(e =>
        {
            e.ToTable("MeasureScores");
            e.HasOne(s => s.Measure).WithMany().HasForeignKey(s => s.MeasureId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Pupil>().WithMany().HasForeignKey(s => s.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Enrolment>().WithMany().HasForeignKey(s => s.EnrolmentId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(s => new { s.EnrolmentId, s.MeasureId, s.Point });
            e.HasIndex(s => s.PupilId);
            e.Property(s => s.Point).HasConversion<string>().HasMaxLength(10);
            e.Property(s => s.RecordedByName).HasMaxLength(200);
        });
    }
}
