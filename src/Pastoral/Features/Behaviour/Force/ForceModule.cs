using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Pupils;
using Pastoral.Features.Schools;
using Pastoral.Infrastructure.Demo;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Force;

/// <summary>
/// Reasonable force and searches (issue 9, item 7), as the DfE guidance expects them recorded and reported to parents
/// ("Use of reasonable force", 2013; "Searching, screening and confiscation", 2022). Anyone who works with pupils may record
/// one; reading them is for senior leaders, heads of year, pastoral staff and the DSL and deputies.
/// </summary>
public sealed class ForceModule : IFeatureModule
{
    public static readonly StaffAction RecordForce = new(nameof(RecordForce));
    public static readonly StaffAction ViewForce = new(nameof(ViewForce));

    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<ForceBook>();
        services.AddScoped<ForceReads>();
        services.AddScoped<Pupils.Timeline.ITimelineSource, ForceTimeline>();
        services.AddScoped<IDemoData, ForceDemoData>();
    }

    public void ConfigureModel(ModelBuilder model)
    {
        model.Entity<ForceIncident>(e =>
        {
            e.ToTable("ForceIncidents");
            e.HasOne<School>().WithMany().HasForeignKey(f => f.SchoolId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(f => f.Pupils).WithOne().HasForeignKey(p => p.ForceIncidentId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(f => new { f.SchoolId, f.OccurredAt });
            e.Property(f => f.Location).HasMaxLength(200);
            e.Property(f => f.StaffJson).HasMaxLength(4000);
            e.Property(f => f.WhatHappened).HasMaxLength(ForceIncident.TextMax);
            e.Property(f => f.WhyNeeded).HasMaxLength(ForceIncident.TextMax);
            e.Property(f => f.StaffInjuries).HasMaxLength(ForceIncident.TextMax);
            e.Property(f => f.DebriefWith).HasMaxLength(400);
            e.Property(f => f.DebriefNotes).HasMaxLength(ForceIncident.TextMax);
            e.Property(f => f.RecordedByName).HasMaxLength(200);
        });
        model.Entity<ForcePupil>(e =>
        {
            e.ToTable("ForcePupils");
            e.HasOne<Pupil>().WithMany().HasForeignKey(p => p.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(p => new { p.PupilId, p.ForceIncidentId }).IsUnique();
            e.Property(p => p.Holds).HasMaxLength(1000);
            e.Property(p => p.Injuries).HasMaxLength(ForceIncident.TextMax);
            e.Property(p => p.Account).HasMaxLength(ForceIncident.TextMax);
            e.Property(p => p.ParentsToldHow).HasMaxLength(20);
            e.Property(p => p.ParentsToldBy).HasMaxLength(200);
        });
        model.Entity<SearchRecord>(e =>
        {
            e.ToTable("SearchRecords");
            e.HasOne<Pupil>().WithMany().HasForeignKey(s => s.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(s => new { s.PupilId, s.OccurredAt });
            e.HasIndex(s => new { s.SchoolId, s.OccurredAt });
            e.Property(s => s.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(s => s.Location).HasMaxLength(200);
            e.Property(s => s.SearchedByName).HasMaxLength(200);
            e.Property(s => s.WitnessName).HasMaxLength(200);
            e.Property(s => s.Reason).HasMaxLength(40);
            e.Property(s => s.ReasonDetail).HasMaxLength(ForceIncident.TextMax);
            e.Property(s => s.Found).HasMaxLength(ForceIncident.TextMax);
            e.Property(s => s.Confiscated).HasMaxLength(ForceIncident.TextMax);
            e.Property(s => s.Disposal).HasMaxLength(40);
            e.Property(s => s.ParentsToldHow).HasMaxLength(20);
            e.Property(s => s.ParentsToldBy).HasMaxLength(200);
            e.Property(s => s.RecordedByName).HasMaxLength(200);
        });
    }

    public IEnumerable<PermissionRow> PermissionRows =>
    [
        new(RecordForce, "Recording a use of reasonable force (`/pupils/{id}/force/new`) or a screening or search (`/pupils/{id}/searches/new`) for a pupil they see: every member of staff who works with pupils",
            Roles.SeniorLeader, Roles.Dsl, Roles.DeputyDsl, Roles.Senco, Roles.HeadOfYear, Roles.PastoralStaff, Roles.Teacher),
        new(ViewForce, "Reading a pupil's records of reasonable force and searches (`/pupils/{id}/force`, the profile's section, the timeline); the account shared by several pupils only for staff who see every pupil involved",
            Roles.SeniorLeader, Roles.Dsl, Roles.DeputyDsl, Roles.HeadOfYear, Roles.PastoralStaff),
    ];
}
