using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Rewards;

/// <summary>A new reward event as typed (numbers as text, so a mistyped one is a message, not a 400 from the binder).</summary>
public sealed record RewardEventInput(string? Name, string? HeldOn, IReadOnlyList<int>? YearGroups, string? Capacity, bool NoSuspension,
    string? MinAttendance, string? MinPositive, string? MaxNegative, bool NoMissedDetention);

public sealed record RewardEventWrite(IReadOnlyList<(string Field, string Message)> Problems, RewardEvent? Event, bool NotFound = false, bool Stale = false)
{
    public bool Saved => Event is not null && Problems.Count == 0 && !NotFound && !Stale;
}

/// <summary>
/// Reward events and trips: added for year groups the person sees (all of one school), and confirmed once: the chosen eligible
/// pupils are kept as <see cref="RewardInvitation"/>s (each audited on its pupil, on the timeline as "Invited to …"), so later
/// changes to the data do not change who goes.
/// </summary>
public sealed class RewardEvents(PastoralDbContext db, RewardEligibility eligibility, SchoolClock clock)
{
    public async Task<IReadOnlyList<RewardEvent>> ListAsync(StaffContext staff, CancellationToken ct) =>
        await db.Set<RewardEvent>().AsNoTracking().VisibleTo(staff).OrderByDescending(e => e.HeldOn).ThenBy(e => e.Name).ToListAsync(ct);

    /// <summary>An event of a school the person reaches (null: a 404).</summary>
    public Task<RewardEvent?> FindAsync(StaffContext staff, int id, CancellationToken ct) =>
        db.Set<RewardEvent>().AsNoTracking().VisibleTo(staff).FirstOrDefaultAsync(e => e.Id == id, ct);

    public async Task<List<(int Id, string Name, int SchoolId)>> YearGroupsAsync(StaffContext staff, CancellationToken ct) =>
        [.. (await db.VisibleYearGroups(staff).OrderBy(y => y.SchoolId).ThenBy(y => y.NcYear).Select(y => new { y.Id, y.Name, y.SchoolId }).ToListAsync(ct))
            .Select(y => (y.Id, y.Name, y.SchoolId))];

    public async Task<Dictionary<int, string>> YearNamesAsync(CancellationToken ct) =>
        await db.YearGroups.AsNoTracking().ToDictionaryAsync(y => y.Id, y => y.Name, ct);

    public async Task<RewardEventWrite> AddAsync(StaffContext staff, RewardEventInput input, CancellationToken ct)
    {
        var problems = new List<(string, string)>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0) problems.Add(("Name", "Enter the event's name."));
        else if (name.Length > RewardEvent.NameMax) problems.Add(("Name", $"The name can be at most {RewardEvent.NameMax} characters."));
        var heldOn = DateOnly.TryParseExact(input.HeldOn?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : (DateOnly?)null;
        if (heldOn is null) problems.Add(("HeldOn", "Enter the date of the event."));
        else if (heldOn < clock.Today()) problems.Add(("HeldOn", "Enter a date today or later."));
        var offered = await YearGroupsAsync(staff, ct);
        var chosen = offered.Where(y => input.YearGroups?.Contains(y.Id) == true).ToList();
        if (chosen.Count == 0) problems.Add(("YearGroups", "Choose at least one year group."));
        else if (chosen.Select(y => y.SchoolId).Distinct().Count() > 1) problems.Add(("YearGroups", "Choose year groups of one school."));
        var capacity = Whole(input.Capacity, "Capacity", "Places", 1, 10_000, problems);
        var attendance = (decimal?)null;
        if (!string.IsNullOrWhiteSpace(input.MinAttendance))
        {
            if (decimal.TryParse(input.MinAttendance.Trim().TrimEnd('%'), NumberStyles.Number, CultureInfo.InvariantCulture, out var a) && a is >= 0 and <= 100)
                attendance = Math.Round(a, 1);
            else problems.Add(("MinAttendance", "Enter the lowest attendance as a percentage from 0 to 100, such as 96."));
        }
        var positive = Whole(input.MinPositive, "MinPositive", "Positive points", 0, 100_000, problems);
        var negative = Whole(input.MaxNegative, "MaxNegative", "Negative points", 0, 100_000, problems);
        if (problems.Count > 0) return new(problems, null);
        var e = new RewardEvent
        {
            SchoolId = chosen[0].SchoolId, Name = name, HeldOn = heldOn!.Value, YearGroupIds = string.Join(',', chosen.Select(y => y.Id)),
            Capacity = capacity, NoSuspensionThisTerm = input.NoSuspension, MinAttendancePercent = attendance, MinPositivePoints = positive,
            MaxNegativePoints = negative, NoMissedDetention = input.NoMissedDetention, CreatedAt = clock.UtcNow, CreatedByName = staff.Name,
        };
        db.Add(e);
        await db.SaveChangesAsync(ct);
        return new([], e);
    }

