using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Schools;
using Pastoral.Infrastructure.Scheduling;
using Pastoral.Security;

namespace Pastoral.Features.Admin.SchoolSetUp.Pages;

/// <summary>
/// One academic year: its dates, its three terms with the day back after each half-term, and its closure days (INSET,
/// bank holidays, the half-term weeks). Saved whole, after every check, or not at all.
/// </summary>
public sealed class CalendarModel(PastoralDbContext db, CurrentStaff current, JobPlanner planner) : SetupPage(db, current)
{
    public override string Area => "calendar";
    public const string What = "SchoolCalendar";

    [BindProperty] public CalendarInput Input { get; set; } = new();
    [BindProperty] public string Stamp { get; set; } = "";
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    public IReadOnlyList<int> Years { get; private set; } = [];
    public AcademicYear? Shown { get; private set; }
    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, bool saved, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } missing) return missing;
        if (Shown is not null)
        {
            Input = CalendarInput.From(Shown);
            for (var i = 0; i < 3; i++) Input.Closures.Add(new ClosureRow());
            Stamp = SchoolAdmin.Stamp(Lines(Shown));
        }
        Saved = saved;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } missing) return missing;
        if (Shown is null) return NotFound();
        var (calendar, problems) = CalendarRules.Check(Input);
        if (calendar is null) return Invalid(problems);
        var before = Lines(Shown);
        if (SchoolAdmin.Stamp(before) != Stamp) return await ConflictAsync(Shown, calendar, ct);
        Shown.StartsOn = calendar.StartsOn;
        Shown.EndsOn = calendar.EndsOn;
        foreach (var old in Shown.Terms.Where(t => !calendar.Terms.Any(n => n.Name == t.Name)).ToList()) Db.Remove(old);
        foreach (var term in calendar.Terms)
        {
            var row = Shown.Terms.FirstOrDefault(t => t.Name == term.Name);
            if (row is null) Shown.Terms.Add(term);
            else (row.StartsOn, row.SecondHalfStartsOn, row.EndsOn) = (term.StartsOn, term.SecondHalfStartsOn, term.EndsOn);
        }
        // Closure days are matched by date (unique in a year), so moving one to another date is a remove and an add.
        foreach (var old in Shown.ClosureDays.Where(c => !calendar.Closures.Any(n => n.Date == c.Date)).ToList()) Db.Remove(old);
        foreach (var day in calendar.Closures)
        {
            var row = Shown.ClosureDays.FirstOrDefault(c => c.Date == day.Date);
            if (row is null) Shown.ClosureDays.Add(new ClosureDay { Date = day.Date, Reason = day.Reason });
            else row.Reason = day.Reason;
        }
        var after = Lines(calendar.StartsOn, calendar.EndsOn, calendar.Terms, calendar.Closures);
        try
        {
            await SchoolAdmin.SaveAsync(Db, School, What, $"{Shown.Label}: " + SchoolAdmin.Changes(before, after), ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            Db.ChangeTracker.Clear();
            await LoadAsync(id, ct);
            return await ConflictAsync(Shown!, calendar, ct);
        }
        await planner.ReplanAfterCalendarChangeAsync(ct); // school-day jobs skip a new closure day from now, not from tonight
        return Redirect($"/admin/school/{id}/calendar?year={Shown.StartYear}&saved=true");
    }

    private async Task<IActionResult> ConflictAsync(AcademicYear saved, CheckedCalendar mine, CancellationToken ct)
    {
        var (theirs, yours) = (Lines(saved), Lines(mine.StartsOn, mine.EndsOn, mine.Terms, mine.Closures));
        Conflict = new SetupConflict(await SchoolAdmin.LastSavedByAsync(Db, School.Id, What, ct), theirs.Except(yours).ToList(), yours.Except(theirs).ToList());
        Stamp = SchoolAdmin.Stamp(theirs);
        Response.StatusCode = 409;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        if (await LoadSchoolAsync(id, ct) is { } missing) return missing;
        Years = await Db.AcademicYears.Where(a => a.SchoolId == id).OrderByDescending(a => a.StartYear).Select(a => a.StartYear).ToListAsync(ct);
        var year = Year ?? (Years.Count > 0 ? Years[0] : null);
        Shown = year is null ? null : await Db.AcademicYears.Include(a => a.Terms).Include(a => a.ClosureDays)
            .FirstOrDefaultAsync(a => a.SchoolId == id && a.StartYear == year, ct);
        if (Year is not null && Shown is null) return NotFound();
        return null;
    }

    private static List<string> Lines(AcademicYear y) => Lines(y.StartsOn, y.EndsOn, y.Terms, y.ClosureDays);

    private static List<string> Lines(DateOnly start, DateOnly end, IEnumerable<Term> terms, IEnumerable<ClosureDay> closures) =>
    [
        $"Academic year {CalendarRules.Words(start)} to {CalendarRules.Words(end)}",
        .. terms.OrderBy(t => t.StartsOn).Select(t => $"{t.Name} term {CalendarRules.Words(t.StartsOn)} to {CalendarRules.Words(t.EndsOn)}"
            + (t.SecondHalfStartsOn > t.StartsOn ? $", back after half-term {CalendarRules.Words(t.SecondHalfStartsOn)}" : "")),
        .. closures.OrderBy(c => c.Date).Select(c => $"Closed {CalendarRules.Words(c.Date)}: {c.Reason}"),
    ];
}
