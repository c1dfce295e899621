using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Attendance.Calling;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Thresholds.Pages;

/// <summary>The follow-up and threshold lists, one at a time, filtered by year group and form from the viewer's scope, with CSV.</summary>
[Authorize(Policy = nameof(CallingModule.CallFamilies))]
public sealed class FollowUpModel(PastoralDbContext db, CurrentStaff current, FollowUpLists lists, Infrastructure.SchoolClock clock) : PageModel
{
    public FollowUpList List { get; private set; }
    public IReadOnlyList<FollowUpRow> Rows { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> YearGroups { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Forms { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> OffIll { get; private set; } = [];
    public int? Year { get; private set; }
    public int? Form { get; private set; }
    public string Query => $"{(Year is null ? "" : $"year={Year}")}{(Year is not null && Form is not null ? "&" : "")}{(Form is null ? "" : $"form={Form}")}";

    public async Task<IActionResult> OnGetAsync(string? list, int? year, int? form, CancellationToken ct)
    {
        if (list is not null && FollowUpLists.FromSlug(list) is null) return NotFound();
        List = FollowUpLists.FromSlug(list) ?? FollowUpList.Unexplained;
        var staff = await current.GetAsync(ct);
        YearGroups = (await db.VisibleYearGroups(staff).OrderBy(y => y.NcYear).Select(y => new { y.Id, y.Name }).ToListAsync(ct)).Select(y => (y.Id, y.Name)).ToList();
        Forms = (await db.VisibleForms(staff).OrderBy(f => f.Name).Select(f => new { f.Id, f.Name }).ToListAsync(ct)).Select(f => (f.Id, f.Name)).ToList();
        Year = YearGroups.Any(y => y.Id == year) ? year : null;
        Form = Forms.Any(f => f.Id == form) ? form : null;
        Rows = await lists.ListAsync(staff, List, new FollowUpFilter(Year, Form), ct);
        if (List == FollowUpList.LongIllness)
        {
            var since = clock.Today().AddDays(-7);
            var ill = db.Set<AttendanceMark>().Where(m => m.Code == "I" && m.Date >= since).Select(m => m.PupilId);
            OffIll = (await db.Pupils.VisibleTo(staff).Where(p => ill.Contains(p.Id)).OrderBy(p => p.LegalSurname).ThenBy(p => p.LegalForename).Take(100)
                .Select(p => new { p.Id, p.LegalForename, p.PreferredForename, p.LegalSurname, p.PreferredSurname }).ToListAsync(ct))
                .Select(p => (p.Id, $"{(string.IsNullOrWhiteSpace(p.PreferredForename) ? p.LegalForename : p.PreferredForename)} {(string.IsNullOrWhiteSpace(p.PreferredSurname) ? p.LegalSurname : p.PreferredSurname)}")).ToList();
        }
        return Page();
    }
}
