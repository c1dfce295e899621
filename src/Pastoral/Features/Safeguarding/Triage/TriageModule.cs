using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Pupils.Timeline;
using Pastoral.Features.Safeguarding.Concerns;
using Pastoral.Infrastructure.Demo;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Infrastructure.Scheduling;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Triage;

/// <summary>
/// Triage and follow-up of safeguarding concerns (issue 10 item 3), and the one kind of safeguarding action that concerns, meetings
/// and referrals share: owners, due dates, overdue notices (job <see cref="OverdueActionAlerts.Name"/>). All restricted.
/// </summary>
public sealed class TriageModule : IFeatureModule
{
    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<ConcernTriaging>();
        services.AddScoped<SafeguardingActions>();
        services.AddScoped<ActionChanges>();
        services.AddScoped<ITimelineSource, TriageTimeline>();
        services.AddScoped<Chronology.IChronologySource, TriageChronology>();
        services.AddScoped<IDemoData, TriageDemoData>();
        services.AddNotificationKind(OverdueActionAlerts.Kind);
        services.AddScheduledJob<OverdueActionAlerts>(OverdueActionAlerts.Name, JobSchedule.Interval(TimeSpan.FromHours(1)),
            "Tells the owner and the school's DSLs and deputies once when a safeguarding action passes its due date (never what it is)");
        services.AddRestrictedRecordType(new RestrictedRecordType(SafeguardingAction.RecordType, "Safeguarding action",
            (db, id, ct) => db.Set<SafeguardingAction>().AsNoTracking().Where(a => a.Id == id).Select(a => (int?)a.PupilId).FirstOrDefaultAsync(ct),
            r => $"/safeguarding/actions/{r.Id}"));
    }

    public void ConfigureModel(ModelBuilder model)
    {
        model.Entity<ConcernTriage>(e =>
        {
            e.ToTable("SafeguardingTriage");
            e.HasOne<SafeguardingConcern>().WithMany().HasForeignKey(t => t.ConcernId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(t => t.ConcernId).IsUnique();
            e.HasIndex(t => t.PupilId);
            e.Property(t => t.Summary).HasMaxLength(ConcernTriage.TextMax);
            e.Property(t => t.FollowUp).HasMaxLength(ConcernTriage.TextMax);
            e.Property(t => t.Outcome).HasMaxLength(ConcernTriage.TextMax);
            e.Property(t => t.ChangedByName).HasMaxLength(200);
            e.Property(t => t.Version).IsConcurrencyToken();
        });
        model.Entity<SafeguardingDecision>(e =>
        {
            e.ToTable("SafeguardingDecisions");
            e.HasOne<SafeguardingConcern>().WithMany().HasForeignKey(d => d.ConcernId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(d => new { d.ConcernId, d.At });
            e.HasIndex(d => new { d.PupilId, d.At });
            e.Property(d => d.Kind).HasConversion<string>().HasMaxLength(12);
            e.Property(d => d.Decision).HasMaxLength(SafeguardingDecision.TextMax);
            e.Property(d => d.Reason).HasMaxLength(SafeguardingDecision.TextMax);
            e.Property(d => d.EscalatedTo).HasMaxLength(SafeguardingDecision.ToMax);
            e.Property(d => d.ByName).HasMaxLength(200);
        });
        model.Entity<ConcernLink>(e =>
        {
            e.ToTable("SafeguardingConcernLinks");
            e.HasOne<SafeguardingConcern>().WithMany().HasForeignKey(l => l.ConcernId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<SafeguardingConcern>().WithMany().HasForeignKey(l => l.LinkedConcernId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(l => new { l.ConcernId, l.LinkedConcernId }).IsUnique();
            e.HasIndex(l => l.LinkedConcernId);
            e.HasIndex(l => l.PupilId);
            e.Property(l => l.ByName).HasMaxLength(200);
        });
        model.Entity<SafeguardingAction>(e =>
        {
            e.ToTable("SafeguardingActions");
            e.HasOne<Pupils.Pupil>().WithMany().HasForeignKey(a => a.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(a => new { a.SourceType, a.SourceId });
            e.HasIndex(a => new { a.SchoolId, a.DoneAt, a.DueOn });
            e.HasIndex(a => new { a.DoneAt, a.OverdueNotifiedAt, a.DueOn });
            e.HasIndex(a => new { a.PupilId, a.CreatedAt });
            e.Property(a => a.SourceType).HasConversion<string>().HasMaxLength(12);
            e.Property(a => a.Text).HasMaxLength(SafeguardingAction.TextMax);
            e.Property(a => a.Note).HasMaxLength(SafeguardingAction.TextMax);
            e.Property(a => a.OwnerName).HasMaxLength(200);
            e.Property(a => a.DoneByName).HasMaxLength(200);
            e.Property(a => a.CreatedByName).HasMaxLength(200);
            e.Property(a => a.Version).IsConcurrencyToken();
        });
    }

    public void MapEndpoints(IEndpointRouteBuilder api) => TriageEndpoints.Map(api);
}
