using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Pastoral.Features.Agencies;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Provision.Pages;

/// <summary>Record a placement at an alternative provider from the agency directory.</summary>
[Authorize(Policy = nameof(ProvisionModule.ManageProvision))]
public sealed class NewPlacementModel(ProvisionBook book, CurrentStaff current, IAuthorizationService authorization) : ProvisionPage(book, current, authorization)
{
    public IReadOnlyList<AgencyChoice> Providers { get; private set; } = [];

    [BindProperty] public string? Provider { get; set; }
    [BindProperty] public List<string> Sessions { get; set; } = [];
    [BindProperty] public string? Hours { get; set; }
    [BindProperty] public string? StartOn { get; set; }
    [BindProperty] public string? EndOn { get; set; }
    [BindProperty] public string? ReviewOn { get; set; }
    [BindProperty] public string? ContactName { get; set; }
    [BindProperty] public string? ContactPhone { get; set; }
    [BindProperty] public string? ContactEmail { get; set; }
    [BindProperty] public string? AttendanceCode { get; set; } = "B";
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public string? WeeklyCost { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var result = await Book.AddPlacementAsync(Staff, id, new PlacementInput(Provider, Sessions, Hours, StartOn, EndOn, ContactName, ContactPhone, ContactEmail,
            AttendanceCode, Reason, ReviewOn, WeeklyCost), ct);
        if (result.NotFound) return NotFound();
        if (result.Problems.Count > 0) return Invalid(result.Problems);
        return Redirect($"{Back}#placement-{result.Id}");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (!await LoadPupilAsync(id, ct)) return false;
        Providers = await Book.ProvidersAsync(Pupil.SchoolId, ct);
        return true;
    }
}
