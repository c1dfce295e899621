using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Agencies;
using Pastoral.Features.Plans;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Security;
using static Pastoral.Features.Attendance.Support.MeetingRules;

namespace Pastoral.Features.Behaviour.Provision;

/// <summary>
/// The one place that checks and saves alternative-provision placements, part-time timetables and managed moves, for the pages
/// and the API alike. Problems come back by field in staff's words and nothing is saved; each save is audited by the DbContext.
/// </summary>
public sealed class ProvisionBook(PastoralDbContext db, AgencyDirectory directory, PlanBook plans, SchoolClock clock)
{
    public const string ProviderKind = "alternative-provision";
    /// <summary>The attendance codes a school records for sessions at an alternative provider.</summary>
    public static readonly IReadOnlyList<string> PlacementCodes = ["B", "D"];
    public const int TextMax = ApPlacement.TextMax;

    public Task<Pupil?> FindPupilAsync(StaffContext staff, int pupilId, CancellationToken ct) =>
        db.Pupils.AsNoTracking().VisibleTo(staff).Include(p => p.School).FirstOrDefaultAsync(p => p.Id == pupilId, ct);

    public Task<IReadOnlyList<AgencyChoice>> ProvidersAsync(int schoolId, CancellationToken ct) => directory.ChoicesForSchoolAsync(schoolId, ProviderKind, ct);

    public Task<Dictionary<Guid, string>> StaffOfSchoolAsync(int schoolId, CancellationToken ct) => plans.StaffOfSchoolAsync(schoolId, ct);

    public async Task<ProvisionWrite> AddPlacementAsync(StaffContext staff, int pupilId, PlacementInput input, CancellationToken ct)
    {
        if (await FindPupilAsync(staff, pupilId, ct) is not { } pupil) return ProvisionWrite.Missing;
        var problems = new List<(string, string)>();
        var provider = await ProviderAsync(input.Provider, pupil.SchoolId, problems, ct);
        var sessions = Sessions(input.Sessions, "Sessions", "Choose the sessions the pupil spends at the provider", problems);
        var start = Date(input.StartOn, "StartOn", "start date", problems);
        if (start is null && !Has(problems, "StartOn")) problems.Add(("StartOn", "Enter the date the placement starts"));
        var end = Date(input.EndOn, "EndOn", "end date", problems);
        if (end < start) problems.Add(("EndOn", $"The end date must be on or after the start ({Day(start!.Value)})"));
        var review = Date(input.ReviewOn, "ReviewOn", "review date", problems);
        if (review < start) problems.Add(("ReviewOn", $"The review date must be on or after the start ({Day(start!.Value)})"));
        var code = input.AttendanceCode?.Trim().ToUpperInvariant();
        if (code is null || !PlacementCodes.Contains(code))
            problems.Add(("AttendanceCode", "Choose the attendance code for those sessions: B (educated off-site) or D (dual registered)"));
        var reason = Required(input.Reason, "Reason", "Reason", "Say why the pupil is placed at alternative provision", problems);
        var hours = Text(input.Hours, "Hours", "Times", 100, problems);
        var contact = Text(input.ContactName, "ContactName", "Contact at the provider", 200, problems);
        var phone = Text(input.ContactPhone, "ContactPhone", "Contact's phone", 40, problems);
        var email = Text(input.ContactEmail, "ContactEmail", "Contact's e-mail", 200, problems);
        if (email is not null && !MailQueue.IsAddress(email)) problems.Add(("ContactEmail", "Enter the contact's e-mail address, such as name@provider.org.uk"));
        var cost = Cost(input.WeeklyCost, problems);
        if (problems.Count > 0) return new ProvisionWrite(null, problems);
        var row = new ApPlacement
        {
            PupilId = pupil.Id, SchoolId = pupil.SchoolId, ProviderId = provider!.Id, ProviderName = provider.Label, Sessions = sessions, Hours = hours,
            StartOn = start!.Value, EndOn = end, ContactName = contact, ContactPhone = phone, ContactEmail = email, AttendanceCode = code!, Reason = reason!,
            ReviewOn = review, WeeklyCost = cost, IncidentId = input.IncidentId, RecordedAt = clock.UtcNow, RecordedByName = staff.Name,
        };
        db.Add(row);
        await db.SaveChangesAsync(ct);
        return ProvisionWrite.Saved(row.Id);
    }

