using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Attendance;
using Pastoral.Features.Pupils;
using Pastoral.Features.Safeguarding;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Exclusions;

/// <summary>Who must be told about a suspension. <see cref="SocialWorker"/> says only that; <see cref="SocialWorkerWhy"/> is filled for readers of the CP/CIN record.</summary>
public sealed record NoticesDue(bool VirtualSchoolHead, bool SocialWorker, string? SocialWorkerWhy);

/// <summary>What was recorded after the decision: who was told, the 6th-day provision and the reintegration meeting.</summary>
public sealed record FollowUpInput(string? ParentsNotifiedOn, string? ParentsNotifiedHow, string? LocalAuthorityNotifiedOn, string? SocialWorkerNotifiedOn,
    string? VirtualSchoolHeadNotifiedOn, string? ProvisionWhere, string? ProvisionWhat, string? ReintegrationOn, string? ReintegrationAttendees, string? ReintegrationTargets);

/// <summary>A session a confirmed suspension suggests code E for, with the mark it has now (null: none).</summary>
public sealed record ESession(DateOnly Date, Session Session, string? Current);

/// <summary>
/// After the decision: the notices due (the social worker only as "also notify the social worker" unless the viewer may read the
/// CP/CIN record, read through <see cref="ChildProtection"/> and so audited), recording who was told, the 6th-day provision and
/// the reintegration meeting, and code E for the suspended sessions written through <see cref="AttendanceMarkWriter"/>.
/// </summary>
public sealed class SuspensionFollowUp(PastoralDbContext db, ChildProtection childProtection, Suspensions suspensions, AttendanceMarkWriter marks, SchoolClock clock)
{
    public const int TextMax = 2000;

    public async Task<NoticesDue> DueAsync(StaffContext staff, Pupil pupil, CancellationToken ct)
    {
        var priority = (await childProtection.PriorityAmongAsync([pupil.Id], ct)).Contains(pupil.Id);
        string? why = null;
        if (priority && staff.May(StaffAction.ReadSafeguarding)
            && await childProtection.ReadCurrentAsync(staff, pupil.Id, ct, "suspension notices") is { } cp)
            why = $"{cp.StatusWords}{(cp.SocialWorkerName is { } n ? $": {n}" : "")}";
        return new NoticesDue(pupil.LookedAfter == LookedAfterStatus.Lac, priority, why);
    }

    public async Task<SuspensionWrite> RecordAsync(StaffContext staff, int pupilId, int id, int basedOn, FollowUpInput input, CancellationToken ct)
    {
        var row = await db.Set<Suspension>().VisibleTo(staff, db).FirstOrDefaultAsync(s => s.Id == id && s.PupilId == pupilId, ct);
        if (row is null) return SuspensionWrite.Missing;
        if (row.Version != basedOn) return new SuspensionWrite([], [], row, Stale: true);
        var problems = new List<(string, string)>();
        var today = clock.Today();
        DateOnly? Date(string? text, string field, string what)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            if (Suspensions.ParseDate(text) is not { } d) { problems.Add((field, $"Enter {what} as a real date.")); return null; }
            if (d > today && field != nameof(FollowUpInput.ReintegrationOn)) { problems.Add((field, $"Enter {what} today or earlier: it records something done.")); return null; }
            return d;
        }
        string? Text(string? text, string field, string what)
        {
            var t = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
            if (t is { Length: > TextMax }) problems.Add((field, $"{what} can be at most {TextMax:N0} characters."));
            return t;
        }
        var parents = Date(input.ParentsNotifiedOn, nameof(input.ParentsNotifiedOn), "the day parents were told");
        var how = Text(input.ParentsNotifiedHow, nameof(input.ParentsNotifiedHow), "How parents were told");
        if (parents is not null && how is null) problems.Add((nameof(input.ParentsNotifiedHow), "Say how parents were told (phone call, letter, meeting…)."));
        var la = Date(input.LocalAuthorityNotifiedOn, nameof(input.LocalAuthorityNotifiedOn), "the day the local authority was told");
        var sw = Date(input.SocialWorkerNotifiedOn, nameof(input.SocialWorkerNotifiedOn), "the day the social worker was told");
        var vsh = Date(input.VirtualSchoolHeadNotifiedOn, nameof(input.VirtualSchoolHeadNotifiedOn), "the day the virtual school head was told");
        var where = Text(input.ProvisionWhere, nameof(input.ProvisionWhere), "Where");
        var what = Text(input.ProvisionWhat, nameof(input.ProvisionWhat), "What");
        if (what is not null && where is null) problems.Add((nameof(input.ProvisionWhere), "Say where the pupil is taught from the 6th day."));
        var meeting = Date(input.ReintegrationOn, nameof(input.ReintegrationOn), "the reintegration meeting");
        var attendees = Text(input.ReintegrationAttendees, nameof(input.ReintegrationAttendees), "Who attended");
        var targets = Text(input.ReintegrationTargets, nameof(input.ReintegrationTargets), "Targets");
        if (meeting is { } m && m < row.StartsOn) problems.Add((nameof(input.ReintegrationOn), "The reintegration meeting cannot be before the suspension starts."));
        if (problems.Count > 0) return new SuspensionWrite(problems, [], null);

