using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Schools;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Admin.SchoolSetUp;

using School = Pastoral.Features.Schools.School;

/// <summary>
/// What the administrator chose for a rollover: when leavers leave, where each form goes, whether caseloads carry on, and
/// whether the timetable's teaching groups are kept or cleared for the new timetable's import.
/// </summary>
public sealed record RolloverChoices(DateOnly LeavingDate, IReadOnlyDictionary<int, int?> FormMap, bool CarryCaseloads, bool CarryTeachingGroups = true);

/// <summary>
/// Everything a step needs: the school, the year being left and the year being started, the choices, and the database.
/// Steps read the same state in preview and apply, so what the preview lists is what apply does.
/// </summary>
public sealed class RolloverContext(PastoralDbContext db, School school, AcademicYear from, RolloverChoices choices)
{
    public PastoralDbContext Db => db;
    public School School => school;
    public AcademicYear From => from;
    public int ToStartYear => from.StartYear + 1;
    public string ToLabel => $"{ToStartYear}/{(ToStartYear + 1) % 100:00}";
    public RolloverChoices Choices => choices;
    /// <summary>The first day of the new year (set by the new-year step's plan), from when carried things start.</summary>
    public DateOnly NewYearStarts => RolloverCalendar.Shifted(from).StartsOn;
}

/// <summary>What one step will do: a heading, counts in staff words, and the rows it will change.</summary>
public sealed record RolloverStepPreview(string Title, IReadOnlyList<string> Summary, IReadOnlyList<string> Lines);

/// <summary>
/// One part of the year-end rollover. Each feature whose records follow the school year (pupils and forms here; teaching
/// groups in accounts; later, anything term-bound) registers a step with <c>services.AddScoped&lt;IRolloverStep, …&gt;()</c>.
/// <see cref="PreviewAsync"/> must not write; <see cref="ApplyAsync"/> changes tracked entities (or saves) inside the one
/// transaction the rollover opens, and throws to refuse: then nothing of any step is kept.
/// </summary>
public interface IRolloverStep
{
    int Order { get; }
    Task<RolloverStepPreview> PreviewAsync(RolloverContext c, CancellationToken ct);
    /// <summary>Returns a short phrase for the one audit entry ("96 pupils moved up").</summary>
    Task<string> ApplyAsync(RolloverContext c, CancellationToken ct);
}

public sealed class RolloverRefusedException(string message) : Exception(message);

public sealed record RolloverPreview(string FromLabel, string ToLabel, DateOnly LeavingDate, IReadOnlyList<RolloverStepPreview> Steps);

/// <summary>Moves a school into its next academic year: previewed step by step, then applied in one transaction with one audit entry.</summary>
public sealed class YearEndRollover(PastoralDbContext db, IEnumerable<IRolloverStep> steps, Infrastructure.SchoolClock clock)
{
    public const string Action = "RolledOver";

    /// <summary>
    /// The year being rolled over from: the latest one that has started by today (the year in progress, or in the summer
    /// holiday the one just ended). Not simply the latest year, so a second rollover is refused rather than moving pupils up twice.
    /// </summary>
    public async Task<AcademicYear?> CurrentYearAsync(int schoolId, CancellationToken ct)
    {
        var today = clock.Today();
        var years = db.AcademicYears.Include(a => a.Terms).Include(a => a.ClosureDays).Where(a => a.SchoolId == schoolId);
        return await years.Where(a => a.StartsOn <= today).OrderByDescending(a => a.StartYear).FirstOrDefaultAsync(ct)
            ?? await years.OrderBy(a => a.StartYear).FirstOrDefaultAsync(ct);
    }

    public async Task<RolloverPreview> PreviewAsync(School school, RolloverChoices choices, CancellationToken ct)
    {
        var context = await ContextAsync(school, choices, ct);
        var previews = new List<RolloverStepPreview>();
        foreach (var step in steps.OrderBy(s => s.Order)) previews.Add(await step.PreviewAsync(context, ct));
        return new RolloverPreview(context.From.Label, context.ToLabel, choices.LeavingDate, previews);
    }

    /// <summary>Applies every step in one transaction and writes one audit entry; if any step fails, nothing is kept.</summary>
    public async Task<string> ApplyAsync(School school, RolloverChoices choices, CancellationToken ct)
    {
        var context = await ContextAsync(school, choices, ct);
        var done = new List<string>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var audited = db.SuppressChangeAuditing;
        db.SuppressChangeAuditing = true; // a bulk action audits once, below
        try
        {
            foreach (var step in steps.OrderBy(s => s.Order)) done.Add(await step.ApplyAsync(context, ct));
            db.Entry(school).Property(s => s.Version).IsModified = true;
            var detail = $"{context.From.Label} to {context.ToLabel}: {string.Join("; ", done.Where(d => d.Length > 0))}";
            db.Audit(Action, nameof(School), school.Id.ToString(), schoolId: school.Id, detail: detail);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return detail;
        }
        catch
        {
            await tx.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            throw;
        }
        finally { db.SuppressChangeAuditing = audited; }
    }

    private async Task<RolloverContext> ContextAsync(School school, RolloverChoices choices, CancellationToken ct)
    {
        var from = await CurrentYearAsync(school.Id, ct) ?? throw new RolloverRefusedException("This school has no academic year to roll over from: add its calendar first.");
        var to = from.StartYear + 1;
        if (await db.AcademicYears.AnyAsync(a => a.SchoolId == school.Id && a.StartYear == to, ct))
            throw new RolloverRefusedException($"{to}/{(to + 1) % 100:00} already exists for {school.Name}: the rollover into it has been done.");
        if (choices.LeavingDate < from.StartsOn || choices.LeavingDate > from.EndsOn.AddDays(62))
            throw new RolloverRefusedException($"The leaving date must be in {from.Label} or its summer holiday ({CalendarRules.Words(from.StartsOn)} to {CalendarRules.Words(from.EndsOn.AddDays(62))}).");
        return new RolloverContext(db, school, from, choices);
    }
}

/// <summary>The new year's calendar as a starting point: this year's, moved on by whole weeks so each date keeps its weekday.</summary>
public static class RolloverCalendar
{
    /// <summary>52 weeks on, or 53 when 52 would start the year more than three days early.</summary>
    public static int ShiftDays(AcademicYear from) =>
        from.StartsOn.AddDays(364).DayNumber - from.StartsOn.AddYears(1).DayNumber < -3 ? 371 : 364;

    public static AcademicYear Shifted(AcademicYear from)
    {
        var days = ShiftDays(from);
        return new AcademicYear
        {
            SchoolId = from.SchoolId, StartYear = from.StartYear + 1, StartsOn = from.StartsOn.AddDays(days), EndsOn = from.EndsOn.AddDays(days),
            Terms = [.. from.Terms.Select(t => new Term { Name = t.Name, StartsOn = t.StartsOn.AddDays(days), EndsOn = t.EndsOn.AddDays(days), SecondHalfStartsOn = t.SecondHalfStartsOn.AddDays(days) })],
            ClosureDays = [.. from.ClosureDays.Select(c => new ClosureDay { Date = c.Date.AddDays(days), Reason = c.Reason })],
        };
    }
}
