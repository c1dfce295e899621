using Microsoft.EntityFrameworkCore;
using Pastoral.Infrastructure.Demo;
using Pastoral.Infrastructure.Live;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.OnCall;

/// <summary>
/// Live on-call (issue 9, item 9): a teacher calls for help from any page in two taps; the staff on call (the school's rota, or
/// every responder when nobody is on it) see it live on any instance, one accepts, and resolves it with an outcome that can become
/// an incident. Response times are reported per week.
/// </summary>
public sealed class OnCallModule : IFeatureModule
{
    public static readonly StaffAction RaiseOnCall = new(nameof(RaiseOnCall));
    public static readonly StaffAction RespondOnCall = new(nameof(RespondOnCall));
    public static readonly StaffAction ManageOnCall = new(nameof(ManageOnCall));

    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<OnCallRequests>();
        services.AddScoped<OnCallRota>();
        services.AddScoped<OnCallReport>();
        services.AddScoped<IIncidentLogged, OnCallIncidentLink>();
        services.AddScoped<Pupils.Timeline.ITimelineSource, OnCallTimeline>();
        services.AddScoped<IDemoData, OnCallDemoData>();
        services.AddLiveTopic<OnCallLiveTopic>();
        services.AddNotificationKind(OnCallRequests.Kind);
    }

    public IEnumerable<PermissionRow> PermissionRows =>
    [
        new(RaiseOnCall, "Calling on-call for help from any page (the \"On call\" button in the header, `/behaviour/on-call/raise`, `POST /api/v1/behaviour/on-call`), seeing their own requests and withdrawing one nobody has taken",
            Roles.SeniorLeader, Roles.Dsl, Roles.DeputyDsl, Roles.Senco, Roles.HeadOfYear, Roles.PastoralStaff, Roles.Teacher),
        new(RespondOnCall, "Being on call: the live list of requests in their schools (`/behaviour/on-call`, `GET /api/v1/behaviour/on-call`), accepting one and resolving the ones they accepted, \"I'm on call now\" for today, seeing the rota",
            Roles.SeniorLeader, Roles.HeadOfYear, Roles.PastoralStaff),
        new(ManageOnCall, "The on-call rota of their schools (`/behaviour/on-call/rota`), resolving or closing anyone's request, and the response-time report (`/behaviour/on-call/report`, CSV, audited)",
            Roles.SeniorLeader),
    ];

    public void MapEndpoints(IEndpointRouteBuilder api) => OnCallEndpoints.Map(api);

    public void MapPages(IEndpointRouteBuilder app) => OnCallExport.Map(app);

    public void ConfigureModel(ModelBuilder model)
    {
        model.Entity<OnCallRequest>(e =>
        {
            e.ToTable("OnCallRequests");
            e.HasOne<Schools.School>().WithMany().HasForeignKey(r => r.SchoolId).OnDelete(DeleteBehavior.Cascade);
            e.Property(r => r.LocationName).HasMaxLength(100);
            e.Property(r => r.Urgency).HasConversion<string>().HasMaxLength(10);
            e.Property(r => r.Reason).HasMaxLength(OnCallRequest.ReasonMax);
            e.Property(r => r.RaisedByName).HasMaxLength(200);
            e.Property(r => r.AcceptedByName).HasMaxLength(200);
            e.Property(r => r.ResolvedByName).HasMaxLength(200);
            e.Property(r => r.Outcome).HasConversion<string>().HasMaxLength(24);
            e.Property(r => r.RemovedTo).HasMaxLength(OnCallRequest.RemovedToMax);
            e.Property(r => r.Note).HasMaxLength(OnCallRequest.NoteMax);
            e.Ignore(r => r.Status);
            e.HasMany(r => r.Pupils).WithOne().HasForeignKey(p => p.OnCallRequestId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(r => new { r.SchoolId, r.RaisedAt });
            e.HasIndex(r => new { r.RaisedById, r.RaisedAt });
            // No key to Locations: a room may be renamed or removed later; the request keeps the name it was raised with.
        });
        model.Entity<OnCallPupil>(e =>
        {
            e.ToTable("OnCallPupils");
            e.HasOne<Pupils.Pupil>().WithMany().HasForeignKey(p => p.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(p => new { p.OnCallRequestId, p.PupilId }).IsUnique();
            e.HasIndex(p => p.PupilId);
        });
        model.Entity<OnCallDuty>(e =>
        {
            e.ToTable("OnCallDuties");
            e.HasOne<Schools.School>().WithMany().HasForeignKey(d => d.SchoolId).OnDelete(DeleteBehavior.Cascade);
            e.Property(d => d.StaffName).HasMaxLength(200);
            e.Property(d => d.AddedByName).HasMaxLength(200);
            e.Property(d => d.Weekday).HasConversion<string>().HasMaxLength(10);
            e.HasIndex(d => new { d.SchoolId, d.Weekday });
            e.HasIndex(d => new { d.SchoolId, d.OnDate });
        });
    }
}
