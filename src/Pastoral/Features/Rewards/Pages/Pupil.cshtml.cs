using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Pastoral.Features.Notifications.Contacts;
using Pastoral.Features.Pupils;
using Pastoral.Security;

namespace Pastoral.Features.Rewards.Pages;

/// <summary>
/// <c>/pupils/{id}/rewards</c>: the postcards and certificates a pupil has been given (each can be printed again, the same document),
/// and the form to give one: postcard or certificate, the school's wording, the reason (suggested from the pupil's own recent
/// positive behaviour types) and printed or e-mailed home.
/// </summary>
[Authorize(Policy = nameof(RewardsModule.ManageRewards))]
public sealed class PupilModel(RewardAwards awards, CurrentStaff current, IAuthorizationService authorization) : PupilFormPage(current, authorization)
{
    public IReadOnlyList<RewardAward> Given { get; private set; } = [];
    public IReadOnlyList<LetterWording> Templates { get; private set; } = [];
    public IReadOnlyList<ContactChoice> EmailTo { get; private set; } = [];
    public RewardAward? Saved { get; private set; }

    [BindProperty] public string? Format { get; set; } = "postcard";
    [BindProperty] public string? Template { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public string? SendHow { get; set; } = "printed";
    [BindProperty] public List<int> Contacts { get; set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, int? saved, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Template = Templates.Count > 0 ? Templates[0].Key : null;
        Reason = await awards.SuggestedReasonAsync(id, ct);
        Contacts = [.. EmailTo.Take(1).Select(c => c.Id)];
        Saved = saved is { } s ? Given.FirstOrDefault(a => a.Id == s) : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        ModelState.Clear();
        var result = await awards.GiveAsync(Staff, id, new RewardInput(Format, Template, Reason, SendHow, Contacts), ct);
        if (result.NotFound) return NotFound();
        if (!result.Saved) return Invalid(result.Problems);
        return Redirect($"/pupils/{id}/rewards?saved={result.Award!.Id}#given");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (!await LoadPupilAsync(staff => awards.FindPupilAsync(staff, id, ct), ct)) return false;
        Templates = await awards.TemplatesAsync(Pupil.SchoolId, ct);
        EmailTo = await awards.EmailChoicesAsync(Pupil, ct);
        Given = await awards.ForPupilAsync(Staff, id, ct);
        return true;
    }

    public static string Day(DateOnly d) => d.ToString("ddd d MMM yyyy", RewardAwards.English);
}
