using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Agencies;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Marks;

/// <summary>One mark sent to <c>POST /api/v1/attendance/marks</c>: <c>pupil</c> is the id (a number or text) or the UPN.</summary>
public sealed record MarkRequestItem(JsonElement? Pupil, string? Date, string? Session, string? Code, int? MinutesLate, string? Reason);
public sealed record MarksRequest(IReadOnlyList<MarkRequestItem?>? Marks);
public sealed record MarksWritten(int Added, int Changed, int Unchanged);
public sealed record PupilMarkDto(DateOnly Date, string Session, string Code, int? MinutesLate);
/// <summary>A pupil's figures over the range, exactly as <see cref="AttendanceSummary"/> counts them.</summary>
public sealed record PupilAttendanceSummaryDto(int PupilId, string Upn, string Forename, string Surname, DateOnly From, DateOnly To,
    int PossibleSessions, int AttendedSessions, int AuthorisedAbsenceSessions, int UnauthorisedAbsenceSessions, decimal? AttendancePercent,
    bool PersistentAbsence, bool SevereAbsence);

/// <summary>Marks in and out by API (issue 8 item 2) and the attendance summaries (item 3).</summary>
public static class MarksEndpoints
{
    /// <summary>The largest JSON body accepted: 20,000 marks with short reasons fit well inside it.</summary>
    public const int MaxBodyBytes = 8 * 1024 * 1024;
    public const int MaxPageSize = 200;
    public const int MaxMarksPageSize = 1000;

    public static void Map(IEndpointRouteBuilder api)
    {
        var attendance = api.MapGroup("/attendance").WithTags("Attendance");
        attendance.MapPost("/marks", PostAsync).RequireAuthorization(AttendanceModule.CorrectAttendance.Name)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .WithSummary($"Record marks (at most {MarkBatch.MaxMarks:N0}), all or nothing; a mark replacing a different one needs a reason. The same batch twice changes nothing")
            .Produces<MarksWritten>().ProducesValidationProblem().ProducesProblem(413);
        attendance.MapGet("/summary", SummaryListAsync).RequireAuthorization(AttendanceModule.ViewAttendance.Name)
            .WithSummary("Attendance figures for every pupil you may see, paged (default: this academic year to date)").ProducesValidationProblem();
        var pupils = api.MapGroup("/pupils").WithTags("Attendance");
        pupils.MapGet("/{key}/attendance/marks", PupilMarksAsync).RequireAuthorization(AttendanceModule.ViewAttendance.Name)
            .WithSummary("The pupil's marks between two dates, oldest first (default: this academic year to date)").ProducesProblem(404).ProducesValidationProblem();
        pupils.MapGet("/{key}/attendance/summary", PupilSummaryAsync).RequireAuthorization(AttendanceModule.ViewAttendance.Name)
            .WithSummary("The pupil's attendance figures between two dates (default: this academic year to date)").ProducesProblem(404).ProducesValidationProblem();
    }

