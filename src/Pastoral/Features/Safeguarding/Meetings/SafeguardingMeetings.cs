using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Agencies;
using Pastoral.Features.Safeguarding.Triage;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Meetings;

public sealed record MeetingRow(int Id, int PupilId, MeetingType Type, string? TypeOther, DateTime HeldAt, bool Restricted)
{
    public string TypeWords => Type == MeetingType.Other && TypeOther is not null ? TypeOther : MeetingTypes.Words(Type);
}

public sealed record MeetingView(int Id, int PupilId, int SchoolId, MeetingType Type, string? TypeOther, DateTime HeldAt, IReadOnlyList<string> Attendees,
    string? Contribution, string? Minutes, string? Decisions, DateTime RecordedAt, string RecordedByName, bool Restricted, IReadOnlyList<ActionView> Actions)
{
    public string TypeWords => Type == MeetingType.Other && TypeOther is not null ? TypeOther : MeetingTypes.Words(Type);
    /// <summary>Each attendee with the staff account or agency it names, if any (for the API).</summary>
    public IReadOnlyList<MeetingAttendeeView> AttendeeDetails { get; init; } = [];
    public int Version { get; init; }
}

public sealed record MeetingAttendeeView(string Name, Guid? StaffId, int? AgencyId);

/// <summary>What the form and the API send. <see cref="HeldAt"/> is school-local "yyyy-MM-ddTHH:mm".</summary>
public sealed record MeetingInput(string? Type, string? TypeOther, string? HeldAt, IReadOnlyList<Guid>? Staff, IReadOnlyList<int>? Agencies, string? Others,
    string? Contribution, string? Minutes, string? Decisions);

/// <summary>
/// Multi-agency meetings (issue 10 item 5): recorded by a DSL or deputy of the pupil's school; a meeting of a restricted type is read only
/// through <see cref="RestrictedAccess"/> (audited), any other by staff who see the pupil. Which types are restricted is the school's
/// setting (<see cref="MeetingTypeSetting"/>): all by default, and CP conferences, strategy discussions and core groups always.
/// </summary>
public sealed class SafeguardingMeetings(PastoralDbContext db, RestrictedAccess restricted, SafeguardingActions actions, AgencyDirectory agencies, SchoolClock clock)
{
    public const string LocalFormat = "yyyy-MM-dd'T'HH:mm";

    /// <summary>The types a school has made not restricted.</summary>
    public static Task<List<MeetingType>> UnrestrictedAsync(PastoralDbContext db, int schoolId, CancellationToken ct) =>
        db.Set<MeetingTypeSetting>().AsNoTracking().Where(s => s.SchoolId == schoolId && !s.Restricted).Select(s => s.Type).ToListAsync(ct);

    /// <summary>The pupil's meetings this person may see: restricted ones only if they read them (each read audited), the rest if they see the pupil.</summary>
    public async Task<List<MeetingRow>> ForPupilAsync(StaffContext staff, int pupilId, CancellationToken ct)
    {
        var pupil = await db.Pupils.AsNoTracking().VisibleTo(staff).Where(p => p.Id == pupilId).Select(p => (int?)p.SchoolId).FirstOrDefaultAsync(ct);
        if (pupil is null) return [];
        var open = await UnrestrictedAsync(db, pupil.Value, ct);
        var rows = await db.Set<SafeguardingMeeting>().AsNoTracking().Where(m => m.PupilId == pupilId).OrderByDescending(m => m.HeldAt)
            .Select(m => new MeetingRow(m.Id, m.PupilId, m.Type, m.TypeOther, m.HeldAt, true)).ToListAsync(ct);
        var shown = new List<MeetingRow>();
        foreach (var r in rows)
        {
            if (!MeetingTypes.IsRestricted(r.Type, open)) shown.Add(r with { Restricted = false });
            else if (await restricted.ReadAsync(staff, SafeguardingMeeting.RecordOf(r.Id, pupilId), _ => Task.FromResult<MeetingRow?>(r), ct, "meetings list") is { } seen) shown.Add(seen);
        }
        return shown;
    }

    /// <summary>One meeting for this person, or null (not found, not visible, or restricted and not theirs to read).</summary>
    public async Task<MeetingView?> ReadAsync(StaffContext staff, int pupilId, int id, string via, CancellationToken ct)
    {
        var m = await db.Set<SafeguardingMeeting>().AsNoTracking().VisibleTo(staff, db).Where(x => x.Id == id && x.PupilId == pupilId)
            .Select(x => new { x.Type, x.SchoolId }).FirstOrDefaultAsync(ct);
        if (m is null) return null;
        if (!MeetingTypes.IsRestricted(m.Type, await UnrestrictedAsync(db, m.SchoolId, ct)))
        {
            // A pastoral record for staff who see the pupil; its actions stay restricted (their own records) for the DSLs.
            var plain = await LoadAsync(id, false, ct);
            return plain is null || RestrictedAccess.HoldsTier(staff, m.SchoolId) ? plain : plain with { Actions = [] };
        }
        return await restricted.ReadAsync(staff, SafeguardingMeeting.RecordOf(id, pupilId), c => LoadAsync(id, true, c), ct, via);
    }

