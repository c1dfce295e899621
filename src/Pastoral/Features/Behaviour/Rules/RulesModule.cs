using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Admin;
using Pastoral.Features.Pupils;
using Pastoral.Features.Schools;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Rules;

/// <summary>Behaviour rules (issue 9 item 10): school-defined triggers evaluated when an incident is logged, each firing a record.</summary>
public sealed class RulesModule : IFeatureModule
{
    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<RuleBook>();
        services.AddScoped<RuleEvaluator>();
        services.AddScoped<IIncidentLogged>(sp => sp.GetRequiredService<RuleEvaluator>());
        services.AddScoped<IRuleDetentions, BookedRuleDetention>();
        services.AddScoped<MissedDetentionAdapter>();
        services.AddScoped<Detentions.IDetentionMissed>(sp => sp.GetRequiredService<MissedDetentionAdapter>());
        services.AddScoped<Pupils.Timeline.ITimelineSource, RulesTimeline>();
        services.AddScoped<Infrastructure.Demo.IDemoData, RulesDemoData>();
        services.AddNotificationKind(new NotificationKind(RuleEvaluator.NoticeKind, "Behaviour rules",
            "A pupil you are head of year or mentor for met one of the school's behaviour rules (for example 3 negatives in a day)"));
        services.AddAdminSection(new AdminSection("Behaviour rules", "/admin/behaviour/rules",
            "What happens when a pupil reaches a number of negatives in a day or a week, or of points in a half-term.", BehaviourModule.ManageBehaviour.Name, 61));
    }

    public void ConfigureModel(ModelBuilder model)
    {
        model.Entity<BehaviourRule>(e =>
        {
            e.ToTable("BehaviourRules");
            e.HasOne<School>().WithMany().HasForeignKey(r => r.SchoolId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(r => new { r.SchoolId, r.Active });
            e.Property(r => r.Trigger).HasConversion<string>().HasMaxLength(30);
            e.Property(r => r.Action).HasConversion<string>().HasMaxLength(30);
            e.Property(r => r.Version).IsConcurrencyToken();
            e.Ignore(r => r.Words);
        });
        model.Entity<BehaviourRuleFiring>(e =>
        {
            e.ToTable("BehaviourRuleFirings");
            e.HasOne<BehaviourRule>().WithMany().HasForeignKey(f => f.RuleId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Pupil>().WithMany().HasForeignKey(f => f.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(f => new { f.RuleId, f.PupilId, f.WindowKey }).IsUnique();
            e.HasIndex(f => new { f.PupilId, f.FiredAt });
            e.Property(f => f.WindowKey).HasMaxLength(40);
            e.Property(f => f.RuleWords).HasMaxLength(200);
            e.Property(f => f.IncidentIds).HasMaxLength(400);
            e.Property(f => f.Outcome).HasMaxLength(1000);
            e.Ignore(f => f.Incidents);
        });
    }
}
