using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour;

/// <summary>
/// The speed benchmark's baseline (issue 9 "Speed", <c>bench/run.sh --only behaviour-log</c>): <c>POST /api/v1/bench/behaviour/incidents</c>
/// takes the same body and the same authentication and authorization as <c>POST /api/v1/behaviour/incidents</c> (a token, the
/// <c>LogBehaviour</c> policy, the member of staff loaded) and then does one parameterised INSERT of an incident row over the
/// DbContext's connection: no checks, no pupils, no audit, no hooks. Mapped only when <c>Bench:BaselineEndpoints</c> is true,
/// which is off by default and set by the benchmark alone (never in production configuration); not in the API description.
/// </summary>
public static class BehaviourBaselineEndpoint
{
    public const string Setting = "Bench:BaselineEndpoints";

    public static void Map(IEndpointRouteBuilder api)
    {
        if (!api.ServiceProvider.GetRequiredService<IConfiguration>().GetValue<bool>(Setting)) return;
        api.MapPost("/bench/behaviour/incidents", InsertAsync).RequireAuthorization(BehaviourModule.LogBehaviour.Name).ExcludeFromDescription();
    }

    private static async Task<IResult> InsertAsync(IncidentRequest body, PastoralDbContext db, CurrentStaff current, SchoolClock clock, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (body.Type is not { ValueKind: JsonValueKind.Number } t || !t.TryGetInt32(out var typeId) || staff.SchoolIds.Count == 0)
            return TypedResults.BadRequest();
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await db.Database.OpenConnectionAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO "BehaviourIncidents" ("SchoolId", "TypeId", "OccurredAt", "OccurredOn", "Description", "ParentsContacted", "RecordedById", "RecordedByName", "RecordedAt", "Version")
            VALUES (@school, @type, @at, @on, @description, @contacted, @by, @name, @at, 0)
            """;
        var sqlite = db.Database.IsSqlite();
        var now = clock.UtcNow;
        Add(command, "school", staff.SchoolIds[0]);
        Add(command, "type", typeId);
        Add(command, "at", now);
        Add(command, "on", DateOnly.FromDateTime(SchoolClock.ToLocal(now)));
        Add(command, "description", (object?)body.Description ?? DBNull.Value);
        Add(command, "contacted", false);
        // As EF Core stores them: a Guid is upper-case text on SQLite.
        Add(command, "by", sqlite ? staff.UserId.ToString().ToUpperInvariant() : staff.UserId);
        Add(command, "name", staff.Name);
        await command.ExecuteNonQueryAsync(ct);
        return TypedResults.Created((string?)null, new { ok = true, at = now.ToString("O", CultureInfo.InvariantCulture) });
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = "@" + name;
        p.Value = value;
        command.Parameters.Add(p);
    }
}
