using System.Globalization;

namespace Pastoral.Features.Attendance.Support;

public sealed record OtherAttendee(string? Name, string? Role);
public sealed record ActionInput(string? Action, string? Owner, string? DueOn);

/// <summary>A meeting as the form or a caller sends it: dates as yyyy-MM-dd, family by contact id, staff by account id.</summary>
public sealed record MeetingInput(string? HeldOn, IReadOnlyList<int>? FamilyContactIds, IReadOnlyList<Guid>? StaffIds, IReadOnlyList<OtherAttendee>? Others,
    IReadOnlyList<string>? Barriers, string? BarrierNote, string? Discussed, IReadOnlyList<ActionInput>? Actions, string? NextReviewOn, int? FromContactId = null);

/// <summary>A meeting that passed the checks, ready to keep.</summary>
public sealed record CheckedMeeting(DateOnly HeldOn, IReadOnlyList<MeetingAttendee> Attendees, IReadOnlyList<string> Barriers, string? BarrierNote,
    string? Discussed, IReadOnlyList<MeetingAction> Actions, DateOnly? NextReviewOn);

/// <summary>
/// The checks on an attendance meeting, in staff's words, keyed by the form's field: a real date; a meeting still to come has
/// no outcomes yet (barriers, discussion, actions); a held one names who came; every action has an owner; the review and the
/// actions' due dates are not before the meeting; family members are this pupil's contacts and staff are the school's.
/// </summary>
public static class MeetingRules
{
    public const int MaxActions = 20;
    public const int MaxOthers = 10;

    public static (CheckedMeeting? Meeting, List<(string Field, string Message)> Problems) Check(MeetingInput input, DateOnly today,
        IReadOnlyDictionary<int, (string Name, string Relationship)> contacts, IReadOnlyDictionary<Guid, string> staff)
    {
        var problems = new List<(string, string)>();
        var heldOn = Date(input.HeldOn, "HeldOn", "date of the meeting", problems);
        if (heldOn is null && !problems.Any(p => p.Item1 == "HeldOn")) problems.Add(("HeldOn", "Enter the date of the meeting"));

        var attendees = new List<MeetingAttendee>();
        foreach (var id in (input.FamilyContactIds ?? []).Distinct())
            if (contacts.TryGetValue(id, out var c)) attendees.Add(new(MeetingAttendee.Family, c.Name, c.Relationship, ContactId: id));
            else problems.Add(("Attendees", "A family member chosen is not one of this pupil's contacts"));
        foreach (var id in (input.StaffIds ?? []).Distinct())
            if (staff.TryGetValue(id, out var name)) attendees.Add(new(MeetingAttendee.Staff, name, "Staff", StaffId: id));
            else problems.Add(("Attendees", "A member of staff chosen is not staff of the pupil's school"));
        var others = (input.Others ?? []).Where(o => !string.IsNullOrWhiteSpace(o.Name) || !string.IsNullOrWhiteSpace(o.Role)).ToList();
        if (others.Count > MaxOthers) problems.Add(("Attendees", $"Name at most {MaxOthers} other people"));
        for (var i = 0; i < others.Count && i < MaxOthers; i++)
        {
            var name = Text(others[i].Name, $"Others-{i}-Name", $"Other person {i + 1}: name", 200, problems);
            var role = Text(others[i].Role, $"Others-{i}-Role", $"Other person {i + 1}: role", 200, problems);
            if (name is null) problems.Add(($"Others-{i}-Name", $"Other person {i + 1}: enter their name, or leave the row empty"));
            else attendees.Add(new(MeetingAttendee.Other, name, role ?? "Other"));
        }

        var barriers = new List<string>();
        foreach (var b in (input.Barriers ?? []).Where(b => !string.IsNullOrWhiteSpace(b)))
            if (AttendanceBarriers.Find(b) is { } code) { if (!barriers.Contains(code)) barriers.Add(code); }
            else problems.Add(("Barriers", $"\"{b}\" is not a barrier Pastoral knows: choose from {string.Join(", ", AttendanceBarriers.All.Select(x => x.Name))}"));
        var barrierNote = Text(input.BarrierNote, "BarrierNote", "More about the barriers", AttendanceMeeting.TextMax, problems);
        var discussed = Text(input.Discussed, "Discussed", "What was discussed", AttendanceMeeting.TextMax, problems);

        var actions = new List<MeetingAction>();
        var rows = (input.Actions ?? []).ToList();
        if (rows.Count > MaxActions) problems.Add(("Actions", $"Agree at most {MaxActions} actions in one meeting"));
        for (var i = 0; i < rows.Count && i < MaxActions; i++)
        {
            var r = rows[i];
            var text = Text(r.Action, $"Actions-{i}-Action", $"Action {i + 1}", 500, problems);
            var owner = Text(r.Owner, $"Actions-{i}-Owner", $"Action {i + 1}: who", 200, problems);
            var due = Date(r.DueOn, $"Actions-{i}-DueOn", $"action {i + 1}'s due date", problems);
            if (text is null && owner is null && due is null) continue; // an empty row is not an action
            if (text is null) problems.Add(($"Actions-{i}-Action", $"Action {i + 1}: enter what was agreed"));
            if (owner is null) problems.Add(($"Actions-{i}-Owner", $"Action {i + 1}: enter who will do it"));
            if (due is { } d && heldOn is { } h && d < h) problems.Add(($"Actions-{i}-DueOn", $"Action {i + 1}: the due date must be on or after the meeting ({Day(h)})"));
            if (text is not null && owner is not null) actions.Add(new(text, owner, due));
        }

        var review = Date(input.NextReviewOn, "NextReviewOn", "next review date", problems);
        if (review is { } rv && heldOn is { } held && rv < held)
            problems.Add(("NextReviewOn", $"The next review must be on or after the meeting ({Day(held)})"));

        if (heldOn is { } on && on > today && (barriers.Count > 0 || barrierNote is not null || discussed is not null || actions.Count > 0))
            problems.Add(("HeldOn", $"This meeting is on {Day(on)}, still to come: record the barriers, what was discussed and the actions after it is held, or arrange it now with the date and who is coming"));
        if (heldOn is { } past && past <= today && attendees.Count == 0)
            problems.Add(("Attendees", "Choose who came to the meeting"));
        if (problems.Count > 0) return (null, problems);
        return (new CheckedMeeting(heldOn!.Value, attendees, barriers, barrierNote, discussed, actions, review), problems);
    }

    public static string Day(DateOnly d) => d.ToString("ddd d MMM yyyy", CultureInfo.GetCultureInfo("en-GB"));

    public static DateOnly? Date(string? text, string field, string label, List<(string, string)> problems)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        problems.Add((field, $"Enter the {label} as a real date, such as 2026-11-30"));
        return null;
    }

    public static string? Text(string? text, string field, string label, int max, List<(string, string)> problems)
    {
        var t = text?.Trim();
        if (string.IsNullOrEmpty(t)) return null;
        if (t.Length > max) { problems.Add((field, $"{label} can be at most {max:N0} characters")); return null; }
        return t;
    }
}
