using Microsoft.EntityFrameworkCore;
using Pastoral.Infrastructure.Demo;

namespace Pastoral.Features.Schools;

public sealed class SchoolsModule : IFeatureModule
{
    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<IDemoData, SchoolsDemoData>();
        services.AddScoped<SchoolSetup>();
    }

    public void ConfigureModel(ModelBuilder model)
    {
        model.Entity<Trust>().Property(t => t.Name).HasMaxLength(200);
        model.Entity<School>(e =>
        {
            e.HasIndex(s => s.Urn).IsUnique();
            e.Property(s => s.Name).HasMaxLength(200);
            e.Property(s => s.Urn).HasMaxLength(6);
            e.Property(s => s.LaNumber).HasMaxLength(3);
            e.Property(s => s.EstablishmentNumber).HasMaxLength(4);
            e.Property(s => s.Phase).HasConversion<string>().HasMaxLength(30);
            e.Property(s => s.Version).IsConcurrencyToken();
        });
        model.Entity<YearGroup>().HasIndex(y => new { y.SchoolId, y.NcYear }).IsUnique();
        model.Entity<Form>().HasIndex(f => new { f.YearGroupId, f.Name }).IsUnique();
        model.Entity<AcademicYear>().HasIndex(a => new { a.SchoolId, a.StartYear }).IsUnique();
        model.Entity<Term>().Property(t => t.Name).HasConversion<string>().HasMaxLength(10);
        model.Entity<ClosureDay>().HasIndex(c => new { c.AcademicYearId, c.Date }).IsUnique();
        model.Entity<ClosureDay>().Property(c => c.Reason).HasMaxLength(100);
        model.Entity<SchoolPeriod>(e =>
        {
            e.HasIndex(p => new { p.SchoolId, p.Name }).IsUnique();
            e.Property(p => p.Name).HasMaxLength(60);
        });
        model.Entity<Location>(e =>
        {
            e.HasIndex(l => new { l.SchoolId, l.Name }).IsUnique();
            e.Property(l => l.Name).HasMaxLength(100);
            e.Property(l => l.Kind).HasConversion<string>().HasMaxLength(10);
        });
    }
}
