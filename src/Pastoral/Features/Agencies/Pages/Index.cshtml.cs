using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Security;

namespace Pastoral.Features.Agencies.Pages;

/// <summary>The agency directory: search by name, filter by kind; managers also see archived agencies and the edit links.</summary>
[Authorize(Policy = nameof(AgenciesModule.ViewAgencies))]
public sealed class IndexModel(AgencyDirectory directory, CurrentStaff current, IAuthorizationService authorization) : PageModel
{
    public sealed record Row(int Id, string Name, string? Team, string Kind, string? Phone, string? Email, string? Website, string? Address,
        string? HowToRefer, int? ResponseDays, string? Notes, bool Archived, bool LimitedToSchools, string? SecureEmail = null, int? ResponseHours = null);

    [FromQuery(Name = "q")] public string? Search { get; set; }
    [FromQuery(Name = "kind")] public string? Kind { get; set; }
    [FromQuery(Name = "archived")] public bool ShowArchived { get; set; }
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<AgencyKind> Kinds { get; private set; } = [];
    public bool MayManage { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        MayManage = (await authorization.AuthorizeAsync(User, nameof(AgenciesModule.ManageAgencies))).Succeeded;
        var visible = directory.VisibleTo(await current.GetAsync(ct)).AsNoTracking().Where(a => a.Archived == (ShowArchived && MayManage));
        var used = await visible.Select(a => a.Kind).Distinct().ToListAsync(ct);
        Kinds = AgencyKinds.All.Where(k => used.Contains(k.Code)).ToList(); // only kinds that would find something
        var q = visible;
        if (AgencyKinds.Find(Kind) is { } code) { Kind = code; q = q.Where(a => a.Kind == code); } else Kind = null;
        if (!string.IsNullOrWhiteSpace(Search))
        {
            Search = Search.Trim()[..Math.Min(Search.Trim().Length, 100)];
            var s = Search.ToLower();
            q = q.Where(a => a.Name.ToLower().Contains(s) || (a.Team != null && a.Team.ToLower().Contains(s)));
        }
        Rows = await q.OrderBy(a => a.Name).ThenBy(a => a.Team)
            .Select(a => new Row(a.Id, a.Name, a.Team, a.Kind, a.Phone, a.Email, a.Website, a.Address, a.HowToRefer, a.ResponseDays, a.Notes, a.Archived, a.Schools.Any(), a.SecureEmail, a.ResponseHours))
            .ToListAsync(ct);
    }
}
