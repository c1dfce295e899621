using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Interventions.Catalogue;

public sealed record MeasureInput(string? Name, string? Description, string? Min, string? Max, string? Direction);

public sealed record MeasureSave(int? Id, IReadOnlyList<(string Field, string Message)> Problems, OutcomeMeasure? Current = null);

/// <param name="Measure">The measure's id (as text) or name.</param>
/// <param name="Point">entry, review or exit.</param>
/// <param name="TakenOn">yyyy-MM-dd, not in the future; today when left out.</param>
public sealed record ScoreRequest(string? Measure, string? Point, double? Value, string? TakenOn);

public sealed record ScoreDto(int Id, int EnrolmentId, string Measure, string Point, string TakenOn, double Value);

/// <summary>The school's outcome measures (a scale with a range and a direction) and the scores recorded against enrolments.</summary>
public sealed class OutcomeMeasures(PastoralDbContext db, SchoolClock clock)
{
    public static string Scale(OutcomeMeasure m) => $"{Number(m.Min)} to {Number(m.Max)}, {(m.HigherIsBetter ? "higher is better" : "lower is better")}";

    public static string Number(double d) => d.ToString("0.##", CultureInfo.InvariantCulture);

    public static string PointName(MeasurePoint p) => p switch { MeasurePoint.Entry => "Entry", MeasurePoint.Review => "Review", _ => "Exit" };

    public Task<List<OutcomeMeasure>> ListAsync(int schoolId, CancellationToken ct) =>
        db.Set<OutcomeMeasure>().AsNoTracking().Where(m => m.SchoolId == schoolId).OrderBy(m => m.Retired).ThenBy(m => m.Name).ToListAsync(ct);

