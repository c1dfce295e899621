using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Security;

namespace Pastoral.Features.Interventions.Catalogue.Pages;

/// <summary>
/// Add or change one intervention, or retire it. If someone saved it meanwhile, nothing is saved: the page shows their saved values beside
/// this person's, field by field, with the form kept as typed and rebased on the saved version, so saving again is a choice made seeing both.
/// </summary>
[Authorize(Policy = nameof(CatalogueModule.ManageCatalogue))]
public sealed class EditModel(InterventionCatalogue catalogue, CurrentStaff current) : PageModel
{
    [BindProperty] public InterventionInput Input { get; set; } = new(null, null, null, null, null, null, "1", "1", null, null);
    [BindProperty] public int Version { get; set; }
    public int? Id { get; private set; }
    public int SchoolId { get; private set; }
    public bool Retired { get; private set; }
    public string Title => Id is null ? "Add an intervention" : $"Change {Input.Name}";
    public List<(string Field, string Saved, string Yours)> Conflict { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string key, int? school, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (key == "new")
        {
            if (InterventionCatalogue.SchoolFor(staff, school) is not { } s) return NotFound();
            SchoolId = s;
            return Page();
        }
        if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || await catalogue.FindAsync(staff, id, ct) is not { } i) return NotFound();
        Load(i);
        Input = Typed(i);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string key, int? school, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        int? id = key == "new" ? null : int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
        if (id == -1) return NotFound();
        var schoolId = id is null ? InterventionCatalogue.SchoolFor(staff, school) : (await catalogue.FindAsync(staff, id.Value, ct))?.SchoolId;
        if (schoolId is null) return NotFound();
        var result = await catalogue.SaveAsync(staff, schoolId.Value, id, Version, Input, ct);
        return result.Id is { } saved ? Redirect($"/interventions/catalogue#intervention-{saved}") : Refused(result, schoolId.Value, id);
    }

    public async Task<IActionResult> OnPostRetireAsync(string key, bool retired, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || await catalogue.FindAsync(staff, id, ct) is not { } i) return NotFound();
        var result = await catalogue.RetireAsync(staff, id, Version, retired, ct);
        return result.Id is not null ? Redirect("/interventions/catalogue") : Refused(result, i.SchoolId, id);
    }

    private PageResult Refused(SaveResult result, int schoolId, int? id)
    {
        SchoolId = schoolId;
        Id = id;
        foreach (var (field, message) in result.Problems) ModelState.AddModelError(field.Length == 0 ? "" : $"Input.{field}", message);
        if (result.Current is { } now)
        {
            Load(now);
            var saved = Typed(now);
            Conflict = [.. Compare(saved, Input)];
            ModelState.AddModelError("", "Someone else saved this intervention while you were changing it. Their values are shown beside yours: nothing was saved. Check the form and save again to keep yours.");
            Version = now.Version;
        }
        Response.StatusCode = result.Current is null ? 400 : 409;
        return Page();
    }

    private void Load(Intervention i) => (Id, SchoolId, Version, Retired) = (i.Id, i.SchoolId, i.Version, i.Retired);

    private static InterventionInput Typed(Intervention i) => new(i.Name, i.Area.ToString(), i.Description, i.EvidenceBase, i.TypicalWeeks?.ToString(CultureInfo.InvariantCulture),
        i.TypicalSessions?.ToString(CultureInfo.InvariantCulture), i.GroupSizeMin.ToString(CultureInfo.InvariantCulture), i.GroupSizeMax.ToString(CultureInfo.InvariantCulture),
        i.CostBasis.ToString(), i.CostBasis == CostBasis.PerSession ? (i.CostPerSessionPence / 100m).ToString("0.00", CultureInfo.InvariantCulture) : "");

    private static IEnumerable<(string, string, string)> Compare(InterventionInput saved, InterventionInput yours)
    {
        (string Label, string? Saved, string? Yours)[] fields =
        [
            ("Name", saved.Name, yours.Name), ("Area of need", saved.Area, yours.Area), ("Description", saved.Description, yours.Description),
            ("Evidence base", saved.EvidenceBase, yours.EvidenceBase), ("Typical length in weeks", saved.TypicalWeeks, yours.TypicalWeeks),
            ("Typical number of sessions", saved.TypicalSessions, yours.TypicalSessions), ("Smallest group", saved.GroupSizeMin, yours.GroupSizeMin),
            ("Largest group", saved.GroupSizeMax, yours.GroupSizeMax), ("How it is costed", saved.CostBasis, yours.CostBasis), ("Cost per session (£)", saved.CostPerSession, yours.CostPerSession),
        ];
        return fields.Where(f => (f.Saved ?? "").Trim() != (f.Yours ?? "").Trim()).Select(f => (f.Label, f.Saved ?? "", f.Yours ?? ""));
    }

    public string? ErrorFor(string field) => ModelState.TryGetValue($"Input.{field}", out var s) && s.Errors.Count > 0 ? s.Errors[0].ErrorMessage : null;
}