    private async Task<MeetingView?> LoadAsync(int id, bool isRestricted, CancellationToken ct)
    {
        var m = await db.Set<SafeguardingMeeting>().AsNoTracking().Where(x => x.Id == id).Select(x => new
        {
            x.Id, x.PupilId, x.SchoolId, x.Type, x.TypeOther, x.HeldAt, x.Contribution, x.Minutes, x.Decisions, x.RecordedAt, x.RecordedByName, x.Version,
            Attendees = x.Attendees.OrderBy(a => a.Id).Select(a => new MeetingAttendeeView(a.Name, a.StaffId, a.AgencyId)).ToList(),
        }).FirstOrDefaultAsync(ct);
        if (m is null) return null;
        return new MeetingView(m.Id, m.PupilId, m.SchoolId, m.Type, m.TypeOther, m.HeldAt, [.. m.Attendees.Select(a => a.Name)], m.Contribution, m.Minutes,
            m.Decisions, m.RecordedAt, m.RecordedByName, isRestricted, await actions.OfSourceAsync(ActionSource.Meeting, m.Id, ct)) { AttendeeDetails = m.Attendees, Version = m.Version };
    }

    /// <summary>A meeting's fields as checked: what <see cref="CheckAsync"/> hands back when all is well.</summary>
    public sealed record CheckedMeeting(MeetingType Type, string? TypeOther, DateTime HeldAt, List<SafeguardingMeetingAttendee> Attendees,
        string? Contribution, string? Minutes, string? Decisions);

    /// <summary>Checks a meeting for a pupil of <paramref name="school"/>: every problem at once, keyed by field; nothing saved.</summary>
    public async Task<(CheckedMeeting? Meeting, Dictionary<string, string> Errors)> CheckAsync(int school, int pupilId, MeetingInput input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        MeetingType type = default;
        if (!TryType(input.Type, out type)) errors["type"] = "Choose the type of meeting.";
        var other = Clip(input.TypeOther);
        if (type == MeetingType.Other && other is null && !errors.ContainsKey("type")) errors["typeOther"] = "Say what kind of meeting it was.";
        if (other?.Length > 200) errors["typeOther"] = "The kind of meeting can be at most 200 characters.";
        DateTime heldAt = default;
        if (string.IsNullOrWhiteSpace(input.HeldAt) || !DateTime.TryParseExact(input.HeldAt.Trim(), LocalFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            errors["heldAt"] = "Enter the date and time of the meeting.";
        else heldAt = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), SchoolClock.London);
        foreach (var (key, label, value) in new[] { ("contribution", "The school's contribution", input.Contribution), ("minutes", "The minutes", input.Minutes), ("decisions", "The decisions", input.Decisions) })
            if (value?.Trim().Length > SafeguardingMeeting.TextMax) errors[key] = $"{label} can be at most {SafeguardingMeeting.TextMax} characters.";
        var attendees = new List<SafeguardingMeetingAttendee>();
        var staffOf = await actions.OwnerChoicesAsync(school, ct);
        foreach (var id in input.Staff ?? [])
        {
            var match = staffOf.FirstOrDefault(s => s.Key == id);
            if (match.Value is null) { errors["staff"] = "Choose attending staff from the school's staff."; break; }
            attendees.Add(new SafeguardingMeetingAttendee { PupilId = pupilId, StaffId = id, Name = match.Value });
        }
        foreach (var id in input.Agencies ?? [])
        {
            var (agency, problem) = await agencies.UsableAsync(id, school, ct);
            if (agency is null) { errors["agencies"] = problem ?? "Choose agencies from the directory."; break; }
            attendees.Add(new SafeguardingMeetingAttendee { PupilId = pupilId, AgencyId = id, Name = agency.Label });
        }
        foreach (var line in (input.Others ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))
        {
            if (line.Length > SafeguardingMeetingAttendee.NameMax) { errors["others"] = $"Each other attendee can be at most {SafeguardingMeetingAttendee.NameMax} characters."; break; }
            attendees.Add(new SafeguardingMeetingAttendee { PupilId = pupilId, Name = line });
        }
        return errors.Count > 0 ? (null, errors) : (new(type, type == MeetingType.Other ? other : null, heldAt, attendees, Clip(input.Contribution),
            Clip(input.Minutes), Clip(input.Decisions)), errors);
    }

