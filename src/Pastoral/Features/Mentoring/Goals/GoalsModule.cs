using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Pupils;

namespace Pastoral.Features.Mentoring.Goals;

/// <summary>Issue 11, item 6: SMART goals per pupil with progress ratings, and step-down milestones from 1:1 to class learning.</summary>
public sealed class GoalsModule : IFeatureModule
{
    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<GoalBook>();
        services.AddScoped<Pupils.Timeline.ITimelineSource, GoalsTimeline>();
        services.AddScoped<Infrastructure.Demo.IDemoData, MentoringDemoData>();
    }

    public void ConfigureModel(ModelBuilder model)
    {
        model.Entity<Goal>(e =>
        {
            e.ToTable("Goals");
            e.HasOne<Pupil>().WithMany().HasForeignKey(g => g.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Plans.Plan>().WithMany().HasForeignKey(g => g.PlanId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne<Interventions.ProvisionSession>().WithMany().HasForeignKey(g => g.SessionId).OnDelete(DeleteBehavior.SetNull);
            e.HasMany(g => g.Ratings).WithOne(r => r.Goal).HasForeignKey(r => r.GoalId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(g => new { g.PupilId, g.Status });
            e.Property(g => g.What).HasMaxLength(Goal.WhatMax);
            e.Property(g => g.Measure).HasMaxLength(Goal.MeasureMax);
            e.Property(g => g.SourceText).HasMaxLength(Goal.SourceTextMax);
            e.Property(g => g.Source).HasConversion<string>().HasMaxLength(20);
            e.Property(g => g.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(g => g.CreatedByName).HasMaxLength(200);
            e.Property(g => g.ClosedByName).HasMaxLength(200);
            e.Property(g => g.Version).IsConcurrencyToken();
        });
        model.Entity<GoalRating>(e =>
        {
            e.ToTable("GoalRatings");
            e.HasOne<Pupil>().WithMany().HasForeignKey(r => r.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(r => new { r.GoalId, r.RatedOn });
            e.HasIndex(r => r.PupilId);
            e.Property(r => r.Note).HasMaxLength(GoalRating.NoteMax);
            e.Property(r => r.ByName).HasMaxLength(200);
        });
        model.Entity<StepDownMilestone>(e =>
        {
            e.ToTable("StepDownMilestones");
            e.HasOne<Pupil>().WithMany().HasForeignKey(m => m.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(m => m.PupilId);
            e.Property(m => m.Stage).HasConversion<string>().HasMaxLength(20);
            e.Property(m => m.Note).HasMaxLength(StepDownMilestone.NoteMax);
            e.Property(m => m.ByName).HasMaxLength(200);
        });
    }
}
