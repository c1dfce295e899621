using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Http.HttpResults;
using Pastoral.Features.Pupils;
using Pastoral.Features.Pupils.Timeline;
using Pastoral.Features.Schools;
using Pastoral.Security;
using Pastoral.Data;

namespace Pastoral.Features.Behaviour.Isolation;

/// <summary>Internal isolation and the inclusion unit (issue 9, item 4): placements by day and session, work set, supervision, the unit's day.</summary>
public sealed class IsolationModule : IFeatureModule
{
    public static readonly StaffAction ManageIsolation = new(nameof(ManageIsolation));

    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<InclusionUnit>();
        services.AddScoped<IsolationReads>();
        services.AddScoped<ITimelineSource, IsolationTimeline>();
    }

    public IEnumerable<PermissionRow> PermissionRows =>
    [
        new(ManageIsolation, "Internal isolation and inclusion unit placements (`POST /api/v1/behaviour/isolation`): days and sessions, work set, supervising a session, for the pupils in scope",
            Roles.SeniorLeader, Roles.Dsl, Roles.DeputyDsl, Roles.HeadOfYear, Roles.PastoralStaff),
    ];

    public void MapEndpoints(IEndpointRouteBuilder api) =>
        api.MapGroup("/behaviour").WithTags("Behaviour").MapPost("/isolation", PlaceAsync).RequireAuthorization(ManageIsolation.Name)
            .WithSummary("Place a pupil in internal isolation or the inclusion unit for school days and sessions (am, pm or both)")
            .Produces<Restorative.RecordedDto>(201).ProducesValidationProblem();

    /// <param name="body">pupil (id or UPN), startsOn and endsOn (yyyy-MM-dd), sessions (am, pm or both), reason, incidentId.</param>
    private static async Task<Results<Created<Restorative.RecordedDto>, ValidationProblem>> PlaceAsync(PlacementInput body, InclusionUnit unit, CurrentStaff current, CancellationToken ct)
    {
        var r = await unit.PlaceAsync(await current.GetAsync(ct), body, ct);
        return r.Id is { } id ? TypedResults.Created($"/api/v1/behaviour/isolation/{id}", new Restorative.RecordedDto(id))
            : TypedResults.ValidationProblem(r.Problems.ToDictionary(p => p.Key, p => p.Value.Select(m => m + ".").ToArray()), title: "Nothing was saved: some fields are not right");
    }

    public void ConfigureModel(ModelBuilder model)
    {
        model.Entity<IsolationPlacement>(e =>
        {
            e.ToTable("IsolationPlacements");
            e.HasOne<Pupil>().WithMany().HasForeignKey(p => p.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<BehaviourIncident>().WithMany().HasForeignKey(p => p.IncidentId).OnDelete(DeleteBehavior.SetNull);
            e.HasMany(p => p.Sessions).WithOne().HasForeignKey(s => s.PlacementId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(p => p.Work).WithOne().HasForeignKey(w => w.PlacementId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(p => new { p.PupilId, p.StartsOn });
            e.Property(p => p.Reason).HasMaxLength(IsolationPlacement.ReasonMax);
            e.Property(p => p.Status).HasConversion<string>().HasMaxLength(10);
            e.Property(p => p.PlacedByName).HasMaxLength(200);
            e.Property(p => p.Version).IsConcurrencyToken();
        });
        model.Entity<IsolationSession>(e =>
        {
            e.ToTable("IsolationSessions");
            e.HasIndex(s => new { s.PlacementId, s.Date, s.Session }).IsUnique();
            e.HasIndex(s => s.Date);
            e.HasIndex(s => s.PupilId);
            e.Property(s => s.Session).HasConversion<string>().HasMaxLength(2);
            e.Property(s => s.SupervisedByName).HasMaxLength(200);
        });
        model.Entity<IsolationWork>(e =>
        {
            e.ToTable("IsolationWork");
            e.HasIndex(w => w.PupilId);
            e.Property(w => w.Subject).HasMaxLength(IsolationWork.SubjectMax);
            e.Property(w => w.Work).HasMaxLength(IsolationWork.WorkMax);
            e.Property(w => w.SetByName).HasMaxLength(200);
        });
    }
}

/// <summary>Isolation placements on the pupil's timeline (behaviour viewers).</summary>
public sealed class IsolationTimeline(PastoralDbContext db) : ITimelineSource
{
    public async Task<IReadOnlyList<TimelineEntry>> EntriesAsync(TimelineQuery query, CancellationToken ct)
    {
        var rows = await db.Set<IsolationPlacement>().AsNoTracking().Where(p => p.PupilId == query.PupilId && (query.Before == null || p.PlacedAt < query.Before))
            .OrderByDescending(p => p.PlacedAt).Take(query.Limit).Select(p => new { p.PlacedAt, p.StartsOn, p.EndsOn, p.Reason, p.PlacedByName, Sessions = p.Sessions.Count }).ToListAsync(ct);
        return [.. rows.Select(p => new TimelineEntry(p.PlacedAt, "Behaviour", "Internal isolation placement",
            $"{Detentions.DetentionBook.Day(p.StartsOn)}" + (p.EndsOn == p.StartsOn ? "" : $" to {Detentions.DetentionBook.Day(p.EndsOn)}")
            + $", {p.Sessions} session{(p.Sessions == 1 ? "" : "s")}: {p.Reason} (placed by {p.PlacedByName})", $"/pupils/{query.PupilId}/isolation", BehaviourModule.ViewBehaviour))];
    }
}