    private static int? Whole(string? text, string field, string label, int min, int max, List<(string, string)> problems)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
        problems.Add((field, $"{label} must be a whole number from {min:N0} to {max:N0}."));
        return null;
    }

    /// <summary>Who is on the confirmed list (the snapshot), pupils the viewer sees only.</summary>
    public async Task<IReadOnlyList<RewardInvitation>> InvitedAsync(StaffContext staff, int eventId, CancellationToken ct) =>
        await db.Set<RewardInvitation>().AsNoTracking().VisibleTo(staff, db).Where(i => i.EventId == eventId).OrderBy(i => i.Year).ThenBy(i => i.Form).ThenBy(i => i.PupilName).ToListAsync(ct);

    /// <summary>
    /// Confirms the list: the chosen pupils must be eligible now, and no more than the places. Once confirmed it stays as it is.
    /// </summary>
    public async Task<RewardEventWrite> ConfirmAsync(StaffContext staff, int id, int version, IReadOnlyCollection<int> pupilIds, CancellationToken ct)
    {
        var e = await db.Set<RewardEvent>().VisibleTo(staff).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (e is null) return new([], null, NotFound: true);
        if (e.Version != version) return new([], e, Stale: true);
        if (e.ConfirmedAt is not null) return new([("Pupils", $"This list was confirmed by {e.ConfirmedByName}: it is kept as it was.")], null);
        var list = await eligibility.ForAsync(staff, e, ct);
        var chosen = list.Eligible.Where(r => pupilIds.Contains(r.PupilId)).ToList();
        if (chosen.Count == 0) return new([("Pupils", "Choose at least one eligible pupil.")], null);
        if (pupilIds.Any(p => chosen.All(c => c.PupilId != p))) return new([("Pupils", "Choose only pupils on the eligible list.")], null);
        if (e.Capacity is { } places && chosen.Count > places)
            return new([("Pupils", $"The event has {Counted.Of(places, "place")} and you chose {chosen.Count:N0}: untick {chosen.Count - places:N0}.")], null);
        var now = clock.UtcNow;
        e.ConfirmedAt = now;
        e.ConfirmedByName = staff.Name;
        foreach (var r in chosen)
            db.Add(new RewardInvitation
            {
                EventId = e.Id, PupilId = r.PupilId, SchoolId = e.SchoolId, EventName = e.Name, HeldOn = e.HeldOn, PupilName = r.Name, Upn = r.Upn,
                Year = r.Year, Form = r.Form, InvitedAt = now, InvitedByName = staff.Name,
            });
        await db.SaveChangesAsync(ct);
        return new([], e);
    }

    /// <summary>Records a certificate for each chosen pupil on the event's list (confirmed, or eligible now) and returns them for one PDF.</summary>
    public async Task<(IReadOnlyList<(string, string)> Problems, IReadOnlyList<RewardAward> Awards)> CertificatesAsync(StaffContext staff, RewardEvent e,
        IReadOnlyCollection<int> pupilIds, string? template, string? reason, RewardAwards awards, CancellationToken ct)
    {
        var problems = new List<(string, string)>();
        var wording = (await awards.TemplatesAsync(e.SchoolId, ct)).FirstOrDefault(t => t.Key == template);
        if (wording is null) problems.Add(("Template", "Choose a wording from the list."));
        var why = reason?.Trim() ?? "";
        if (why.Length == 0) problems.Add(("Reason", "Enter what the pupils are praised for."));
        else if (why.Length > RewardAward.ReasonMax) problems.Add(("Reason", $"The reason can be at most {RewardAward.ReasonMax} characters."));
        IEnumerable<int> onList = e.ConfirmedAt is null
            ? (await eligibility.ForAsync(staff, e, ct)).Eligible.Select(r => r.PupilId)
            : (await InvitedAsync(staff, e.Id, ct)).Select(i => i.PupilId);
        var chosen = onList.Where(pupilIds.Contains).ToList();
        if (chosen.Count == 0) problems.Add(("Pupils", "Choose at least one pupil on the list."));
        if (problems.Count > 0) return (problems, []);
        var pupils = await db.Pupils.AsNoTracking().VisibleTo(staff).Include(p => p.School).Where(p => chosen.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var today = clock.Today();
        var made = chosen.Where(pupils.ContainsKey).Select(id => RewardAwards.Write(staff, pupils[id], RewardFormat.Certificate, wording!, why, RewardSentHow.Printed,
            today, clock.UtcNow, e.Id)).ToList();
        db.AddRange(made);
        await db.SaveChangesAsync(ct);
        return ([], made);
    }
}