    public async Task<ProvisionWrite> AddPartTimeAsync(StaffContext staff, int pupilId, PartTimeInput input, CancellationToken ct)
    {
        if (await FindPupilAsync(staff, pupilId, ct) is not { } pupil) return ProvisionWrite.Missing;
        var problems = new List<(string, string)>();
        var reason = Required(input.Reason, "Reason", "Reason", "Say why the pupil needs a part-time timetable", problems);
        var sessions = Sessions(input.Sessions, "Sessions", "Choose the sessions the pupil attends", problems);
        if (sessions == WeekSessions.All) problems.Add(("Sessions", "Every session is chosen: a part-time timetable leaves out at least one"));
        var start = Date(input.StartOn, "StartOn", "start date", problems);
        if (start is null && !Has(problems, "StartOn")) problems.Add(("StartOn", "Enter the date the part-time timetable starts"));
        var review = Date(input.ReviewOn, "ReviewOn", "review date", problems);
        if (review is null && !Has(problems, "ReviewOn")) problems.Add(("ReviewOn", "Enter a review date: a part-time timetable must be time-limited and reviewed"));
        if (review < start) problems.Add(("ReviewOn", $"The review date must be on or after the start ({Day(start!.Value)})"));
        var end = Date(input.EndOn, "EndOn", "end date", problems);
        if (end < start) problems.Add(("EndOn", $"The end date must be on or after the start ({Day(start!.Value)})"));
        if (!input.ParentsAgreed) problems.Add(("ParentsAgreed", "Record that the parents agreed: a part-time timetable needs their agreement"));
        var agreedOn = Date(input.ParentsAgreedOn, "ParentsAgreedOn", "date the parents agreed", problems);
        if (agreedOn > clock.Today()) problems.Add(("ParentsAgreedOn", "The date the parents agreed cannot be in the future"));
        var agreedBy = Text(input.ParentsAgreedBy, "ParentsAgreedBy", "Who agreed", 200, problems);
        var reviewerId = input.ReviewerId ?? staff.UserId;
        var staffOfSchool = await StaffOfSchoolAsync(pupil.SchoolId, ct);
        if (!staffOfSchool.TryGetValue(reviewerId, out var reviewerName))
            problems.Add(("ReviewerId", "The reviewer must be a member of staff of the pupil's school"));
        if (problems.Count > 0) return new ProvisionWrite(null, problems);
        var row = new PartTimeTimetable
        {
            PupilId = pupil.Id, SchoolId = pupil.SchoolId, Reason = reason!, Sessions = sessions, StartOn = start!.Value, ReviewOn = review!.Value, EndOn = end,
            ParentsAgreed = true, ParentsAgreedOn = agreedOn ?? clock.Today(), ParentsAgreedBy = agreedBy, ReviewerId = reviewerId, ReviewerName = reviewerName!,
            IncidentId = input.IncidentId, RecordedAt = clock.UtcNow, RecordedByName = staff.Name,
        };
        db.Add(row);
        await db.SaveChangesAsync(ct);
        return ProvisionWrite.Saved(row.Id);
    }