    /// <summary>A type by its name ("CoreGroup") or in the words ("Core group"), any case.</summary>
    public static bool TryType(string? given, out MeetingType type)
    {
        type = default;
        if (string.IsNullOrWhiteSpace(given)) return false;
        var words = Enum.GetValues<MeetingType>().Where(t => MeetingTypes.Words(t).Equals(given.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
        if (words.Count == 1) { type = words[0]; return true; }
        return Enum.TryParse(given.Replace(" ", "", StringComparison.Ordinal), true, out type) && Enum.IsDefined(type) && !int.TryParse(given, out _);
    }

    /// <summary>
    /// Records a meeting (a DSL or deputy of the pupil's school), with its actions if any: every problem at once, keyed by field (an
    /// action's as <c>actions[i].field</c>); nothing saved unless all is well, and then the meeting and its actions together.
    /// </summary>
    public async Task<(int? Id, Dictionary<string, string> Errors, bool Found)> AddAsync(StaffContext staff, int pupilId, MeetingInput input, CancellationToken ct,
        IReadOnlyList<ActionInput>? withActions = null)
    {
        if (await restricted.TierSchoolAsync(staff, pupilId, ct) is not { } school) return (null, [], false);
        var (m, errors) = await CheckAsync(school, pupilId, input, ct);
        foreach (var (action, i) in (withActions ?? []).Select((a, i) => (a, i)))
            foreach (var (key, message) in (await actions.CheckAsync(school, action, ct)).Errors) errors[$"actions[{i}].{key}"] = message;
        if (m is null || errors.Count > 0) return (null, errors, true);
        var meeting = new SafeguardingMeeting
        {
            PupilId = pupilId, SchoolId = school, Type = m.Type, TypeOther = m.TypeOther, HeldAt = m.HeldAt, Contribution = m.Contribution, Minutes = m.Minutes,
            Decisions = m.Decisions, RecordedAt = clock.UtcNow, RecordedByName = staff.Name, Attendees = m.Attendees,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(meeting);
        await db.SaveChangesAsync(ct);
        foreach (var action in withActions ?? [])
        {
            var added = await actions.AddAsync(staff, pupilId, ActionSource.Meeting, meeting.Id, action, ct);
            if (!added.Saved) { await tx.RollbackAsync(ct); db.ChangeTracker.Clear(); return (null, added.Errors.ToDictionary(e => $"actions.{e.Key}", e => e.Value), true); }
        }
        await tx.CommitAsync(ct);
        return (meeting.Id, errors, true);
    }

    /// <summary>
    /// Meetings from <paramref name="from"/> on that this person may read (restricted ones in their schools as DSL or deputy, the rest for
    /// pupils they see), soonest first: for the DSL dashboard. Not audited here: a page that shows them audits what it lists.
    /// </summary>
    public static Task<List<MeetingRow>> UpcomingForAsync(PastoralDbContext db, StaffContext staff, DateTime from, CancellationToken ct)
    {
        var tier = RestrictedAccess.TierSchools(staff);
        var always = MeetingTypes.AlwaysRestricted.ToList();
        var open = db.Set<MeetingTypeSetting>().Where(s => !s.Restricted);
        return db.Set<SafeguardingMeeting>().AsNoTracking().VisibleTo(staff, db).Where(m => m.HeldAt >= from)
            .Select(m => new { m, Restricted = always.Contains(m.Type) || !open.Any(s => s.SchoolId == m.SchoolId && s.Type == m.Type) })
            .Where(x => !x.Restricted || tier.Contains(x.m.SchoolId))
            .OrderBy(x => x.m.HeldAt).Select(x => new MeetingRow(x.m.Id, x.m.PupilId, x.m.Type, x.m.TypeOther, x.m.HeldAt, x.Restricted)).ToListAsync(ct);
    }

    /// <summary>Sets which types are restricted for a school (DSL or deputy of it). The always-restricted types cannot be changed.</summary>
    public async Task<bool> SaveSettingsAsync(StaffContext staff, int schoolId, IReadOnlyCollection<MeetingType> restrictedTypes, CancellationToken ct)
    {
        if (!RestrictedAccess.HoldsTier(staff, schoolId)) return false;
        var rows = await db.Set<MeetingTypeSetting>().Where(s => s.SchoolId == schoolId).ToListAsync(ct);
        foreach (var type in Enum.GetValues<MeetingType>().Where(t => !MeetingTypes.AlwaysRestricted.Contains(t)))
        {
            var row = rows.FirstOrDefault(r => r.Type == type);
            var wantRestricted = restrictedTypes.Contains(type);
            if (wantRestricted && row is not null) db.Remove(row);
            else if (!wantRestricted && row is null) db.Add(new MeetingTypeSetting { SchoolId = schoolId, Type = type, Restricted = false });
        }
        await db.SaveChangesAsync(ct);
        return true;
    }

    internal static string? Clip(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim().ReplaceLineEndings("\n");
}
