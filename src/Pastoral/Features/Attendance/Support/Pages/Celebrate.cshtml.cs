using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Pastoral.Features.Notifications.Contacts;
using Pastoral.Infrastructure.Documents;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Support.Pages;

/// <summary>Record an improvement, print a certificate or postcard, and (if chosen) send it home with the congratulations letter.</summary>
[Authorize(Policy = nameof(AttendanceSupportModule.SupportAttendance))]
public sealed class CelebrateModel(AttendanceSupport support, Celebrations celebrations, Documents documents, StageLetterSender sender, LetterTemplates templates,
    CurrentStaff current, IAuthorizationService authorization) : SupportPage(support, current, authorization)
{
    public IReadOnlyList<ContactChoice> Contacts { get; private set; } = [];
    public int? CelebrationId { get; private set; }
    public IReadOnlyList<ContactMessageOutcome> Sent { get; private set; } = [];

    [BindProperty] public string? Format { get; set; } = "certificate";
    [BindProperty] public string? WhatImproved { get; set; }
    [BindProperty] public string? SignedBy { get; set; }
    [BindProperty] public List<int> ContactIds { get; set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        SignedBy = Staff.Name;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var outcome = await Support.CelebrateAsync(Staff, id, new CelebrationInput(Format, WhatImproved, SignedBy), ct);
        if (outcome.NotFound) return NotFound();
        if (outcome.Problems.Count > 0) return Invalid(outcome.Problems);
        CelebrationId = outcome.Id;
        if (ContactIds.Count > 0 && await celebrations.ForAsync(Staff, id, outcome.Id!.Value, ct) is { } doc
            && await templates.ForSchoolAsync(Pupil.SchoolId, StageLetters.Congratulations, ct) is { } letter)
        {
            var pdf = await documents.RenderAsync(CertificateModel.View, doc.Model, doc.Options, ct);
            Sent = await sender.SendAsync(Staff, Pupil, letter, ContactIds, new MailAttachment(doc.Options.FileName!, "application/pdf", pdf), ct);
        }
        return Page();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (!await LoadPupilAsync(id, ct)) return false;
        Contacts = await sender.ChoicesAsync(Pupil, ct);
        return true;
    }
}
