using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Exclusions.Pages;

/// <summary>The census-ready list of suspensions and exclusions by term: pupils in scope, filters offered only where a row has them, CSV.</summary>
[Authorize(Policy = nameof(ExclusionsModule.ViewExclusions))]
public sealed class IndexModel(CensusList list, PastoralDbContext db, SchoolClock clock, CurrentStaff current, IAuthorizationService authorization) : PageModel
{
    public IReadOnlyList<CensusTerm> Terms { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Years { get; private set; } = [];
    public IReadOnlyList<SuspensionType> Types { get; private set; } = [];
    public IReadOnlyList<CensusRow> Rows { get; private set; } = [];
    public CensusTerm? Chosen { get; private set; }
    public bool MayExport { get; private set; }
    public bool AnyAtAll { get; private set; }

    [BindProperty(SupportsGet = true)] public int? Term { get; set; }
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public string? Type { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        Terms = await list.TermsAsync(staff, ct);
        AnyAtAll = Terms.Count > 0 || await db.Set<Suspension>().VisibleTo(staff, db).AnyAsync(s => s.Status != SuspensionStatus.Withdrawn, ct);
        var today = clock.Today();
        if (Term is null && !Request.Query.ContainsKey("term"))
            Term = Terms.FirstOrDefault(t => t.StartsOn <= today && t.EndsOn >= today)?.Id ?? (Terms.Count > 0 ? Terms[0].Id : null);
        Chosen = Terms.FirstOrDefault(t => t.Id == Term);
        if (Term is not null && Chosen is null) Term = null;
        var filter = new CensusFilter(Term, Year, Type);
        if (!string.IsNullOrEmpty(Type) && filter.TypeValue is null) Type = null;
        var inTerm = await list.RowsAsync(staff, new CensusFilter(Term, null, null), Chosen, ct);
        Years = [.. inTerm.Where(r => r.YearGroupId is not null).DistinctBy(r => r.YearGroupId).OrderBy(r => r.Year).Select(r => (r.YearGroupId!.Value, r.Year))];
        Types = [.. inTerm.Select(r => r.Type).Distinct().Order()];
        Rows = await list.RowsAsync(staff, new CensusFilter(Term, Year, Type), Chosen, ct);
        MayExport = (await authorization.AuthorizeAsync(User, ExclusionsModule.ManageExclusions.Name)).Succeeded;
        return Page();
    }

    public string Query()
    {
        var q = new List<string>();
        if (Term is { } t) q.Add($"term={t}");
        if (Year is { } y) q.Add($"year={y}");
        if (!string.IsNullOrEmpty(Type)) q.Add($"type={Uri.EscapeDataString(Type)}");
        return q.Count == 0 ? "" : "?" + string.Join("&", q);
    }
}
