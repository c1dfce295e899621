using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Attendance;
using Pastoral.Features.Notifications.Contacts;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Exclusions;

/// <summary>
/// The letters to parents about a suspension or a permanent exclusion, registered as letter templates the school can reword
/// (Administration → Letter templates) and sent through the contact-message service: e-mail where there is an address, a
/// printable PDF letter (the shared renderer) for the others, each on the pupil's timeline.
/// </summary>
public sealed class ExclusionLetters(LetterTemplates templates, ContactMessages messages, AttendanceDays attendanceDays, SuspensionReasons reasons, SchoolClock clock)
{
    public const string Group = "Suspensions";
    public const string SuspensionLetter = "suspension-letter";
    public const string PermanentLetter = "permanent-exclusion-letter";

    public static void Register(IServiceCollection services)
    {
        services.AddLetterTemplate(SuspensionLetter, "Suspension", Group, "{PupilName} has been suspended from school",
            "I am writing to tell you that the headteacher has decided to suspend {PupilName} from school for {SuspensionLength}, from {SuspensionStart}. "
            + "{PupilName} is expected back in school on {ReturnDate}.\n\nThe reasons are: {SuspensionReasons}.\n\n"
            + "For the first five school days of the suspension, {PupilName} must not be in a public place during school hours without good reason; "
            + "you may be given a fixed penalty notice if they are. We will set work for {PupilName} to do at home, and from the sixth day of a longer "
            + "suspension we will arrange suitable full-time education.\n\n"
            + "You may make representations about this decision to the governing board. We will invite you to a reintegration meeting before {PupilName} returns.\n\n"
            + "If you would like to talk about this, please contact {StaffName}.");
        services.AddLetterTemplate(PermanentLetter, "Permanent exclusion", Group, "{PupilName} has been permanently excluded",
            "I am writing to tell you that the headteacher has decided to permanently exclude {PupilName} from school, from {SuspensionStart}.\n\n"
            + "The reasons are: {SuspensionReasons}.\n\n"
            + "The governing board must meet to consider whether {PupilName} should be reinstated, within 15 school days of being told. You have the right to "
            + "make representations to the board, to attend the meeting and to be accompanied. For the first five school days {PupilName} must not be in a "
            + "public place during school hours without good reason; the local authority will arrange suitable full-time education from the sixth school day.\n\n"
            + "If you would like to talk about this, please contact {StaffName}.");
    }

    public async Task<LetterWording?> LetterForAsync(Suspension s, CancellationToken ct) =>
        await templates.ForSchoolAsync(s.SchoolId, s.Type == SuspensionType.Permanent ? PermanentLetter : SuspensionLetter, ct);

    /// <summary>The placeholders' values for this suspension (ContactName is filled per contact).</summary>
    public async Task<Dictionary<string, string?>> ValuesAsync(StaffContext staff, Pupil pupil, Suspension s, CancellationToken ct)
    {
        var codes = await reasons.ForSchoolAsync(s.SchoolId, ct);
        string? back = null;
        if (s.Type != SuspensionType.Permanent && s.EndsOn is { } end)
        {
            var after = await attendanceDays.SchoolDaysAsync([s.SchoolId], end.AddDays(1), end.AddDays(60), ct);
            back = s.Type == SuspensionType.Lunchtime ? $"the afternoon of {Long(s.StartsOn)}" : after[s.SchoolId].FirstOrDefault() is { } d && d != default ? Long(d) : "the next school day";
        }
        return new()
        {
            ["PupilName"] = pupil.Forename,
            ["SchoolName"] = pupil.School?.Name ?? "",
            ["Date"] = clock.Today().ToString("d MMMM yyyy", SuspensionLimit.English),
            ["StaffName"] = staff.Name,
            ["SuspensionStart"] = Long(s.StartsOn),
            ["SuspensionLength"] = s.Type == SuspensionType.Lunchtime ? "the lunchtime (half a school day)" : $"{SuspensionLimit.DaysWords(s.HalfDays).Replace("day", "school day", StringComparison.Ordinal)}",
            ["ReturnDate"] = back ?? "",
            ["SuspensionReasons"] = string.Join("; ", s.ReasonCodes.Select(c => SuspensionReasons.Describe(codes, c).ToLowerInvariant())),
        };
    }

    private static string Long(DateOnly d) => d.ToString("dddd d MMMM yyyy", SuspensionLimit.English);

    public static (string Subject, string Body) Write(LetterWording letter, IReadOnlyDictionary<string, string?> values, string contactName)
    {
        var all = new Dictionary<string, string?>(values) { ["ContactName"] = contactName };
        return (LetterPlaceholders.Fill(letter.Subject, all), LetterPlaceholders.Fill(letter.Body, all));
    }

    public async Task<IReadOnlyList<ContactMessageOutcome>> SendAsync(StaffContext staff, Pupil pupil, Suspension s, IReadOnlyCollection<int> contactIds, CancellationToken ct)
    {
        if (await LetterForAsync(s, ct) is not { } letter) return [];
        var values = await ValuesAsync(staff, pupil, s, ct);
        return await messages.SendEachAsync(staff, pupil, contactIds, c => Write(letter, values, c.Name), null, ct);
    }
}
