using System.Globalization;
using System.Text.RegularExpressions;
using Pastoral.Features.Agencies;

namespace Pastoral.Features.Admissions;

/// <summary>An admission as the form sends it: the date of admission and every field as text, so nothing typed is lost.</summary>
public sealed record AdmissionInput(string? AdmittedOn, string? YearGroupJoined, string? FormJoined, string? PreviousSchoolName,
    string? PreviousSchoolUrn, string? PreviousSchoolDfeNumber);

/// <summary>A deletion from the roll as the form sends it.</summary>
public sealed record DeletionInput(string? LastDayOnRoll, string? Ground, string? DestinationSchool, string? LocalAuthorityToldOn, string? Note);

/// <summary>
/// The checks on admissions and deletions as plain functions: each problem names its field in staff's words, and nothing is
/// saved while there is any.
/// </summary>
public static partial class AdmissionRules
{
    /// <summary>How long before the last day on roll the local authority may have been told: regulation 13 wants the return as
    /// soon as the ground is met and no later than the deletion, so an earlier date is normal; one months earlier is a slip.</summary>
    public const int LocalAuthorityToldDaysBefore = 60;

    public sealed record CheckedAdmission(DateOnly AdmittedOn, string? YearGroupJoined, string? FormJoined, string? Name, string? Urn, string? DfeNumber);
    public sealed record CheckedDeletion(DateOnly LastDay, DeletionGround Ground, string? Destination, DateOnly? ToldOn, string? Note);

    public static (CheckedAdmission? Admission, List<FieldProblem> Problems) Check(AdmissionInput input, DateOnly today, DateOnly? onRollTo)
    {
        var problems = new List<FieldProblem>();
        var on = AgencyRules.Date(input.AdmittedOn, "AdmittedOn", "date of admission", problems);
        if (on is null && !problems.Any(p => p.Field == "AdmittedOn")) problems.Add(new("AdmittedOn", "Enter the date of admission (the first day the pupil is expected to attend)"));
        if (on is { } d && d > today.AddYears(1)) problems.Add(new("AdmittedOn", "The date of admission can be at most a year ahead"));
        if (on is { } from && onRollTo is { } to && from > to)
            problems.Add(new("AdmittedOn", $"The date of admission must be on or before the last day on roll ({AgencyRules.Day(to)})"));
        var year = AgencyRules.Text(input.YearGroupJoined, "YearGroupJoined", "Year group joined", 100, problems);
        var form = AgencyRules.Text(input.FormJoined, "FormJoined", "Form joined", 100, problems);
        var name = AgencyRules.Text(input.PreviousSchoolName, "PreviousSchoolName", "Previous school", Admission.NameMax, problems);
        var urn = AgencyRules.Text(input.PreviousSchoolUrn, "PreviousSchoolUrn", "URN", 6, problems);
        if (urn is not null && !Urn().IsMatch(urn)) problems.Add(new("PreviousSchoolUrn", "Enter the previous school's URN as 6 digits, like 136294, or leave it empty"));
        var dfe = DfeNumber(AgencyRules.Text(input.PreviousSchoolDfeNumber, "PreviousSchoolDfeNumber", "DfE number", 10, problems), problems);
        if (name is null && (urn ?? dfe) is not null) problems.Add(new("PreviousSchoolName", "Enter the previous school's name as well as its number"));
        return problems.Count > 0 ? (null, problems) : (new CheckedAdmission(on!.Value, year, form, name, urn, dfe), problems);
    }

    /// <param name="lastDayOfYear">The last day of the academic year the school is in (a deletion can be planned to its end, no later).</param>
    public static (CheckedDeletion? Deletion, List<FieldProblem> Problems) Check(DeletionInput input, DateOnly admittedOn, DateOnly today, DateOnly lastDayOfYear)
    {
        var problems = new List<FieldProblem>();
        var last = AgencyRules.Date(input.LastDayOnRoll, "LastDayOnRoll", "last day on roll", problems);
        if (last is null && !problems.Any(p => p.Field == "LastDayOnRoll")) problems.Add(new("LastDayOnRoll", "Enter the last day the pupil is on roll"));
        if (last is { } l && l < admittedOn)
            problems.Add(new("LastDayOnRoll", $"The last day on roll cannot be before the date of admission ({AgencyRules.Day(admittedOn)})"));
        if (last is { } late && late > lastDayOfYear)
            problems.Add(new("LastDayOnRoll", $"The last day on roll can be at most the end of this academic year ({AgencyRules.Day(lastDayOfYear)})"));
        var ground = DeletionGrounds.Find(input.Ground);
        if (ground is null) problems.Add(new("Ground", string.IsNullOrWhiteSpace(input.Ground) ? "Choose the ground for the deletion" : "Choose a ground from the list"));
        var destination = AgencyRules.Text(input.DestinationSchool, "DestinationSchool", "Destination school", Admission.NameMax, problems);
        var told = AgencyRules.Date(input.LocalAuthorityToldOn, "LocalAuthorityToldOn", "date the local authority was told", problems);
        CheckTold(told, last, today, problems);
        var note = AgencyRules.Text(input.Note, "Note", "Note", RollDeletion.NoteMax, problems);
        return problems.Count > 0 ? (null, problems) : (new CheckedDeletion(last!.Value, ground!, destination, told, note), problems);
    }

    public static void CheckTold(DateOnly? told, DateOnly? lastDay, DateOnly today, List<FieldProblem> problems)
    {
        if (told is { } t && t > today) problems.Add(new("LocalAuthorityToldOn", "The date the local authority was told cannot be in the future"));
        if (told is { } early && lastDay is { } l && early < l.AddDays(-LocalAuthorityToldDaysBefore))
            problems.Add(new("LocalAuthorityToldOn", $"The date the local authority was told cannot be more than {LocalAuthorityToldDaysBefore} days before the last day on roll ({AgencyRules.Day(l)})"));
    }

    /// <summary>"9334259" or "933/4259" → "933/4259"; a problem otherwise.</summary>
    private static string? DfeNumber(string? text, List<FieldProblem> problems)
    {
        if (text is null) return null;
        var digits = text.Replace("/", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        if (digits.Length == 7 && digits.All(char.IsAsciiDigit)) return $"{digits[..3]}/{digits[3..]}";
        problems.Add(new("PreviousSchoolDfeNumber", "Enter the DfE number as the local authority and school numbers, like 933/4259, or leave it empty"));
        return null;
    }

    public static string Day(DateOnly d) => d.ToString("ddd d MMM yyyy", CultureInfo.InvariantCulture);

    [GeneratedRegex("^[0-9]{6}$")]
    private static partial Regex Urn();
}
