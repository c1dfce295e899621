using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Infrastructure.Charts;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Patterns.Pages;

/// <summary>
/// Behaviour patterns: when, where, in which lessons and with whom incidents happen, the trend week by week (for the school, a year
/// group or a form, and per cohort), and the pupils whose negative behaviour is rising. Counts only pupils the viewer may see; never the
/// shared description. A year group or form the viewer does not see, or a school they do not reach, is a 404.
/// </summary>
[Authorize(Policy = nameof(BehaviourModule.ViewBehaviour))]
public sealed class PatternsModel(CurrentStaff current, BehaviourPatterns patterns, PatternReport report, RisingNegatives rising) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? School { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public int? Form { get; set; }
    [BindProperty(SupportsGet = true)] public string? Show { get; set; }

    public PatternScope? Scope { get; private set; }
    public IReadOnlyList<(string Field, string Message)> Problems { get; private set; } = [];
    public IReadOnlyList<ChartData> Tables { get; private set; } = [];
    public RisingList? Rising { get; private set; }
    public int Counted { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var filter = new PatternFilter(School, From, To, Year, Form, Show);
        var problems = filter.Problems().ToList();
        // A date that is not a date never reaches the filter: say so in staff words, keeping what was typed.
        foreach (var (field, name) in new[] { ("From", "start"), ("To", "end") })
            if (ModelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0) problems.Add((field.ToLowerInvariant(), $"Enter a real {name} date, like 1/9/2026"));
        Problems = problems;
        if (await patterns.ResolveAsync(staff, Problems.Count > 0 ? filter with { From = null, To = null } : filter, ct) is not { } scope) return NotFound();
        Scope = scope;
        if (Problems.Count > 0) { Response.StatusCode = 400; return Page(); }
        (From, To, Year) = (scope.From, scope.To, scope.YearGroupId);
        Tables = await report.AllAsync(staff, scope, ct);
        Counted = (int)Tables[0].Series.Sum(x => x.Values.Sum());
        Rising = await rising.ForAsync(staff, scope, ct);
        return Page();
    }

    public string Csv(string table) => "/behaviour/patterns/export.csv" + new PatternFilter(School, From, To, Year, Form, Show).Query(Scope!.SchoolId, Scope.From, Scope.To, table);

    public string? ErrorFor(string field) => Problems.FirstOrDefault(p => p.Field == field).Message;
}