    private static async Task<Results<Ok<MarksWritten>, ValidationProblem>> PostAsync(MarksRequest? body, MarkBatch batch, CurrentStaff current, CancellationToken ct)
    {
        if (body?.Marks is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["marks"] = ["marks: send { \"marks\": [ … ] } with at least one mark."] });
        var incoming = body.Marks.Select(m => new IncomingMark(Key(m?.Pupil), m?.Date, m?.Session, m?.Code, m?.MinutesLate, m?.Reason)).ToList();
        var result = await batch.WriteAsync(await current.GetAsync(ct), incoming, MarkSource.Api, "API", null, preview: false, ct);
        if (!result.Succeeded)
            return TypedResults.ValidationProblem(result.Problems.GroupBy(FieldName).ToDictionary(g => g.Key, g => g.Select(p => $"{FieldName(p)}: {p.Message}").ToArray()),
                title: $"Nothing was saved: {Counted.Of(result.Problems.Count, "problem")} with the marks");
        return TypedResults.Ok(new MarksWritten(result.Added, result.Changed, result.Unchanged));
    }

    /// <summary>The error key of a problem: <c>marks[3].code</c>, or <c>marks</c> for the batch as a whole.</summary>
    public static string FieldName(MarkProblem p) => p.Index < 0 ? p.Field : $"marks[{p.Index}].{p.Field}";

    private static string? Key(JsonElement? pupil) => pupil switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
        _ => null,
    };

    private static async Task<Results<Ok<Paged<PupilMarkDto>>, NotFound<ProblemDetails>, ValidationProblem>> PupilMarksAsync(string key,
        DateOnly? from, DateOnly? to, int? page, int? pageSize, PastoralDbContext db, CurrentStaff current, SchoolClock clock, CancellationToken ct)
    {
        var (range, problems) = Range(from, to, clock);
        Paging(page, pageSize, MaxMarksPageSize, problems);
        if (problems.Count > 0) return TypedResults.ValidationProblem(problems);
        var pupil = await PupilsEndpoints.FindAsync(db, await current.GetAsync(ct), key, ct);
        if (pupil is null) return NotFound(key);
        var marks = db.Set<AttendanceMark>().AsNoTracking().Where(m => m.PupilId == pupil.Id && m.Date >= range.From && m.Date <= range.To);
        var (p, size) = (page ?? 1, pageSize ?? 500);
        var rows = await marks.OrderBy(m => m.Date).ThenBy(m => m.Session == Session.Pm)
            .Skip((p - 1) * size).Take(size).Select(m => new { m.Date, m.Session, m.Code, m.MinutesLate }).ToListAsync(ct);
        return TypedResults.Ok(new Paged<PupilMarkDto>(rows.Select(m => new PupilMarkDto(m.Date, AttendanceMarkWriter.SessionName(m.Session), m.Code, m.MinutesLate)).ToList(),
            await marks.CountAsync(ct), p, size));
    }

    private static async Task<Results<Ok<PupilAttendanceSummaryDto>, NotFound<ProblemDetails>, ValidationProblem>> PupilSummaryAsync(string key,
        DateOnly? from, DateOnly? to, PastoralDbContext db, CurrentStaff current, AttendanceStatistics statistics, SchoolClock clock, CancellationToken ct)
    {
        var (range, problems) = Range(from, to, clock);
        if (problems.Count > 0) return TypedResults.ValidationProblem(problems);
        var pupil = await PupilsEndpoints.FindAsync(db, await current.GetAsync(ct), key, ct);
        if (pupil is null) return NotFound(key);
        var summary = await statistics.ForPupilAsync(pupil.Id, range.From, range.To, ct);
        return TypedResults.Ok(Dto(pupil.Id, pupil.Upn, pupil.Forename, pupil.Surname, range, summary));
    }

    private static async Task<Results<Ok<Paged<PupilAttendanceSummaryDto>>, ValidationProblem>> SummaryListAsync(DateOnly? from, DateOnly? to,
        int? page, int? pageSize, PastoralDbContext db, CurrentStaff current, AttendanceStatistics statistics, SchoolClock clock, CancellationToken ct)
    {
        var (range, problems) = Range(from, to, clock);
        Paging(page, pageSize, MaxPageSize, problems);
        if (problems.Count > 0) return TypedResults.ValidationProblem(problems);
        var staff = await current.GetAsync(ct);
        var (p, size) = (page ?? 1, pageSize ?? 50);
        // Pupils in scope who were on roll at some point in the range, by legal name (stable paging).
        var pupils = db.Pupils.AsNoTracking().VisibleTo(staff).Where(x => x.OnRollFrom <= range.To && (x.OnRollTo == null || x.OnRollTo >= range.From));
        var rows = (await pupils.OrderBy(x => x.LegalSurname).ThenBy(x => x.LegalForename).ThenBy(x => x.Id).Skip((p - 1) * size).Take(size)
            .Select(x => new { x.Id, x.Upn, x.LegalForename, x.LegalSurname, x.PreferredForename, x.PreferredSurname }).ToListAsync(ct))
            .Select(x => new
            {
                x.Id, x.Upn,
                Forename = string.IsNullOrWhiteSpace(x.PreferredForename) ? x.LegalForename : x.PreferredForename,
                Surname = string.IsNullOrWhiteSpace(x.PreferredSurname) ? x.LegalSurname : x.PreferredSurname,
            }).ToList();
        var ids = rows.Select(r => r.Id).ToList();
        var figures = await statistics.ForPupilsAsync(pupils.Where(x => ids.Contains(x.Id)), range.From, range.To, ct);
        var items = rows.Select(r => Dto(r.Id, r.Upn, r.Forename, r.Surname, range, figures.GetValueOrDefault(r.Id) ?? AttendanceSummary.Empty)).ToList();
        return TypedResults.Ok(new Paged<PupilAttendanceSummaryDto>(items, await pupils.CountAsync(ct), p, size));
    }

    private static PupilAttendanceSummaryDto Dto(int id, string upn, string forename, string surname, DateRange range, AttendanceSummary s) =>
        new(id, upn, forename, surname, range.From, range.To, s.PossibleSessions, s.AttendedSessions, s.AuthorisedAbsenceSessions,
            s.UnauthorisedAbsenceSessions, s.AttendancePercent, s.PersistentAbsence, s.SevereAbsence);

    private readonly record struct DateRange(DateOnly From, DateOnly To);

    /// <summary>The range asked for; by default from 1 September of this academic year to today (the school's date).</summary>
    private static (DateRange Range, Dictionary<string, string[]> Problems) Range(DateOnly? from, DateOnly? to, SchoolClock clock)
    {
        var today = clock.Today();
        var start = from ?? AcademicYearStart(to ?? today);
        var end = to ?? (start > today ? AcademicYearEnd(start) : today);
        var problems = new Dictionary<string, string[]>();
        if (end < start) problems["to"] = [$"to ({end:yyyy-MM-dd}) must not be before from ({start:yyyy-MM-dd})."];
        else if (end.DayNumber - start.DayNumber > 366 * 10) problems["to"] = ["to must be at most ten years after from."];
        return (new DateRange(start, end), problems);
    }

    /// <summary>1 September of the academic year a date falls in.</summary>
    public static DateOnly AcademicYearStart(DateOnly date) => new(date.Month >= 9 ? date.Year : date.Year - 1, 9, 1);

    private static DateOnly AcademicYearEnd(DateOnly date) => AcademicYearStart(date).AddYears(1).AddDays(-1);

    private static void Paging(int? page, int? pageSize, int max, Dictionary<string, string[]> problems)
    {
        if (page is < 1) problems["page"] = ["page starts at 1."];
        if (pageSize is < 1 || pageSize > max) problems["pageSize"] = [$"pageSize must be between 1 and {max}."];
    }

    private static NotFound<ProblemDetails> NotFound(string key) => TypedResults.NotFound(new ProblemDetails
    {
        Status = 404, Title = "Pupil not found", Detail = $"No pupil '{key}' that you may see.",
    });
}
