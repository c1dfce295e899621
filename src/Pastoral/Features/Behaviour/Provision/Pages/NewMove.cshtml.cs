using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Provision.Pages;

/// <summary>Record a managed move: the other school, the direction and the trial period.</summary>
[Authorize(Policy = nameof(ProvisionModule.ManageProvision))]
public sealed class NewMoveModel(ProvisionBook book, CurrentStaff current, IAuthorizationService authorization) : ProvisionPage(book, current, authorization)
{
    [BindProperty] public string? OtherSchool { get; set; }
    [BindProperty] public string? OtherSchoolUrn { get; set; }
    [BindProperty] public string? Direction { get; set; } = "out";
    [BindProperty] public string? TrialStartOn { get; set; }
    [BindProperty] public string? TrialEndOn { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => await LoadPupilAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadPupilAsync(id, ct)) return NotFound();
        var result = await Book.AddMoveAsync(Staff, id, new MoveInput(OtherSchool, OtherSchoolUrn, Direction, TrialStartOn, TrialEndOn, Reason), ct);
        if (result.NotFound) return NotFound();
        if (result.Problems.Count > 0) return Invalid(result.Problems);
        return Redirect($"{Back}#move-{result.Id}");
    }
}
