using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Agencies.Pages;

/// <summary>One short form from the profile: what was suggested, to whom, when.</summary>
[Authorize(Policy = nameof(AgenciesModule.RecordSignposting))]
public sealed class NewSignpostingModel(PastoralDbContext db, CurrentStaff current, AgencyDirectory directory, SignpostingRecords records, SchoolClock clock)
    : PupilPage(db, current)
{
    [BindProperty] public int? AgencyId { get; set; }
    [BindProperty] public string? Suggestion { get; set; }
    [BindProperty] public string? To { get; set; }
    [BindProperty] public string? SuggestedOn { get; set; }
    [BindProperty] public string? Note { get; set; }
    public IReadOnlyList<AgencyChoice> Agencies { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        SuggestedOn = clock.Today().ToString("yyyy-MM-dd");
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        ModelState.Clear(); // the rules below give every message, in staff's words
        var outcome = await records.AddAsync(Staff, id, new SignpostingInput(AgencyId, Suggestion, To, SuggestedOn, Note), ct);
        if (outcome.NotFound) return NotFound();
        return outcome.Problems.Count > 0 ? Invalid(outcome.Problems) : Redirect($"/pupils/{id}#signposting");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (!await LoadPupilAsync(id, ct)) return false;
        Agencies = await directory.ChoicesForSchoolAsync(SchoolId, null, ct);
        return true;
    }
}
