using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Pastoral.Features.Notifications.Contacts;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Support.Pages;

/// <summary>Send a stage letter: choose the letter and the contacts, preview it as the family will read it, send (e-mail or a letter to print).</summary>
[Authorize(Policy = nameof(AttendanceSupportModule.SupportAttendance))]
public sealed class LetterModel(AttendanceSupport support, StageLetterSender sender, SupportRecords records, Infrastructure.SchoolClock clock,
    CurrentStaff current, IAuthorizationService authorization) : SupportPage(support, current, authorization)
{
    public IReadOnlyList<LetterWording> Letters { get; private set; } = [];
    public IReadOnlyList<ContactChoice> Contacts { get; private set; } = [];
    public (string To, string Subject, string Body)? Preview { get; private set; }
    public IReadOnlyList<ContactMessageOutcome>? Sent { get; private set; }

    [BindProperty(SupportsGet = true)] public string? Key { get; set; }
    [BindProperty] public List<int> ContactIds { get; set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (Key is null)
        {
            var stage = (await records.ForAsync(Staff, id, clock.Today(), ct)).Stage;
            Key = AttendanceStages.LetterFor(stage) ?? StageLetters.FirstConcern;
        }
        ContactIds = [.. Contacts.Where(c => c.MayWrite).Take(1).Select(c => c.Id)];
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (Check() is { } letter)
        {
            var values = await sender.ValuesAsync(Staff, Pupil, ct);
            var first = Contacts.First(c => c.MayWrite && ContactIds.Contains(c.Id));
            var (subject, body) = StageLetterSender.Write(letter, values, first.Name);
            Preview = (first.Name, subject, body);
            return Page();
        }
        return Invalid([]);
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (Check() is not { } letter) return Invalid([]);
        Sent = await sender.SendAsync(Staff, Pupil, letter, ContactIds, null, ct);
        return Page();
    }

    private LetterWording? Check()
    {
        var letter = Letters.FirstOrDefault(l => l.Key == Key);
        if (letter is null) ModelState.AddModelError("Key", "Choose the letter to send");
        if (!Contacts.Any(c => c.MayWrite && ContactIds.Contains(c.Id))) ModelState.AddModelError("ContactIds", "Choose at least one contact to write to");
        return ModelState.IsValid ? letter : null;
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (!await LoadPupilAsync(id, ct)) return false;
        Letters = await sender.LettersAsync(Pupil.SchoolId, ct);
        Contacts = await sender.ChoicesAsync(Pupil, ct);
        return true;
    }
}