        if (parents is { } p)
        {
            var at = DateTime.SpecifyKind(p.ToDateTime(TimeOnly.MinValue), DateTimeKind.Utc);
            if (row.ParentsNotifiedAt?.Date != at.Date || row.ParentsNotifiedHow != how) { row.ParentsNotifiedAt = at; row.ParentsNotifiedHow = how; row.ParentsNotifiedByName = staff.Name; }
        }
        else (row.ParentsNotifiedAt, row.ParentsNotifiedHow, row.ParentsNotifiedByName) = (null, null, null);
        (row.LocalAuthorityNotifiedOn, row.SocialWorkerNotifiedOn, row.VirtualSchoolHeadNotifiedOn) = (la, sw, vsh);
        (row.ProvisionWhere, row.ProvisionWhat) = (where, what);
        (row.ReintegrationOn, row.ReintegrationAttendees, row.ReintegrationTargets) = (meeting, attendees, targets);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new SuspensionWrite([], [], await db.Set<Suspension>().AsNoTracking().FirstAsync(x => x.Id == id, ct), Stale: true);
        }
        return new SuspensionWrite([], [], row);
    }

    /// <summary>
    /// The sessions a confirmed suspension suggests E for that do not have it yet: both sessions of each day of a fixed-period
    /// suspension, and of each school day of a permanent exclusion up to the day off roll (or today while it is not set). A
    /// lunchtime suspension suggests none: the pupil is back for the afternoon register.
    /// </summary>
    public async Task<IReadOnlyList<ESession>> SuggestedAsync(Suspension s, CancellationToken ct)
    {
        if (s.Status != SuspensionStatus.Confirmed || s.Type == SuspensionType.Lunchtime) return [];
        IReadOnlyList<SuspensionDay> days = s.Type == SuspensionType.Permanent
            ? await suspensions.DaysOfAsync(new Suspension { SchoolId = s.SchoolId, StartsOn = s.StartsOn, Type = s.Type, RemovedFromRollOn = s.RemovedFromRollOn ?? Max(clock.Today(), s.StartsOn) }, ct)
            : await suspensions.DaysOfAsync(s, ct);
        var dates = days.Select(d => d.Date).ToList();
        if (dates.Count == 0) return [];
        var (from, to) = (dates.Min(), dates.Max());
        var existing = await db.Set<AttendanceMark>().AsNoTracking().Where(m => m.PupilId == s.PupilId && m.Date >= from && m.Date <= to)
            .Select(m => new { m.Date, m.Session, m.Code }).ToListAsync(ct);
        var current = existing.ToDictionary(m => (m.Date, m.Session), m => m.Code);
        return [.. dates.SelectMany(d => new[] { Session.Am, Session.Pm }.Select(x => new ESession(d, x, current.GetValueOrDefault((d, x)))))
            .Where(x => x.Current != "E")];
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    /// <summary>Writes E for the suggested sessions, with the suspension as the reason (which a different mark needs to be replaced).</summary>
    public async Task<MarkWriteResult> RecordEAsync(StaffContext staff, Suspension s, CancellationToken ct)
    {
        var sessions = await SuggestedAsync(s, ct);
        if (sessions.Count == 0) return new MarkWriteResult([new MarkProblem(-1, "marks", "Every session of this suspension already has E.")], 0, 0, 0);
        var reason = $"{SuspensionWords.Label(s.Type)} from {SuspensionWords.Day(s.StartsOn)} (suspension {s.Id})";
        return await marks.WriteAsync(staff, [.. sessions.Select(x => new MarkInput(s.PupilId, x.Date, x.Session, "E", null, reason))], MarkSource.Suspension,
            $"Suspension {s.Id}: code E", ct);
    }
}
