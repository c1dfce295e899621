using Microsoft.EntityFrameworkCore;
using Pastoral.Security;

namespace Pastoral.Features.Admin.Responsibilities;

/// <summary>Who is responsible for whom: heads of year, pastoral officers, tutors, line managers, caseloads and teaching groups.</summary>
public sealed class ResponsibilitiesModule : IFeatureModule
{
    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<Responsibilities>();
        services.AddScoped<Caseloads>();
        services.AddScoped<TeachingGroups>();
        services.AddScoped<SchoolSetUp.IRolloverStep, TeachingGroupsRolloverStep>();
        services.AddScoped<Infrastructure.Demo.IDemoData, ResponsibilitiesDemoData>();
        services.AddAdminSection(new AdminSection("Who is responsible for whom", "/admin/responsibilities",
            "Heads of year and pastoral officers for each year group, tutors for each form, and each person's line manager.", Policies.ManageUsers, 11));
        services.AddAdminSection(new AdminSection("Caseloads", "/admin/caseloads",
            "Put pupils on a mentor's caseload and move them between mentors.", Policies.ManageUsers, 12));
        services.AddAdminSection(new AdminSection("Teaching groups", "/admin/teaching-groups",
            "Import classes, their teachers and pupils from the timetable export of your MIS.", Policies.ManageUsers, 13));
    }

    public void ConfigureModel(ModelBuilder model)
    {
        model.Entity<StaffResponsibility>(e =>
        {
            e.ToTable("StaffResponsibilities");
            e.Property(r => r.Kind).HasConversion<string>().HasMaxLength(20);
            e.HasIndex(r => new { r.YearGroupId, r.Kind });
            e.HasIndex(r => r.FormId);
            e.HasIndex(r => r.ForStaffId);
            e.HasOne<StaffUser>().WithMany().HasForeignKey(r => r.StaffId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Schools.YearGroup>().WithMany().HasForeignKey(r => r.YearGroupId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Schools.Form>().WithMany().HasForeignKey(r => r.FormId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<TeachingGroup>(e =>
        {
            e.ToTable("TeachingGroups");
            e.HasIndex(g => new { g.SchoolId, g.Code }).IsUnique();
            e.HasIndex(g => g.TeacherId);
            e.Property(g => g.Code).HasMaxLength(40);
            e.Property(g => g.Subject).HasMaxLength(100);
            e.HasOne<Schools.School>().WithMany().HasForeignKey(g => g.SchoolId);
            e.HasOne<StaffUser>().WithMany().HasForeignKey(g => g.TeacherId);
            e.HasMany(g => g.Pupils).WithOne().HasForeignKey(p => p.TeachingGroupId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<TeachingGroupPupil>(e =>
        {
            e.ToTable("TeachingGroupPupils");
            e.HasIndex(p => new { p.TeachingGroupId, p.PupilId }).IsUnique();
            e.HasIndex(p => p.PupilId);
            e.HasOne<Pupils.Pupil>().WithMany().HasForeignKey(p => p.PupilId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
