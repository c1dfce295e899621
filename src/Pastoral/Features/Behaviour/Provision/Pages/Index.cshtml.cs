using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Provision.Pages;

/// <summary>Current placements, part-time timetables and managed moves of the pupils the viewer sees; overdue reviews first; filters offered only where a record has them.</summary>
[Authorize(Policy = nameof(ProvisionModule.ManageProvision))]
public sealed class IndexModel(ProvisionList list, CurrentStaff current) : PageModel
{
    public const int PageSize = 50;

    public IReadOnlyList<ProvisionRow> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public int All { get; private set; }
    public int OverdueCount { get; private set; }
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public IReadOnlyList<(int Id, string Name)> Years { get; private set; } = [];
    public IReadOnlyList<ProvisionKind> Kinds { get; private set; } = [];

    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public bool Overdue { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    /// <summary>From the query string ("page"), read by hand: Razor Pages keeps its own "page" route value.</summary>
    public int PageNumber { get; private set; } = 1;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        PageNumber = int.TryParse(Request.Query["page"].ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 1;
        var filter = new ProvisionFilter(Kind, Year, Overdue, Sort);
        if (filter.KindInvalid)
        {
            ModelState.AddModelError("kind", "Choose alternative provision, part-time timetables or managed moves");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            Kind = null;
        }
        var all = await list.CurrentAsync(await current.GetAsync(ct), ct);
        All = all.Count;
        OverdueCount = all.Count(r => r.Overdue);
        Years = [.. all.Where(r => r.YearGroupId is not null).DistinctBy(r => r.YearGroupId).OrderBy(r => r.Year).Select(r => (r.YearGroupId!.Value, r.Year))];
        Kinds = [.. all.Select(r => r.Kind).Distinct().Order()];
        var rows = ProvisionList.Apply(all, filter with { Kind = Kind }).ToList();
        Total = rows.Count;
        PageNumber = Math.Clamp(PageNumber, 1, Pages);
        Rows = [.. rows.Skip((PageNumber - 1) * PageSize).Take(PageSize)];
        return Page();
    }

    public string Link(int? page = null, string? sort = null)
    {
        var q = new List<string>();
        if (!string.IsNullOrEmpty(Kind)) q.Add($"kind={Uri.EscapeDataString(Kind)}");
        if (Year is { } y) q.Add($"year={y}");
        if (Overdue) q.Add("overdue=true");
        if ((sort ?? Sort) is { Length: > 0 } s) q.Add($"sort={s}");
        if (page is { } p && p > 1) q.Add($"page={p}");
        return q.Count == 0 ? "" : "?" + string.Join("&", q);
    }
}
