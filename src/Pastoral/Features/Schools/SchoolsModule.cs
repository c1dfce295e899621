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
        });
        model.Entity<YearGroup>().HasIndex(y => new { y.SchoolId, y.NcYear }).IsUnique();
        model.Entity<Form>().HasIndex(f => new { f.YearGroupId, f.Name }).IsUnique();
        model.Entity<AcademicYear>().HasIndex(a => new { a.SchoolId, a.StartYear }).IsUnique();
        model.Entity<Term>().Property(t => t.Name).HasConversion<string>().HasMaxLength(10);
        model.Entity<ClosureDay>().HasIndex(c => new { c.AcademicYearId, c.Date }).IsUnique();
    }
}
