using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Security;

namespace Pastoral.Features.Plans.Pages;

/// <summary>Every plan the viewer may see, school-wide: filters offered only where a visible plan has them; a count; paging.</summary>
[Authorize(Policy = nameof(PlansModule.ViewPlans))]
public sealed class IndexModel(PlanList list, CurrentStaff current, IAuthorizationService authorization) : PageModel
{
    public const int PageSize = 50;
    [BindProperty(SupportsGet = true)] public string? Type { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public bool ReviewDue { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;
    public IReadOnlyList<PlanRow> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public IReadOnlyList<(string Key, string Name)> Types { get; private set; } = [];
    public IReadOnlyList<PlanStatus> Statuses { get; private set; } = [];
    public bool MayManageTypes { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        Types = await list.TypesInUseAsync(staff, ct);
        Statuses = await list.StatusesInUseAsync(staff, ct);
        if (Types.All(t => t.Key != Type)) Type = null;
        if (PlanWords.ParseStatus(Status) is not { } s || !Statuses.Contains(s)) Status = null;
        PageNumber = Math.Max(1, PageNumber);
        (Rows, Total) = await list.PageAsync(staff, new PlanFilter(Type, Status, ReviewDue, null, PageNumber, PageSize), ct);
        MayManageTypes = (await authorization.AuthorizeAsync(User, PlansModule.ManagePlanTypes.Name)).Succeeded;
    }

    public string Link(int page) =>
        $"/plans?type={Uri.EscapeDataString(Type ?? "")}&status={Uri.EscapeDataString(Status ?? "")}&reviewDue={(ReviewDue ? "true" : "false")}&page={page}";
}
