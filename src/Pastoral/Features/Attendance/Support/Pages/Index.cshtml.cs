using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Support.Pages;

/// <summary>Every pupil the viewer sees above "expect": stage, since when, next review, lead; filters offered only where a pupil has them.</summary>
[Authorize(Policy = nameof(AttendanceSupportModule.ViewAttendanceSupport))]
public sealed class IndexModel(SupportList list, CurrentStaff current, IAuthorizationService authorization) : PageModel
{
    public const int PageSize = 50;

    public IReadOnlyList<SupportRow> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public int All { get; private set; }
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public IReadOnlyList<(int Id, string Name)> Years { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Forms { get; private set; } = [];
    public IReadOnlyList<AttendanceStage> Stages { get; private set; } = [];
    public IReadOnlyDictionary<AttendanceStage, int> Counts { get; private set; } = new Dictionary<AttendanceStage, int>();
    public bool MayExport { get; private set; }

    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public int? Form { get; set; }
    [BindProperty(SupportsGet = true)] public string? Stage { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var all = await list.AllAsync(await current.GetAsync(ct), ct);
        All = all.Count;
        Years = [.. all.Where(r => r.YearGroupId is not null).DistinctBy(r => r.YearGroupId).Select(r => (r.YearGroupId!.Value, r.Year))];
        Forms = [.. all.Where(r => r.FormId is not null && (Year is null || r.YearGroupId == Year)).DistinctBy(r => r.FormId).OrderBy(r => r.Form).Select(r => (r.FormId!.Value, r.Form!))];
        Stages = [.. all.Select(r => r.Stage).Distinct().Order()];
        Counts = all.GroupBy(r => r.Stage).ToDictionary(g => g.Key, g => g.Count());
        var filter = new SupportFilter(Year, Form, Stage, Sort);
        var rows = SupportList.Apply(all, filter).ToList();
        Total = rows.Count;
        PageNumber = Math.Clamp(PageNumber, 1, Pages);
        Rows = [.. rows.Skip((PageNumber - 1) * PageSize).Take(PageSize)];
        MayExport = (await authorization.AuthorizeAsync(User, AttendanceSupportModule.SupportAttendance.Name)).Succeeded;
    }

    public string Link(int? page = null, string? sort = null)
    {
        var q = new List<string>();
        if (Year is { } y) q.Add($"year={y}");
        if (Form is { } f) q.Add($"form={f}");
        if (!string.IsNullOrEmpty(Stage)) q.Add($"stage={Uri.EscapeDataString(Stage)}");
        if ((sort ?? Sort) is { Length: > 0 } s) q.Add($"sort={s}");
        if (page is { } p && p > 1) q.Add($"page={p}");
        return q.Count == 0 ? "" : "?" + string.Join("&", q);
    }
}
