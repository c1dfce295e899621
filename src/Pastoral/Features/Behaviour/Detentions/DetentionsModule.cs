using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Admin;
using Pastoral.Features.Pupils;
using Pastoral.Features.Schools;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Detentions;

/// <summary>Detentions (issue 9, item 3): the school's detention types, setting one at a sitting with space, the register, escalation when missed.</summary>
public sealed class DetentionsModule : IFeatureModule
{
    public static readonly StaffAction ManageDetentions = new(nameof(ManageDetentions));

    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<DetentionBook>();
        services.AddScoped<DetentionParents>();
        DetentionParents.Register(services);
        services.AddScoped<DetentionTypesAdmin>();
        services.AddScoped<DetentionSittings>();
        services.AddScoped<Pupils.Timeline.ITimelineSource, DetentionsTimeline>();
        services.AddScoped<Infrastructure.Demo.IDemoData, DetentionsDemoData>();
        services.AddAdminSection(new AdminSection("Detention types", "/admin/behaviour/detentions",
            "The kinds of detention staff can set: days, start time, length, room, places, notice to parents and what a missed one becomes.", BehaviourModule.ManageBehaviour.Name, 62));
        services.AddNotificationKind(new NotificationKind(DetentionBook.MissedKind, "A pupil missed a detention",
            "Heads of year: a pupil in your year missed a detention, and the longer detention set in its place"));
    }

    public void MapEndpoints(IEndpointRouteBuilder api) => DetentionsEndpoints.Map(api);

    public IEnumerable<PermissionRow> PermissionRows =>
    [
        new(ManageDetentions, "Detention sittings and their registers (`/behaviour/detentions`): who is due, marking attended, missed or excused (a missed detention sets the escalated one and tells the head of year), for the pupils in scope; `POST /api/v1/behaviour/detentions/{id}/register`. Setting a detention is `LogBehaviour`; the detention types are `ManageBehaviour`",
            Roles.SeniorLeader, Roles.Dsl, Roles.DeputyDsl, Roles.HeadOfYear, Roles.PastoralStaff),
    ];

    public void ConfigureModel(ModelBuilder model)
    {
        model.Entity<DetentionType>(e =>
        {
            e.ToTable("DetentionTypes");
            e.HasOne<School>().WithMany().HasForeignKey(t => t.SchoolId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<DetentionType>().WithMany().HasForeignKey(t => t.EscalatesToId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(t => new { t.SchoolId, t.Name }).IsUnique();
            e.Property(t => t.Name).HasMaxLength(DetentionType.NameMax);
            e.Property(t => t.Room).HasMaxLength(DetentionType.RoomMax);
            e.Property(t => t.Kind).HasConversion<string>().HasMaxLength(12);
            e.Property(t => t.Version).IsConcurrencyToken();
        });
        model.Entity<Detention>(e =>
        {
            e.ToTable("Detentions");
            e.HasOne<Pupil>().WithMany().HasForeignKey(d => d.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(d => d.Type).WithMany().HasForeignKey(d => d.TypeId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<BehaviourIncident>().WithMany().HasForeignKey(d => d.IncidentId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne<Detention>().WithMany().HasForeignKey(d => d.EscalatedFromId).OnDelete(DeleteBehavior.SetNull);
            // A sitting holds at most its capacity: one row per seat, whichever instance saved.
            e.HasIndex(d => new { d.TypeId, d.Date, d.Seat }).IsUnique();
            e.HasIndex(d => new { d.PupilId, d.Date });
            e.HasIndex(d => new { d.SchoolId, d.Date });
            e.HasIndex(d => d.IncidentId);
            e.Property(d => d.Reason).HasMaxLength(Detention.ReasonMax);
            e.Property(d => d.Status).HasConversion<string>().HasMaxLength(10);
            e.Property(d => d.SetByName).HasMaxLength(200);
            e.Property(d => d.MarkedByName).HasMaxLength(200);
            e.Property(d => d.ParentsToldHow).HasMaxLength(Detention.ToldHowMax);
        });
        model.Entity<DetentionParentNotice>(e =>
        {
            e.ToTable("DetentionParentNotices");
            e.HasOne<School>().WithMany().HasForeignKey(n => n.SchoolId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(n => n.SchoolId).IsUnique();
            e.Property(n => n.UpdatedByName).HasMaxLength(200);
            e.Property(n => n.Version).IsConcurrencyToken();
        });
    }
}
