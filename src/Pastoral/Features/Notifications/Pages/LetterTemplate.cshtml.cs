using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Data;
using Pastoral.Features.Notifications.Contacts;
using Pastoral.Security;

namespace Pastoral.Features.Notifications.Pages;

/// <summary>
/// Rewords one letter for one school. The form carries the wording it started from; if someone saved or reset it meanwhile, the
/// page shows their wording beside this person's (409) and asks them to choose, field by field, as the pupil edit page does.
/// </summary>
[Authorize(Policy = nameof(NotificationsModule.ManageLetterTemplates))]
public sealed class LetterTemplateModel(PastoralDbContext db, CurrentStaff current, LetterTemplates templates) : PageModel
{
    public LetterTemplatesModel.SchoolChoice School { get; private set; } = null!;
    public LetterWording Letter { get; private set; } = null!;
    public LetterTemplateSave.Conflict? Conflict { get; private set; }
    public string? Message { get; private set; }

    [BindProperty] public string? Subject { get; set; }
    [BindProperty] public string? Body { get; set; }
    [BindProperty] public string? StartedSubject { get; set; }
    [BindProperty] public string? StartedBody { get; set; }
    /// <summary>After a conflict, "mine" saves this person's wording over the other person's.</summary>
    [BindProperty] public string? Keep { get; set; }

    public async Task<IActionResult> OnGetAsync(int schoolId, string key, CancellationToken ct)
    {
        if (!await LoadAsync(schoolId, key, ct)) return NotFound();
        Start(Letter);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int schoolId, string key, CancellationToken ct)
    {
        if (!await LoadAsync(schoolId, key, ct)) return NotFound();
        var outcome = await templates.SaveAsync(await current.GetAsync(ct), schoolId, key, Started(), Subject, Body, Keep == "mine", ct);
        return await OutcomeAsync(outcome, "Saved. Letters written from now on use this wording.", schoolId, key, ct);
    }

    public async Task<IActionResult> OnPostResetAsync(int schoolId, string key, CancellationToken ct)
    {
        if (!await LoadAsync(schoolId, key, ct)) return NotFound();
        var outcome = await templates.ResetAsync(schoolId, key, Started(), ct);
        return await OutcomeAsync(outcome, "Back to the default wording.", schoolId, key, ct);
    }

    private async Task<IActionResult> OutcomeAsync(LetterTemplateSave outcome, string done, int schoolId, string key, CancellationToken ct)
    {
        switch (outcome)
        {
            case LetterTemplateSave.NotFound: return NotFound();
            case LetterTemplateSave.Invalid invalid:
                foreach (var (field, message) in invalid.Problems) ModelState.AddModelError(field, message);
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            case LetterTemplateSave.Conflict conflict:
                Conflict = conflict;
                // The form starts again from what is saved now; this person's words stay in the fields.
                StartedSubject = conflict.Current.Subject;
                StartedBody = conflict.Current.Body;
                ModelState.Remove(nameof(StartedSubject));
                ModelState.Remove(nameof(StartedBody));
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
            default:
                await LoadAsync(schoolId, key, ct);
                Start(Letter);
                ModelState.Clear();
                Message = done;
                return Page();
        }
    }

    private void Start(LetterWording l) { Subject = StartedSubject = l.Subject; Body = StartedBody = l.Body; }

    private Dictionary<string, string?> Started() => new()
    {
        ["Subject"] = StartedSubject?.Trim(), ["Body"] = StartedBody is null ? null : LetterTemplates.Normalise(StartedBody),
    };

    private async Task<bool> LoadAsync(int schoolId, string key, CancellationToken ct)
    {
        var school = (await TemplateSchools.ForAsync(db, await current.GetAsync(ct), ct)).FirstOrDefault(s => s.Id == schoolId);
        var letter = school is null ? null : await templates.ForSchoolAsync(schoolId, key, ct);
        if (school is null || letter is null) return false;
        School = school;
        Letter = letter;
        return true;
    }

    public string? ErrorFor(string field) => ModelState.TryGetValue(field, out var s) && s.Errors.Count > 0 ? s.Errors[0].ErrorMessage : null;
}
