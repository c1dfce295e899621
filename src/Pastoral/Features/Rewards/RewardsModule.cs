using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Pupils;
using Pastoral.Features.Schools;
using Pastoral.Security;

namespace Pastoral.Features.Rewards;

/// <summary>
/// Rewards (issue 9 item 12): the year group leaderboard by form, praise postcards and certificates (printed or e-mailed home),
/// and reward events and trips with eligibility rules and a confirmed list.
/// </summary>
public sealed class RewardsModule : IFeatureModule
{
    public static readonly StaffAction ManageRewards = new(nameof(ManageRewards));

    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<FormLeaderboard>();
        services.AddScoped<RewardAwards>();
        services.AddScoped<RewardEligibility>();
        services.AddScoped<RewardEvents>();
        services.AddScoped<Pupils.Timeline.ITimelineSource, RewardsTimeline>();
        services.AddScoped<Infrastructure.Demo.IDemoData, RewardsDemoData>();
        RewardTemplates.Register(services);
    }

    public void ConfigureModel(ModelBuilder model)
    {
        model.Entity<RewardAward>(e =>
        {
            e.ToTable("RewardAwards");
            e.HasOne<Pupil>().WithMany().HasForeignKey(a => a.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<RewardEvent>().WithMany().HasForeignKey(a => a.EventId).OnDelete(DeleteBehavior.SetNull);
            e.HasIndex(a => new { a.PupilId, a.At });
            e.Property(a => a.Format).HasConversion<string>().HasMaxLength(12);
            e.Property(a => a.SentHow).HasConversion<string>().HasMaxLength(12);
            e.Property(a => a.TemplateKey).HasMaxLength(100);
            e.Property(a => a.TemplateName).HasMaxLength(200);
            e.Property(a => a.Heading).HasMaxLength(RewardAward.HeadingMax);
            e.Property(a => a.Wording).HasMaxLength(RewardAward.WordingMax);
            e.Property(a => a.Reason).HasMaxLength(RewardAward.ReasonMax);
            e.Property(a => a.PupilName).HasMaxLength(250);
            e.Property(a => a.SchoolName).HasMaxLength(200);
            e.Property(a => a.SentTo).HasMaxLength(1000);
            e.Property(a => a.ByName).HasMaxLength(200);
        });
        model.Entity<RewardEvent>(e =>
        {
            e.ToTable("RewardEvents");
            e.HasOne<School>().WithMany().HasForeignKey(x => x.SchoolId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.SchoolId, x.HeldOn });
            e.Property(x => x.Name).HasMaxLength(RewardEvent.NameMax);
            e.Property(x => x.YearGroupIds).HasMaxLength(200);
            e.Property(x => x.MinAttendancePercent).HasPrecision(5, 1);
            e.Property(x => x.ConfirmedByName).HasMaxLength(200);
            e.Property(x => x.CreatedByName).HasMaxLength(200);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Ignore(x => x.YearGroups);
        });
        model.Entity<RewardInvitation>(e =>
        {
            e.ToTable("RewardInvitations");
            e.HasOne<RewardEvent>().WithMany().HasForeignKey(i => i.EventId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Pupil>().WithMany().HasForeignKey(i => i.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(i => new { i.EventId, i.PupilId }).IsUnique();
            e.HasIndex(i => i.PupilId);
            e.Property(i => i.EventName).HasMaxLength(RewardEvent.NameMax);
            e.Property(i => i.PupilName).HasMaxLength(250);
            e.Property(i => i.Upn).HasMaxLength(20);
            e.Property(i => i.Year).HasMaxLength(100);
            e.Property(i => i.Form).HasMaxLength(100);
            e.Property(i => i.InvitedByName).HasMaxLength(200);
        });
    }

    public IEnumerable<PermissionRow> PermissionRows =>
    [
        new(ManageRewards, "Praise postcards and certificates for a pupil (`/pupils/{id}/rewards`: printed, or e-mailed home to a parent with parental responsibility), and reward events and trips: their rules, the eligible list (`/rewards/events`, `GET /api/v1/rewards/events/{id}/eligible`), confirming it, certificates for the list and its CSV (audited)",
            [Roles.SeniorLeader, Roles.HeadOfYear, Roles.PastoralStaff, Roles.Teacher]),
    ];

    public void MapEndpoints(IEndpointRouteBuilder api) => RewardsEndpoints.Map(api);

    public void MapPages(IEndpointRouteBuilder app) => RewardsEndpoints.MapPages(app);
}
