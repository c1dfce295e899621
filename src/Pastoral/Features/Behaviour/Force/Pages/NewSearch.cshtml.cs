using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Force.Pages;

/// <summary>Record a screening or search of the pupil: who searched and who witnessed it, what was suspected, found and confiscated, and the parents told.</summary>
[Authorize(Policy = nameof(ForceModule.RecordForce))]
public sealed class NewSearchModel(ForceBook book, SchoolClock clock, PastoralDbContext db, CurrentStaff current, IAuthorizationService authorization)
    : ForcePage(db, current, authorization)
{
    public IReadOnlyList<KeyValuePair<Guid, string>> StaffChoices { get; private set; } = [];
    public bool Saved { get; private set; }

    [BindProperty] public string? Kind { get; set; } = "search";
    [BindProperty] public string? OccurredAt { get; set; }
    [BindProperty] public string? Location { get; set; }
    [BindProperty] public Guid? SearchedById { get; set; }
    [BindProperty] public Guid? WitnessId { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public string? ReasonDetail { get; set; }
    [BindProperty] public string? Found { get; set; }
    [BindProperty] public string? Confiscated { get; set; }
    [BindProperty] public string? Disposal { get; set; }
    [BindProperty] public string? ParentsToldAt { get; set; }
    [BindProperty] public string? ParentsToldHow { get; set; }
    [BindProperty] public string? ParentsToldBy { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        OccurredAt = clock.LocalNow().ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);
        SearchedById = Staff.UserId;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var result = await book.RecordSearchAsync(Staff, id, new SearchInput(Kind, OccurredAt, Location, SearchedById, WitnessId, Reason, ReasonDetail, Found, Confiscated,
            Disposal, ParentsToldAt, ParentsToldHow, ParentsToldBy), ct);
        if (result.NotFound) return NotFound();
        if (result.Problems.Count > 0) return Invalid(result.Problems);
        if (MayView) return Redirect($"/pupils/{id}/force#search-{result.Id}");
        Saved = true;
        return Page();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (!await LoadPupilAsync(id, ct)) return false;
        StaffChoices = [.. (await book.StaffOfSchoolAsync(Pupil.SchoolId, ct)).OrderBy(s => s.Value, StringComparer.OrdinalIgnoreCase)];
        return true;
    }
}
