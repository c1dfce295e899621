using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Pupils.Pages;

[Authorize(Policy = Policies.ViewPupils)]
public sealed class IndexModel(PastoralDbContext db, CurrentStaff current, IAuthorizationService authorization) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")] public string? Search { get; set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public int? Form { get; set; }
    [BindProperty(SupportsGet = true)] public string? Flag { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public RosterPage Result { get; private set; } = new([], 0, new RosterQuery());
    public List<(int Id, string Name)> Years { get; private set; } = [];
    public List<(int Id, string Name)> Forms { get; private set; } = [];
    public List<(string Key, string Label)> Flags { get; private set; } = [];
    public List<string> Problems { get; private set; } = [];
    public bool CanExport { get; private set; }

    public RosterQuery Query => new(Search, Year, Form, string.IsNullOrEmpty(Flag) ? null : Flag, string.IsNullOrEmpty(Sort) ? null : Sort, Math.Max(1, PageNumber));

    /// <summary>The page links to show: first, last, and up to two either side of this one.</summary>
    public IEnumerable<int> NearbyPages()
    {
        var r = Result;
        var current = Math.Min(r.Query.Page, r.Pages);
        return Enumerable.Range(Math.Max(1, current - 2), Math.Min(r.Pages, current + 2) - Math.Max(1, current - 2) + 1);
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        CanExport = (await authorization.AuthorizeAsync(User, Policies.ExportPupils)).Succeeded;
        Flags = RosterFlags.For(staff).ToList();
        // Options from the user's scope only: a year outside it offers no forms and finds no pupils.
        var yearRows = await db.VisibleYearGroups(staff)
            .OrderBy(y => y.NcYear).ThenBy(y => y.School!.Name).Select(y => new { y.Id, y.Name, School = y.School!.Name }).ToListAsync(ct);
        var manySchools = yearRows.Select(y => y.School).Distinct().Count() > 1;
        Years = yearRows.Select(y => (y.Id, manySchools ? $"{y.Name}, {y.School}" : y.Name)).ToList();
        if (Year is { } year && yearRows.Any(y => y.Id == year))
            Forms = (await db.VisibleForms(staff).Where(f => f.YearGroupId == year).OrderBy(f => f.Name).Select(f => new { f.Id, f.Name }).ToListAsync(ct))
                .Select(f => (f.Id, f.Name)).ToList();
        var query = Query;
        Problems = query.Problems().Select(p => p.Message).ToList();
        if (Problems.Count > 0) { Response.StatusCode = 400; return; }
        Result = await Roster.PageAsync(db, staff, query, ct);
    }

    public string Link(int? page = null, string? sort = null) => QueryString.Create(KeptFilters(sort)
        .Append(new KeyValuePair<string, string?>("p", (page ?? PageNumber).ToString()))).ToString();

    /// <summary>The filters and sort in force, for links and for the page-jump form.</summary>
    public IEnumerable<KeyValuePair<string, string?>> KeptFilters(string? sort = null) => new Dictionary<string, string?>
    {
        ["q"] = Search, ["year"] = Year?.ToString(), ["form"] = Form?.ToString(), ["flag"] = Flag, ["sort"] = sort ?? Sort,
    }.Where(kv => !string.IsNullOrEmpty(kv.Value));

    public string SortLink(string column) => Link(1, Sort == column ? "-" + column : column);

    public string? AriaSort(string column) => Sort == column || (column == "name" && string.IsNullOrEmpty(Sort)) ? "ascending" : Sort == "-" + column ? "descending" : null;
}
