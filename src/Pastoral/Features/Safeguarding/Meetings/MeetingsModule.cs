using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Pupils.Timeline;
using Pastoral.Infrastructure.Demo;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Meetings;

/// <summary>Multi-agency meetings (issue 10 item 5) and the school's choice of which meeting types are restricted.</summary>
public sealed class MeetingsModule : IFeatureModule
{
    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<SafeguardingMeetings>();
        services.AddScoped<MeetingEdits>();
        services.AddScoped<ITimelineSource, MeetingsTimeline>();
        services.AddScoped<Chronology.IChronologySource, MeetingsChronology>();
        services.AddScoped<IDemoData, MeetingsDemoData>();
        services.AddRestrictedRecordType(new RestrictedRecordType(SafeguardingMeeting.RecordType, "Multi-agency meeting",
            (db, id, ct) => db.Set<SafeguardingMeeting>().AsNoTracking().Where(m => m.Id == id).Select(m => (int?)m.PupilId).FirstOrDefaultAsync(ct),
            r => $"/pupils/{r.PupilId}/safeguarding/meetings/{r.Id}"));
    }

    public void MapEndpoints(IEndpointRouteBuilder api) => MeetingsEndpoints.Map(api);

    public void ConfigureModel(ModelBuilder model)
    {
        model.Entity<SafeguardingMeeting>(e =>
        {
            e.ToTable("SafeguardingMeetings");
            e.HasOne<Pupils.Pupil>().WithMany().HasForeignKey(m => m.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(m => new { m.PupilId, m.HeldAt });
            e.HasIndex(m => new { m.SchoolId, m.HeldAt });
            e.Property(m => m.Type).HasConversion<string>().HasMaxLength(24);
            e.Property(m => m.TypeOther).HasMaxLength(200);
            e.Property(m => m.Contribution).HasMaxLength(SafeguardingMeeting.TextMax);
            e.Property(m => m.Minutes).HasMaxLength(SafeguardingMeeting.TextMax);
            e.Property(m => m.Decisions).HasMaxLength(SafeguardingMeeting.TextMax);
            e.Property(m => m.RecordedByName).HasMaxLength(200);
            e.Property(m => m.Version).IsConcurrencyToken();
            e.HasMany(m => m.Attendees).WithOne().HasForeignKey(a => a.MeetingId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<SafeguardingMeetingAttendee>(e =>
        {
            e.ToTable("SafeguardingMeetingAttendees");
            e.Property(a => a.Name).HasMaxLength(SafeguardingMeetingAttendee.NameMax);
            e.HasIndex(a => a.PupilId);
        });
        model.Entity<MeetingTypeSetting>(e =>
        {
            e.ToTable("SafeguardingMeetingTypeSettings");
            e.HasOne<Schools.School>().WithMany().HasForeignKey(s => s.SchoolId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(s => new { s.SchoolId, s.Type }).IsUnique();
            e.Property(s => s.Type).HasConversion<string>().HasMaxLength(24);
        });
    }
}
