using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Isolation.Pages;

/// <summary>
/// The inclusion unit on one day: each pupil placed (in scope), session by session with who supervises ("I am supervising" /
/// "Clear"), the work set per subject with a short form to add more, and the pupil's classes and teachers (the lessons they miss,
/// so work can be asked for). A name search leads to the placement form for a pupil.
/// </summary>
[Authorize(Policy = nameof(IsolationModule.ManageIsolation))]
public sealed class UnitModel(InclusionUnit unit, IsolationReads reads, PastoralDbContext db, CurrentStaff current, SchoolClock clock) : PageModel
{
    public sealed record PupilInUnit(int PupilId, string Name, string? Form, PlacementView Placement, IReadOnlyList<UnitRow> Sessions,
        IReadOnlyList<PupilClass> Classes, int DayNumber, int Days);
    public sealed record Found(int Id, string Name, string? Form);

    [BindProperty(SupportsGet = true)] public string? Date { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty] public string? Subject { get; set; }
    [BindProperty] public string? Work { get; set; }

    public DateOnly Day { get; private set; }
    public DateOnly Today { get; private set; }
    public string MyName { get; private set; } = "";
    public List<PupilInUnit> Pupils { get; private set; } = [];
    public List<Found>? Matches { get; private set; }
    /// <summary>The placement whose work form came back with problems (its input is kept).</summary>
    public int? WorkFor { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (ModelState.ErrorCount > 0) Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>"I am supervising" (or, with <paramref name="clear"/>, nobody is yet) for one session.</summary>
    public async Task<IActionResult> OnPostSuperviseAsync(int session, bool clear, CancellationToken ct)
    {
        if (!await unit.SuperviseAsync(await current.GetAsync(ct), session, clear, ct)) return NotFound();
        return Redirect($"/behaviour/isolation?date={Uri.EscapeDataString(Date ?? "")}#session-{session}");
    }

    public async Task<IActionResult> OnPostWorkAsync(int placement, CancellationToken ct)
    {
        var problems = await unit.AddWorkAsync(await current.GetAsync(ct), placement, Subject, Work, ct);
        if (problems.ContainsKey("placement")) return NotFound();
        if (problems.Count == 0) return Redirect($"/behaviour/isolation?date={Uri.EscapeDataString(Date ?? "")}#placement-{placement}");
        WorkFor = placement;
        foreach (var (field, messages) in problems) ModelState.AddModelError($"{field}-{placement}", messages[0]);
        await LoadAsync(ct);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        MyName = staff.Name;
        Today = clock.Today();
        Day = Today;
        if (!string.IsNullOrWhiteSpace(Date))
        {
            if (DateOnly.TryParseExact(Date.Trim(), InclusionUnit.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) Day = d;
            else ModelState.AddModelError("Date", "Enter the day as a date, for example 2026-11-26");
        }
        Date = Day.ToString(InclusionUnit.DateFormat, CultureInfo.InvariantCulture);
        var rows = await unit.DayAsync(staff, Day, ct);
        var placements = (await reads.ByIdsAsync(staff, [.. rows.Select(r => r.PlacementId).Distinct()], ct)).ToDictionary(p => p.Id);
        foreach (var g in rows.GroupBy(r => r.PlacementId).OrderBy(g => g.First().PupilName, StringComparer.Ordinal))
        {
            var p = placements[g.Key];
            var days = p.Sessions.Select(s => s.Date).Distinct().Order().ToList();
            Pupils.Add(new PupilInUnit(p.PupilId, g.First().PupilName, g.First().Form, p, [.. g.OrderBy(r => r.Session)],
                await unit.ClassesAsync(p.PupilId, ct), days.IndexOf(Day) + 1, days.Count));
        }
        if (Q is { } q && q.Trim().Length >= 2)
        {
            var term = q.Trim().ToLowerInvariant();
            Matches = await db.Pupils.AsNoTracking().VisibleTo(staff).Where(p => p.OnRollTo == null && p.SearchText.Contains(term))
                .OrderBy(p => p.LegalSurname).ThenBy(p => p.LegalForename).Take(20)
                .Select(p => new Found(p.Id, (p.PreferredForename ?? p.LegalForename) + " " + (p.PreferredSurname ?? p.LegalSurname), p.Form!.Name)).ToListAsync(ct);
        }
        else if (Q is not null) ModelState.AddModelError("Q", "Enter at least two letters of the pupil's name");
    }

    public string? ErrorFor(string field) => ModelState.TryGetValue(field, out var s) && s.Errors.Count > 0 ? s.Errors[0].ErrorMessage : null;

    public static string SessionWord(Session s) => s == Session.Am ? "Morning (AM)" : "Afternoon (PM)";
}
