using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Pupils;

/// <summary>
/// PATCH /api/v1/pupils/{key}: change some fields of a pupil. The body names the fields to change and carries the
/// record's <c>version</c>; a stale version is a 409 whose body is the current record. A field the user's role does
/// not own is refused with a 403 naming it, whatever else the body holds.
/// </summary>
public static class PupilEditEndpoint
{
    public static void Map(RouteGroupBuilder pupils) =>
        pupils.MapPatch("/{key}", EditAsync).RequireAuthorization(Policies.EditPupils)
            .WithSummary("Change some of a pupil's fields (JSON object: version plus the fields to change)")
            .Produces<PupilDetail>().ProducesProblem(403).ProducesProblem(404).Produces<PupilDetail>(409).ProducesValidationProblem();

    private static async Task<IResult> EditAsync(string key, HttpRequest request, PastoralDbContext db, CurrentStaff current,
        Safeguarding.ChildProtection childProtection, CancellationToken ct)
    {
        JsonElement body;
        try { body = (await JsonDocument.ParseAsync(request.Body, default, ct)).RootElement; }
        catch (JsonException) { return Problem("body", "Send a JSON object with the version you started from and the fields to change."); }
        if (body.ValueKind != JsonValueKind.Object)
            return Problem("body", "Send a JSON object with the version you started from and the fields to change.");
        var staff = await current.GetAsync(ct);
        var found = await PupilsEndpoints.FindAsync(db, staff, key, ct);
        if (found is null) return TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Pupil not found", Detail = $"No pupil '{key}' that you may see." });
        if (!body.TryGetProperty("version", out var v) || v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var version))
            return Problem("version", "Send the version of the record you started from (a whole number).");

        var errors = new Dictionary<string, string[]>();
        var wanted = new Dictionary<string, string?>();
        foreach (var prop in body.EnumerateObject().Where(p => p.Name != "version"))
        {
            if (PupilFields.Find(prop.Name) is not { } field)
            {
                errors[prop.Name] = [$"{prop.Name} is not a pupil field. Fields: {string.Join(", ", PupilFields.All.Select(f => Camel(f.Key)))}."];
                continue;
            }
            string? raw = prop.Value.ValueKind switch
            {
                JsonValueKind.True => "true", JsonValueKind.False => "false", JsonValueKind.Null => null,
                JsonValueKind.String => prop.Value.GetString(), _ => prop.Value.GetRawText(),
            };
            var (value, problem) = field.Normalise(raw);
            if (problem is not null) errors[Camel(field.Key)] = [problem + "."];
            else wanted[field.Key] = value;
        }
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "Nothing was changed: some fields are not right");

        var pupil = await db.Pupils.VisibleTo(staff).SingleAsync(p => p.Id == found.Id, ct);
        var saved = PupilEdit.Values(pupil, PupilFields.All);
        var changed = wanted.Keys.Where(k => wanted[k] != saved[k]).ToList();
        if (PupilEdit.Refused(staff, changed) is { } refused)
            return TypedResults.Problem(statusCode: 403, title: $"You may not change {refused.InSentence}",
                detail: PupilFields.Refusal(refused), extensions: new Dictionary<string, object?> { ["field"] = Camel(refused.Key) });
        if (version != pupil.Version) return await CurrentAsync(key, StatusCodes.Status409Conflict);
        PupilEdit.Apply(pupil, wanted, changed);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { db.ChangeTracker.Clear(); return await CurrentAsync(key, StatusCodes.Status409Conflict); }
        return await CurrentAsync(key, StatusCodes.Status200OK);

        async Task<IResult> CurrentAsync(string k, int status)
        {
            var detail = await PupilsEndpoints.GetAsync(k, db, current, childProtection, ct);
            return detail.Result is Ok<PupilDetail> ok ? TypedResults.Json(ok.Value, statusCode: status) : detail.Result;
        }
    }

    private static string Camel(string key) => char.ToLowerInvariant(key[0]) + key[1..];

    private static ValidationProblem Problem(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "Nothing was changed");
}
