using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Families.Pages;

/// <summary>Family contact across the pupils the user may see, filtered by year group (only those they see), kind, dates, follow-ups due, mine.</summary>
[Authorize(Policy = nameof(FamiliesModule.ViewFamilyContact))]
public sealed class SchoolListModel(PastoralDbContext db, CurrentStaff current, SchoolClock clock, IAuthorizationService authorization) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public bool Due { get; set; }
    [BindProperty(SupportsGet = true)] public bool Mine { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<(int Id, string Name)> Years { get; private set; } = [];
    public IReadOnlyList<ContactRow> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public bool MayExport { get; private set; }
    public IReadOnlyList<string> Problems { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        Years = (await db.VisibleYearGroups(staff).OrderBy(y => y.SchoolId).ThenBy(y => y.NcYear).Select(y => new { y.Id, y.Name }).ToListAsync(ct))
            .Select(y => (y.Id, y.Name)).ToList();
        MayExport = (await authorization.AuthorizeAsync(User, FamiliesModule.ExportFamilyContact.Name)).Succeeded;
        PageNumber = Math.Max(1, PageNumber);
        var filter = new ContactFilter(Year, Kind, From, To, Due, Mine, PageNumber);
        Problems = [.. filter.Problems().Select(p => p.Message)];
        if (Problems.Count > 0) { Response.StatusCode = 400; return Page(); }
        var q = FamilyContactSearch.Filter(db, staff, filter, clock.Today());
        Total = await q.CountAsync(ct);
        Rows = await FamilyContactSearch.Rows(db, q)
            .Skip((PageNumber - 1) * ContactFilter.PageSize).Take(ContactFilter.PageSize).ToListAsync(ct);
        return Page();
    }

    public int LastPage => Math.Max(1, (Total + ContactFilter.PageSize - 1) / ContactFilter.PageSize);

    public string Query(int? page = null)
    {
        var parts = new List<string>();
        if (Year is { } y) parts.Add($"year={y}");
        if (!string.IsNullOrEmpty(Kind)) parts.Add($"kind={Uri.EscapeDataString(Kind)}");
        if (From is { } f) parts.Add($"from={f:yyyy-MM-dd}");
        if (To is { } t) parts.Add($"to={t:yyyy-MM-dd}");
        if (Due) parts.Add("due=true");
        if (Mine) parts.Add("mine=true");
        if (page is { } p) parts.Add($"page={p}");
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }
}