    public static (OutcomeMeasure Values, List<(string Field, string Message)> Problems) Check(MeasureInput input)
    {
        var problems = new List<(string, string)>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0) problems.Add(("Name", "Enter the measure's name"));
        else if (name.Length > OutcomeMeasure.NameMax) problems.Add(("Name", $"The name can be at most {OutcomeMeasure.NameMax} characters"));
        var description = input.Description?.Trim() ?? "";
        if (description.Length > Intervention.TextMax) problems.Add(("Description", $"The description can be at most {Intervention.TextMax} characters"));
        static bool Num(string? t, out double v) => double.TryParse(t?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out v) && double.IsFinite(v);
        if (!Num(input.Min, out var min)) problems.Add(("Min", "Enter the lowest score as a number"));
        if (!Num(input.Max, out var max)) problems.Add(("Max", "Enter the highest score as a number"));
        else if (Num(input.Min, out _) && min >= max) problems.Add(("Max", "The highest score must be above the lowest"));
        bool? higher = input.Direction?.Trim().ToLowerInvariant() switch { "higher" or "higher is better" => true, "lower" or "lower is better" => false, _ => null };
        if (higher is null) problems.Add(("Direction", "Choose whether higher or lower scores are better"));
        return (new OutcomeMeasure { Name = name, Description = description, Min = min, Max = max, HigherIsBetter = higher ?? true }, problems);
    }

    public async Task<MeasureSave> SaveAsync(StaffContext staff, int schoolId, int? id, int version, MeasureInput input, CancellationToken ct)
    {
        var (values, problems) = Check(input);
        var existing = id is null ? null : await db.Set<OutcomeMeasure>().VisibleTo(staff).FirstOrDefaultAsync(m => m.Id == id, ct);
        if (id is not null && existing is null) return new(null, [("", "That measure is not one of your school's")]);
        var school = existing?.SchoolId ?? schoolId;
        if (values.Name.Length > 0 && await db.Set<OutcomeMeasure>().AnyAsync(m => m.SchoolId == school && m.Name == values.Name && m.Id != (id ?? 0), ct))
            problems.Add(("Name", $"There is already a measure called {values.Name}"));
        if (problems.Count > 0) return new(null, problems);
        if (existing is not null && existing.Version != version) return new(null, [], existing);
        var target = existing ?? new OutcomeMeasure { Name = values.Name, SchoolId = school };
        (target.Name, target.Description, target.Min, target.Max, target.HigherIsBetter) = (values.Name, values.Description, values.Min, values.Max, values.HigherIsBetter);
        if (existing is null) db.Add(target);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new(null, [], await db.Set<OutcomeMeasure>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == target.Id, ct));
        }
        return new(target.Id, []);
    }

    public async Task<MeasureSave> RetireAsync(StaffContext staff, int id, int version, bool retired, CancellationToken ct)
    {
        var existing = await db.Set<OutcomeMeasure>().VisibleTo(staff).FirstOrDefaultAsync(m => m.Id == id, ct);
        if (existing is null) return new(null, [("", "That measure is not one of your school's")]);
        if (existing.Version != version) return new(null, [], existing);
        existing.Retired = retired;
        await db.SaveChangesAsync(ct);
        return new(existing.Id, []);
    }

    /// <summary>The enrolment of a pupil the caller sees (null: 404).</summary>
    public Task<Enrolment?> EnrolmentAsync(StaffContext staff, int enrolmentId, CancellationToken ct) =>
        db.Set<Enrolment>().AsNoTracking().VisibleTo(staff, db).Include(e => e.Provision).FirstOrDefaultAsync(e => e.Id == enrolmentId, ct);

    /// <summary>The measures a score may be recorded on for an enrolment: the school's, not retired.</summary>
    public Task<List<OutcomeMeasure>> OfferedAsync(int schoolId, CancellationToken ct) =>
        db.Set<OutcomeMeasure>().AsNoTracking().Where(m => m.SchoolId == schoolId && !m.Retired).OrderBy(m => m.Name).ToListAsync(ct);

    /// <summary>Records one score. A value outside the measure's scale is refused ("Wellbeing self-rating runs from 1 to 10") and nothing is saved.</summary>
    public async Task<(MeasureScore? Score, List<(string Field, string Message)> Problems)> RecordAsync(StaffContext staff, Enrolment enrolment, ScoreRequest input, CancellationToken ct)
    {
        var problems = new List<(string, string)>();
        var offered = await OfferedAsync(enrolment.Provision!.SchoolId, ct);
        var key = input.Measure?.Trim() ?? "";
        var measure = offered.FirstOrDefault(m => m.Id.ToString(CultureInfo.InvariantCulture) == key) ?? offered.FirstOrDefault(m => string.Equals(m.Name, key, StringComparison.OrdinalIgnoreCase));
        if (measure is null) problems.Add(("measure", key.Length == 0 ? "Choose the measure" : $"'{key}' is not one of the school's measures"));
        MeasurePoint? point = input.Point?.Trim().ToLowerInvariant() switch { "entry" => MeasurePoint.Entry, "review" => MeasurePoint.Review, "exit" => MeasurePoint.Exit, _ => null };
        if (point is null) problems.Add(("point", "Choose entry, review or exit"));
        if (input.Value is not { } value || !double.IsFinite(value)) problems.Add(("value", "Enter the score as a number"));
        else if (measure is not null && !measure.Accepts(value)) problems.Add(("value", $"{measure.Name} runs from {Number(measure.Min)} to {Number(measure.Max)}"));
        var today = clock.Today();
        var on = today;
        if (!string.IsNullOrWhiteSpace(input.TakenOn) && !DateOnly.TryParseExact(input.TakenOn.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out on))
            problems.Add(("takenOn", "Enter the date it was taken as year-month-day"));
        else if (on > today) problems.Add(("takenOn", "The date it was taken cannot be in the future"));
        else if (on < enrolment.StartOn.AddDays(-30)) problems.Add(("takenOn", "The date it was taken is long before the pupil started in this provision"));
        if (problems.Count > 0) return (null, problems);
        var score = new MeasureScore
        {
            MeasureId = measure!.Id, PupilId = enrolment.PupilId, EnrolmentId = enrolment.Id, Point = point!.Value, TakenOn = on, Value = input.Value!.Value,
            RecordedByName = staff.Name, RecordedAt = clock.UtcNow,
        };
        db.Add(score);
        await db.SaveChangesAsync(ct);
        return (score, problems);
    }
}
