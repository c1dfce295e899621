using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Registers;

/// <param name="Pupil">The pupil's id.</param>
/// <param name="Code">A DfE attendance code in force on the date ("/" or "\\" present, "L", "N", "I"…).</param>
/// <param name="MinutesLate">For L or U: minutes after the register opened. An L arriving after the register closed is saved as U unless a reason is given.</param>
/// <param name="Reason">Needed to replace a different saved mark, or to keep L after the register closed.</param>
public sealed record RegisterMarkRequest(int Pupil, string? Code, int? MinutesLate, string? Reason);

/// <param name="Version">The register's version you started from; null for the first save of this register.</param>
public sealed record RegisterRequest(int? Version, IReadOnlyList<RegisterMarkRequest>? Marks);

/// <param name="Code">The saved code, or null when the session has no mark yet.</param>
public sealed record RegisterMarkDto(int Pupil, string Name, string? PreferredName, string? Code, int? MinutesLate);

/// <param name="Session">AM or PM.</param>
/// <param name="Version">Null until the register is first saved.</param>
public sealed record RegisterDto(int FormId, string Form, DateOnly Date, string Session, int? Version, string? TakenBy, DateTime? TakenAt,
    bool KeptInMis, IReadOnlyList<RegisterMarkDto> Marks);

/// <summary>GET and PUT /api/v1/forms/{formId}/registers/{date}/{session}: a form's register, read and saved through <see cref="RegisterBook"/>.</summary>
public static class RegistersEndpoints
{
    public const int MaxMarks = 200;

    public static void Map(IEndpointRouteBuilder api)
    {
        var forms = api.MapGroup("/forms").WithTags("Attendance registers");
        forms.MapGet("/{formId:int}/registers/{date}/{session}", GetAsync).RequireAuthorization(AttendanceModule.ViewAttendance.Name)
            .WithSummary("A form's register for a session: the pupils on roll with their marks (null code: no mark yet), who took it and when")
            .Produces<RegisterDto>().ProducesProblem(404).ProducesValidationProblem();
        forms.MapPut("/{formId:int}/registers/{date}/{session}", PutAsync).RequireAuthorization(AttendanceModule.TakeRegisters.Name)
            .WithSummary("Save a form's register: the marks and the version you started from (null for a first save); a stale version is a 409 with the current register; a bad mark is a 400 naming marks[index]")
            .Produces<RegisterDto>().Produces<RegisterDto>(409).ProducesProblem(404).ProducesValidationProblem();
    }

    private static async Task<IResult> GetAsync(int formId, string date, string session, CurrentStaff current, RegisterBook book, CancellationToken ct)
    {
        if (Route(date, session) is not ({ } day, { } s)) return BadRoute(date, session);
        var staff = await current.GetAsync(ct);
        return await book.FindAsync(staff, formId, day, s, ct) is { } sheet ? TypedResults.Ok(Dto(sheet)) : NotFound(formId);
    }

    private static async Task<IResult> PutAsync(int formId, string date, string session, RegisterRequest body, CurrentStaff current, RegisterBook book,
        CancellationToken ct)
    {
        if (Route(date, session) is not ({ } day, { } s)) return BadRoute(date, session);
        if (body.Marks is not { Count: > 0 } marks)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["marks"] = ["Send at least one mark."] }, title: "Nothing was saved");
        if (marks.Count > MaxMarks)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["marks"] = [$"Send at most {MaxMarks} marks."] }, title: "Nothing was saved");
        var staff = await current.GetAsync(ct);
        var result = await book.SaveAsync(staff, formId, day, s, body.Version,
            [.. marks.Select(m => new RegisterMarkInput(m.Pupil, m.Code, m.MinutesLate, m.Reason))], ct);
        return result switch
        {
            RegisterSaveResult.Saved saved => TypedResults.Ok(Dto(saved.Sheet)),
            RegisterSaveResult.Stale stale => TypedResults.Json(Dto(stale.Current), statusCode: StatusCodes.Status409Conflict),
            RegisterSaveResult.Invalid invalid => TypedResults.ValidationProblem(invalid.Problems
                .GroupBy(p => p.Index < 0 ? p.Field : $"marks[{p.Index}].{p.Field}")
                .ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()), title: "Nothing was saved: some marks are not right"),
            _ => NotFound(formId),
        };
    }

    private static (DateOnly?, Session?) Route(string date, string session) => (
        DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null,
        session.ToUpperInvariant() switch { "AM" => Session.Am, "PM" => Session.Pm, _ => null });

    private static IResult BadRoute(string date, string session)
    {
        var errors = new Dictionary<string, string[]>();
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            errors["date"] = ["The date must be yyyy-MM-dd, for example 2026-11-24."];
        if (session.ToUpperInvariant() is not ("AM" or "PM")) errors["session"] = ["The session must be AM or PM."];
        return TypedResults.ValidationProblem(errors, title: "The register's address is not right");
    }

    public static RegisterDto Dto(RegisterSheet s) => new(s.FormId, s.FormName, s.Date, AttendanceMarkWriter.SessionName(s.Session), s.Version,
        s.TakenBy, s.TakenAt, s.KeptInMis, [.. s.Pupils.Select(p => new RegisterMarkDto(p.PupilId, p.Name, p.PreferredName, p.Code, p.MinutesLate))]);

    private static IResult NotFound(int formId) => TypedResults.NotFound(new ProblemDetails
    {
        Status = 404, Title = "Form not found", Detail = $"No form {formId} with pupils that you may see.",
    });
}
