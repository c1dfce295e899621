using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Pupils;
using Pastoral.Features.Schools;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Restorative;

/// <summary>Restorative conversations linked to incidents and behaviour reviews with pupils and parents (issue 9, item 8).</summary>
public sealed class RestorativeModule : IFeatureModule
{
    public static readonly StaffAction RecordRestorative = new(nameof(RecordRestorative));

    public IEnumerable<PermissionRow> PermissionRows =>
    [
        new(RecordRestorative, "Restorative conversations after incidents and behaviour reviews with pupils and parents (`POST /api/v1/behaviour/restorative-conversations`, `POST /api/v1/behaviour/reviews`), for the pupils in scope; what was agreed only where every pupil who took part is in scope",
            Roles.SeniorLeader, Roles.Dsl, Roles.DeputyDsl, Roles.Senco, Roles.HeadOfYear, Roles.PastoralStaff),
    ];

    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<RestorativeRecords>();
        services.AddScoped<BehaviourContracts>();
        services.AddScoped<Pupils.Timeline.ITimelineSource, RestorativeTimeline>();
    }

    public void MapEndpoints(IEndpointRouteBuilder api) => RestorativeEndpoints.Map(api);

    public void ConfigureModel(ModelBuilder model)
    {
        model.Entity<RestorativeConversation>(e =>
        {
            e.ToTable("RestorativeConversations");
            e.HasOne<School>().WithMany().HasForeignKey(c => c.SchoolId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<BehaviourIncident>().WithMany().HasForeignKey(c => c.IncidentId).OnDelete(DeleteBehavior.SetNull);
            e.HasMany(c => c.Pupils).WithOne(p => p.Conversation).HasForeignKey(p => p.ConversationId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(c => c.IncidentId);
            e.Property(c => c.StaffNames).HasMaxLength(RestorativeConversation.StaffMax);
            e.Property(c => c.Agreed).HasMaxLength(RestorativeConversation.TextMax);
            e.Property(c => c.RecordedByName).HasMaxLength(200);
        });
        model.Entity<RestorativeParticipant>(e =>
        {
            e.ToTable("RestorativeParticipants");
            e.HasOne<Pupil>().WithMany().HasForeignKey(p => p.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(p => new { p.ConversationId, p.PupilId }).IsUnique();
            e.HasIndex(p => p.PupilId);
        });
        model.Entity<BehaviourReview>(e =>
        {
            e.ToTable("BehaviourReviews");
            e.HasOne<Pupil>().WithMany().HasForeignKey(r => r.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Plans.Plan>().WithMany().HasForeignKey(r => r.PlanId).OnDelete(DeleteBehavior.SetNull);
            e.HasIndex(r => new { r.PupilId, r.HeldOn });
            e.HasIndex(r => new { r.SchoolId, r.NextReviewOn });
            e.Property(r => r.Attendees).HasMaxLength(BehaviourReview.AttendeesMax);
            e.Property(r => r.Targets).HasMaxLength(BehaviourReview.TextMax);
            e.Property(r => r.RecordedByName).HasMaxLength(200);
        });
    }
}
