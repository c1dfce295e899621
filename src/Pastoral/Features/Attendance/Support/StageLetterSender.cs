using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Notifications.Contacts;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Support;

/// <summary>
/// Writes an attendance letter from the school's template for each chosen contact ({ContactName} is theirs) and sends it
/// through the contact-message service: e-mail where there is an address, a printable PDF letter for the others. The letter is
/// kept as an <see cref="AttendanceLetter"/> in the same save as the messages (each on the pupil's timeline).
/// </summary>
public sealed class StageLetterSender(PastoralDbContext db, LetterTemplates templates, ContactMessages messages, IAttendanceFigures figures, SchoolClock clock)
{
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>The attendance letters the school offers (every letter of the attendance group), as the school words them.</summary>
    public async Task<IReadOnlyList<LetterWording>> LettersAsync(int schoolId, CancellationToken ct) =>
        [.. (await templates.ForSchoolAsync(schoolId, ct)).Where(l => l.Group == StageLetters.Group)];

    /// <summary>The placeholders' values for this pupil now (ContactName is filled per contact).</summary>
    public async Task<Dictionary<string, string?>> ValuesAsync(StaffContext staff, Pupil pupil, CancellationToken ct)
    {
        var today = clock.Today();
        var yearStart = new DateOnly(today.Month >= 9 ? today.Year : today.Year - 1, 9, 1);
        var percent = await figures.PercentAsync(pupil.Id, yearStart, today, ct);
        var meetings = await db.Set<AttendanceMeeting>().AsNoTracking().Where(m => m.PupilId == pupil.Id).Select(m => m.HeldOn).ToListAsync(ct);
        var meeting = meetings.Where(d => d >= today).OrderBy(d => d).Cast<DateOnly?>().FirstOrDefault() ?? meetings.OrderDescending().Cast<DateOnly?>().FirstOrDefault();
        return new()
        {
            ["PupilName"] = pupil.Forename,
            ["SchoolName"] = pupil.School?.Name ?? "",
            ["Date"] = today.ToString("d MMMM yyyy", English),
            ["AttendancePercent"] = percent is { } p ? p.ToString("0.0", English) + "%" : "not yet known",
            ["MeetingDate"] = meeting is { } m ? m.ToString("dddd d MMMM yyyy", English) : "a date we will agree with you",
            ["StaffName"] = staff.Name,
        };
    }

    public static (string Subject, string Body) Write(LetterWording letter, IReadOnlyDictionary<string, string?> values, string contactName)
    {
        var all = new Dictionary<string, string?>(values) { ["ContactName"] = contactName };
        return (LetterPlaceholders.Fill(letter.Subject, all), LetterPlaceholders.Fill(letter.Body, all));
    }

    /// <summary>Whom the letter may go to (<see cref="ContactMessages.Choices"/> with the contact warnings in force).</summary>
    public Task<List<ContactChoice>> ChoicesAsync(Pupil pupil, CancellationToken ct) => messages.ChoicesAsync(pupil, ct);

    public async Task<IReadOnlyList<ContactMessageOutcome>> SendAsync(StaffContext staff, Pupil pupil, LetterWording letter, IReadOnlyCollection<int> contactIds,
        MailAttachment? attachment, CancellationToken ct)
    {
        var values = await ValuesAsync(staff, pupil, ct);
        var chosen = (await messages.ChoicesAsync(pupil, ct)).Where(c => c.MayWrite && contactIds.Contains(c.Id)).ToList();
        if (chosen.Count == 0) return [];
        var sentTo = string.Join(", ", chosen.Select(c => $"{c.Name} ({c.Relationship})"));
        db.Add(new AttendanceLetter
        {
            PupilId = pupil.Id, SchoolId = pupil.SchoolId, TemplateKey = letter.Key, Subject = Write(letter, values, "").Subject,
            SentTo = sentTo.Length > 1000 ? sentTo[..1000] : sentTo,
            At = clock.UtcNow, ById = staff.UserId == Guid.Empty ? null : staff.UserId, ByName = staff.Name,
        });
        return await messages.SendEachAsync(staff, pupil, contactIds, c => Write(letter, values, c.Name), attachment, ct);
    }
}