    /// <summary>A review of a part-time timetable: the next review date, or the end date (back to full time).</summary>
    public async Task<ProvisionWrite> ReviewPartTimeAsync(StaffContext staff, int pupilId, int id, PartTimeReviewInput input, CancellationToken ct)
    {
        if (await FindPupilAsync(staff, pupilId, ct) is null) return ProvisionWrite.Missing;
        var row = await db.Set<PartTimeTimetable>().FirstOrDefaultAsync(t => t.Id == id && t.PupilId == pupilId, ct);
        if (row is null) return ProvisionWrite.Missing;
        if (row.Version != input.Version) return ProvisionWrite.Conflict;
        var problems = new List<(string, string)>();
        var next = Date(input.NextReviewOn, "NextReviewOn", "next review date", problems);
        var end = Date(input.EndOn, "EndOn", "end date", problems);
        var note = Text(input.Note, "Note", "What the review decided", TextMax, problems);
        if (next is null && end is null && problems.Count == 0) problems.Add(("NextReviewOn", "Enter the next review date, or the date it ends"));
        if (next < clock.Today()) problems.Add(("NextReviewOn", "The next review must be today or later"));
        if (end < row.StartOn) problems.Add(("EndOn", $"The end date must be on or after the start ({Day(row.StartOn)})"));
        if (problems.Count > 0) return new ProvisionWrite(null, problems);
        if (next is { } n) row.ReviewOn = n;
        if (end is not null) row.EndOn = end;
        row.LastReviewNote = note;
        await db.SaveChangesAsync(ct);
        return ProvisionWrite.Saved(row.Id);
    }

    public async Task<ProvisionWrite> AddMoveAsync(StaffContext staff, int pupilId, MoveInput input, CancellationToken ct)
    {
        if (await FindPupilAsync(staff, pupilId, ct) is not { } pupil) return ProvisionWrite.Missing;
        var problems = new List<(string, string)>();
        var other = Required(input.OtherSchool, "OtherSchool", "The other school", "Enter the other school's name", problems);
        var urn = Text(input.OtherSchoolUrn, "OtherSchoolUrn", "URN", 6, problems);
        if (urn is not null && (urn.Length != 6 || !urn.All(char.IsAsciiDigit))) problems.Add(("OtherSchoolUrn", "A URN is six digits, such as 136512"));
        var direction = ProvisionWords.ParseDirection(input.Direction);
        if (direction is null) problems.Add(("Direction", "Choose the direction: out from us or in to us"));
        var start = Date(input.TrialStartOn, "TrialStartOn", "trial start date", problems);
        if (start is null && !Has(problems, "TrialStartOn")) problems.Add(("TrialStartOn", "Enter the date the trial starts"));
        var end = Date(input.TrialEndOn, "TrialEndOn", "trial end date", problems);
        if (end is null && !Has(problems, "TrialEndOn")) problems.Add(("TrialEndOn", "Enter the date the trial ends"));
        if (end <= start) problems.Add(("TrialEndOn", $"The trial must end after it starts ({Day(start!.Value)})"));
        var reason = Text(input.Reason, "Reason", "Reason", TextMax, problems);
        if (problems.Count > 0) return new ProvisionWrite(null, problems);
        var row = new ManagedMove
        {
            PupilId = pupil.Id, SchoolId = pupil.SchoolId, OtherSchool = other!, OtherSchoolUrn = urn, Direction = direction!.Value, TrialStartOn = start!.Value,
            TrialEndOn = end!.Value, Outcome = MoveOutcome.Ongoing, Reason = reason, IncidentId = input.IncidentId, RecordedAt = clock.UtcNow, RecordedByName = staff.Name,
        };
        db.Add(row);
        await db.SaveChangesAsync(ct);
        return ProvisionWrite.Saved(row.Id);
    }

