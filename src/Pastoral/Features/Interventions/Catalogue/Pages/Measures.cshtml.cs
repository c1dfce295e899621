using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Security;

namespace Pastoral.Features.Interventions.Catalogue.Pages;

/// <summary>
/// The school's outcome measures: each a scale (lowest to highest) with a direction. Define one, change it, retire it. A change that
/// meets someone else's saved change saves nothing and shows both.
/// </summary>
[Authorize(Policy = nameof(CatalogueModule.ViewInterventions))]
public sealed class MeasuresModel(OutcomeMeasures measures, CurrentStaff current) : PageModel
{
    public List<OutcomeMeasure> Measures { get; private set; } = [];
    public bool MayManage { get; private set; }
    public int SchoolId { get; private set; }
    /// <summary>The measure being changed (the edit form is shown for it), or null for the add form.</summary>
    public int? Editing { get; private set; }
    [BindProperty] public MeasureInput Input { get; set; } = new(null, null, null, null, "higher");
    [BindProperty] public int Version { get; set; }
    public List<(string Field, string Saved, string Yours)> Conflict { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int? school, int? edit, CancellationToken ct)
    {
        if (!await LoadAsync(school, ct)) return NotFound();
        if (edit is { } id && MayManage && Measures.FirstOrDefault(m => m.Id == id) is { } m) (Editing, Input, Version) = (id, Typed(m), m.Version);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? school, int? edit, CancellationToken ct)
    {
        if (!await LoadAsync(school, ct) || !MayManage) return edit is null && !MayManage ? Forbid() : NotFound();
        if (edit is { } e && Measures.All(m => m.Id != e)) return NotFound();
        var staff = await current.GetAsync(ct);
        var result = await measures.SaveAsync(staff, SchoolId, edit, Version, Input, ct);
        if (result.Id is { } saved) return Redirect($"/interventions/measures?school={SchoolId}#measure-{saved}");
        Editing = edit;
        foreach (var (field, message) in result.Problems) ModelState.AddModelError(field.Length == 0 ? "" : $"Input.{field}", message);
        if (result.Current is { } now)
        {
            var s = Typed(now);
            (string, string?, string?)[] fields = [("Name", s.Name, Input.Name), ("Description", s.Description, Input.Description), ("Lowest score", s.Min, Input.Min), ("Highest score", s.Max, Input.Max), ("Direction", s.Direction, Input.Direction)];
            Conflict = [.. fields.Where(f => (f.Item2 ?? "").Trim() != (f.Item3 ?? "").Trim()).Select(f => (f.Item1, f.Item2 ?? "", f.Item3 ?? ""))];
            ModelState.AddModelError("", "Someone else saved this measure while you were changing it. Their values are shown beside yours: nothing was saved. Check the form and save again to keep yours.");
            Version = now.Version;
        }
        Response.StatusCode = result.Current is null ? 400 : 409;
        return Page();
    }

    public async Task<IActionResult> OnPostRetireAsync(int? school, int edit, bool retired, CancellationToken ct)
    {
        if (!await LoadAsync(school, ct) || !MayManage || Measures.All(m => m.Id != edit)) return NotFound();
        var result = await measures.RetireAsync(await current.GetAsync(ct), edit, Version, retired, ct);
        if (result.Id is not null) return Redirect($"/interventions/measures?school={SchoolId}#measure-{edit}");
        ModelState.AddModelError("", "Someone else changed this measure meanwhile: look at it again before retiring it.");
        Response.StatusCode = 409;
        return Page();
    }

    private async Task<bool> LoadAsync(int? school, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (InterventionCatalogue.SchoolFor(staff, school) is not { } id) return false;
        (SchoolId, MayManage) = (id, staff.May(CatalogueModule.ManageCatalogue));
        Measures = await measures.ListAsync(id, ct);
        return true;
    }

    private static MeasureInput Typed(OutcomeMeasure m) => new(m.Name, m.Description, OutcomeMeasures.Number(m.Min), OutcomeMeasures.Number(m.Max), m.HigherIsBetter ? "higher" : "lower");

    public string? ErrorFor(string field) => ModelState.TryGetValue($"Input.{field}", out var s) && s.Errors.Count > 0 ? s.Errors[0].ErrorMessage : null;

    public static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
