using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Provision.Pages;

/// <summary>Record a part-time timetable: why, which sessions, from when, the review date and who reviews, and the parents' agreement.</summary>
[Authorize(Policy = nameof(ProvisionModule.ManageProvision))]
public sealed class NewPartTimeModel(ProvisionBook book, CurrentStaff current, IAuthorizationService authorization) : ProvisionPage(book, current, authorization)
{
    public IReadOnlyList<KeyValuePair<Guid, string>> Reviewers { get; private set; } = [];

    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public List<string> Sessions { get; set; } = [];
    [BindProperty] public string? StartOn { get; set; }
    [BindProperty] public string? ReviewOn { get; set; }
    [BindProperty] public string? EndOn { get; set; }
    [BindProperty] public bool ParentsAgreed { get; set; }
    [BindProperty] public string? ParentsAgreedOn { get; set; }
    [BindProperty] public string? ParentsAgreedBy { get; set; }
    [BindProperty] public Guid? ReviewerId { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        ReviewerId = Staff.UserId;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var result = await Book.AddPartTimeAsync(Staff, id, new PartTimeInput(Reason, Sessions, StartOn, ReviewOn, EndOn, ParentsAgreed, ParentsAgreedOn, ParentsAgreedBy, ReviewerId), ct);
        if (result.NotFound) return NotFound();
        if (result.Problems.Count > 0) return Invalid(result.Problems);
        return Redirect($"{Back}#part-time-{result.Id}");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (!await LoadPupilAsync(id, ct)) return false;
        Reviewers = [.. (await Book.StaffOfSchoolAsync(Pupil.SchoolId, ct)).OrderBy(s => s.Value, StringComparer.OrdinalIgnoreCase)];
        return true;
    }
}