    /// <summary>A review meeting of a managed move, and the outcome if it changed (both in one save, the move's version checked).</summary>
    public async Task<ProvisionWrite> ReviewMoveAsync(StaffContext staff, int pupilId, int moveId, MoveReviewInput input, CancellationToken ct)
    {
        if (await FindPupilAsync(staff, pupilId, ct) is null) return ProvisionWrite.Missing;
        var move = await db.Set<ManagedMove>().FirstOrDefaultAsync(m => m.Id == moveId && m.PupilId == pupilId, ct);
        if (move is null) return ProvisionWrite.Missing;
        if (move.Version != input.Version) return ProvisionWrite.Conflict;
        var problems = new List<(string, string)>();
        var held = Date(input.HeldOn, "HeldOn", "meeting date", problems);
        if (held is null && !Has(problems, "HeldOn")) problems.Add(("HeldOn", "Enter the date of the review meeting"));
        if (held > clock.Today()) problems.Add(("HeldOn", "Record a review meeting once it has been held (the date is in the future)"));
        if (held < move.TrialStartOn) problems.Add(("HeldOn", $"The review meeting must be on or after the trial starts ({Day(move.TrialStartOn)})"));
        var attended = Required(input.Attended, "Attended", "Who attended", "Enter who attended the meeting", problems);
        var notes = Text(input.Notes, "Notes", "Notes", TextMax, problems);
        var outcome = string.IsNullOrWhiteSpace(input.Outcome) ? move.Outcome : ProvisionWords.ParseOutcome(input.Outcome);
        if (outcome is null) problems.Add(("Outcome", "Choose the outcome: ongoing, successful or unsuccessful"));
        if (problems.Count > 0) return new ProvisionWrite(null, problems);
        db.Add(new ManagedMoveReview
        {
            ManagedMoveId = move.Id, PupilId = move.PupilId, SchoolId = move.SchoolId, HeldOn = held!.Value, Attended = attended!, Notes = notes,
            RecordedAt = clock.UtcNow, RecordedByName = staff.Name,
        });
        // A review changes the move: its version moves on, so a second person's review from the same version is a conflict.
        db.Entry(move).Property(m => m.Version).IsModified = true;
        if (outcome != move.Outcome)
        {
            move.Outcome = outcome!.Value;
            move.OutcomeOn = outcome == MoveOutcome.Ongoing ? null : held;
        }
        await db.SaveChangesAsync(ct);
        return ProvisionWrite.Saved(move.Id);
    }

    private async Task<AgencyChoice?> ProviderAsync(string? text, int schoolId, List<(string, string)> problems, CancellationToken ct)
    {
        var key = text?.Trim();
        if (string.IsNullOrEmpty(key)) { problems.Add(("Provider", "Choose the alternative provider")); return null; }
        AgencyChoice? found = null;
        if (int.TryParse(key, CultureInfo.InvariantCulture, out var id))
        {
            var (agency, problem) = await directory.UsableAsync(id, schoolId, ct);
            if (problem is not null) { problems.Add(("Provider", problem)); return null; }
            found = agency;
        }
        else
        {
            var named = (await directory.ChoicesForSchoolAsync(schoolId, null, ct))
                .Where(a => string.Equals(a.Name, key, StringComparison.OrdinalIgnoreCase) || string.Equals(a.Label, key, StringComparison.OrdinalIgnoreCase)).ToList();
            found = named.FirstOrDefault(a => a.Kind == ProviderKind) ?? named.FirstOrDefault();
            if (found is null) { problems.Add(("Provider", $"No provider called \"{key}\" in the agency directory")); return null; }
        }
        if (found!.Kind != ProviderKind)
        {
            problems.Add(("Provider", $"{found.Label} is not an alternative provider: choose one of the directory's alternative providers"));
            return null;
        }
        return found;
    }

    private static int Sessions(IReadOnlyList<string>? keys, string field, string none, List<(string, string)> problems)
    {
        var (mask, unknown) = WeekSessions.Parse(keys);
        if (unknown.Count > 0) problems.Add((field, $"Sessions are mon-am … fri-pm; not understood: {string.Join(", ", unknown)}"));
        else if (mask == 0) problems.Add((field, none));
        return mask;
    }

    private static decimal? Cost(string? text, List<(string, string)> problems)
    {
        var t = text?.Trim().TrimStart('£').Replace(",", "");
        if (string.IsNullOrEmpty(t)) return null;
        if (decimal.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var cost) && cost <= 100_000 && decimal.Round(cost, 2) == cost)
            return cost;
        problems.Add(("WeeklyCost", "Enter the cost per week in pounds, such as 240 or 240.50"));
        return null;
    }

    private static string? Required(string? text, string field, string label, string missing, List<(string, string)> problems)
    {
        var value = Text(text, field, label, TextMax, problems);
        if (value is null && !Has(problems, field)) problems.Add((field, missing));
        return value;
    }

    private static bool Has(List<(string Field, string)> problems, string field) => problems.Any(p => p.Field == field);
}
