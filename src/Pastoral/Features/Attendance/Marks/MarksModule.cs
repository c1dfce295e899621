using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Pupils.Import;
using Pastoral.Infrastructure.Scheduling;

namespace Pastoral.Features.Attendance.Marks;

/// <summary>
/// Marks in and out (issue 8 items 2 and 3): the marks API, CSV import (command line, upload page and the watched folder),
/// previous schools' attendance from a CTF, and the summary API. Writes go through <see cref="AttendanceMarkWriter"/>.
/// </summary>
public sealed class MarksModule : IFeatureModule
{
    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<MarkBatch>();
        services.AddScoped<AttendanceImport>();
        services.AddScoped<ICtfBlockImport, PreviousAttendanceCtf>();
        services.AddScheduledJob<ImportFolderJob>(ImportFolderJob.Name, JobSchedule.Interval(TimeSpan.FromMinutes(15)),
            $"Imports the marks CSVs the MIS drops in the watched folder ({ImportFolderJob.Setting}); does nothing when it is not set");
    }

    public void ConfigureModel(ModelBuilder model) => model.Entity<PreviousAttendance>(e =>
    {
        e.ToTable("PreviousAttendance");
        e.HasOne<Pupils.Pupil>().WithMany().HasForeignKey(a => a.PupilId).OnDelete(DeleteBehavior.Cascade);
        e.Property(a => a.La).HasMaxLength(10);
        e.Property(a => a.Estab).HasMaxLength(10);
        e.Property(a => a.Urn).HasMaxLength(10);
        e.Property(a => a.SchoolName).HasMaxLength(200);
        e.HasIndex(a => new { a.PupilId, a.Year, a.La, a.Estab });
    });

    public void MapEndpoints(IEndpointRouteBuilder api) => MarksEndpoints.Map(api);
}
