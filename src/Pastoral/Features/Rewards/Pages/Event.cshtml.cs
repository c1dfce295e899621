using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Features.Notifications.Contacts;
using Pastoral.Infrastructure.Documents;
using Pastoral.Security;

namespace Pastoral.Features.Rewards.Pages;

/// <summary>
/// <c>/rewards/events/{id}</c>: the event's rules; before it is confirmed, the eligible pupils (ticked) and those who are not with the
/// reasons the viewer may read; confirming keeps the ticked pupils as the list. Certificates for the ticked pupils print as one PDF.
/// </summary>
[Authorize(Policy = nameof(RewardsModule.ManageRewards))]
public sealed class EventModel(RewardEvents events, RewardEligibility eligibility, RewardAwards awards, Documents documents, CurrentStaff current) : PageModel
{
    public RewardEvent Event { get; private set; } = null!;
    public EligibilityList? List { get; private set; }
    public IReadOnlyList<RewardInvitation> Invited { get; private set; } = [];
    public IReadOnlyList<LetterWording> Templates { get; private set; } = [];
    public string Years { get; private set; } = "";

    [BindProperty] public List<int> Pupils { get; set; } = [];
    [BindProperty] public int Version { get; set; }
    [BindProperty] public string? Template { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Pupils = List is null ? [.. Invited.Select(i => i.PupilId)] : [.. List.Eligible.Take(Event.Capacity ?? int.MaxValue).Select(r => r.PupilId)];
        Template = RewardTemplates.Achievement;
        Reason = $"For earning a place on {Event.Name}.";
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(int id, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var result = await events.ConfirmAsync(staff, id, Version, Pupils, ct);
        if (result.NotFound) return NotFound();
        if (result.Saved) return Redirect($"/rewards/events/{id}?confirmed=1");
        return await ProblemsAsync(id, result.Stale ? [("Pupils", "Someone else changed this event while you were looking: check the list and confirm again.")] : result.Problems, ct);
    }

    public async Task<IActionResult> OnPostCertificatesAsync(int id, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (await events.FindAsync(staff, id, ct) is not { } e) return NotFound();
        var (problems, made) = await events.CertificatesAsync(staff, e, Pupils, Template, Reason, awards, ct);
        if (problems.Count > 0) return await ProblemsAsync(id, problems, ct);
        var (model, options) = RewardAwards.Document(made, $"/rewards/events/{id}");
        return File(await documents.RenderAsync(RewardDocument.View, model, options, ct), "application/pdf", options.FileName);
    }

    private async Task<IActionResult> ProblemsAsync(int id, IEnumerable<(string Field, string Message)> problems, CancellationToken ct)
    {
        var chosen = Pupils;
        ModelState.Clear();
        if (!await LoadAsync(id, ct)) return NotFound();
        Pupils = chosen;
        foreach (var (field, message) in problems) ModelState.AddModelError(field, message);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (await events.FindAsync(staff, id, ct) is not { } e) return false;
        Event = e;
        Version = e.Version;
        var names = await events.YearNamesAsync(ct);
        Years = string.Join(", ", e.YearGroups.Select(y => names.GetValueOrDefault(y, "?")));
        if (e.ConfirmedAt is null) List = await eligibility.ForAsync(staff, e, ct);
        else Invited = await events.InvitedAsync(staff, id, ct);
        Templates = [.. (await awards.TemplatesAsync(e.SchoolId, ct)).Where(t => t.Key != RewardTemplates.PraisePostcard)]; // the list prints certificates
        return true;
    }

    public string? ErrorFor(string field) => ModelState.TryGetValue(field, out var s) && s.Errors.Count > 0 ? s.Errors[0].ErrorMessage : null;

    public static string Day(DateOnly d) => d.ToString("ddd d MMM yyyy", RewardAwards.English);
}
