using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Mentoring;
using Pastoral.Features.Mentoring.Goals;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Interventions.Provisions;

public sealed record AttendanceInput(string? Pupil, bool Present);

/// <param name="Status">delivered or cancelled.</param>
/// <param name="CancelReason">pupil absent, staff absent, trip or other (a cancelled session).</param>
/// <param name="Mode">in person, online or phone; by default online when the provision has a link, else in person.</param>
public sealed record SessionInput(string? HeldOn, string? Status, string? CancelReason, string? Mode, int? DurationMinutes,
    IReadOnlyList<string>? FocusAreas, string? Notes, string? NextSteps, IReadOnlyList<AttendanceInput>? Attendance);

/// <summary>A session as the viewer may see it: the notes of a group session only when the viewer sees every pupil who was there.</summary>
public sealed record SessionView(int Id, DateOnly HeldOn, SessionStatus Status, CancelReason? CancelReason, ContactMode Mode, int DurationMinutes,
    string FocusAreas, string? Notes, string? NextSteps, int Present, int Absent, string RecordedByName)
{
    /// <summary>The pupils the viewer sees who were on the register, with "(absent)" where they were not there.</summary>
    public string Who { get; init; } = "";

    /// <summary>The pupils the viewer sees who were present: whom "Set a goal from this session" is offered for.</summary>
    public IReadOnlyList<SessionPupil> Attended { get; init; } = [];
}

/// <summary>The one write path for a provision's sessions (the session log a mentor completes in under a minute) and the read that hides group notes.</summary>
public sealed class SessionLog(PastoralDbContext db, SchoolClock clock)
{
    public static readonly string[] CommonFocus = ["Confidence", "Resilience", "Communication", "Engagement", "Emotional regulation", "Friendships", "Attendance", "Goal-setting"];

    public static string CancelWords(CancelReason r) => r switch
    {
        Interventions.CancelReason.PupilAbsent => "pupil absent", Interventions.CancelReason.StaffAbsent => "staff absent", Interventions.CancelReason.Trip => "trip", _ => "other",
    };

    public static ContactMode DefaultMode(Provision p) => string.IsNullOrWhiteSpace(p.OnlineLink) ? ContactMode.InPerson : ContactMode.Online;

    /// <summary>Pupils enrolled on <paramref name="day"/> whom the viewer sees, by name.</summary>
    public async Task<List<(int Id, string Name)>> EnrolledAsync(StaffContext staff, int provisionId, DateOnly day, CancellationToken ct) =>
        [.. (await db.Set<Enrolment>().AsNoTracking().Where(e => e.ProvisionId == provisionId && e.StartOn <= day && (e.EndOn == null || e.EndOn >= day))
            .Join(db.Pupils.AsNoTracking().VisibleTo(staff), e => e.PupilId, p => p.Id, (e, p) => p).Distinct().ToListAsync(ct))
            .OrderBy(p => p.Surname).ThenBy(p => p.Forename).Select(p => (p.Id, p.DisplayName))];

    public async Task<(int? Id, Dictionary<string, string> Problems)> RecordAsync(StaffContext staff, Provision provision, SessionInput input, CancellationToken ct)
    {
        var problems = new Dictionary<string, string>();
        var held = string.IsNullOrWhiteSpace(input.HeldOn) ? clock.Today() : ProvisionBook.Date(input.HeldOn);
        if (held is null) problems["HeldOn"] = "Enter the date as year-month-day";
        else if (held > clock.Today()) problems["HeldOn"] = "A session cannot be logged for a day still to come";
        var status = (input.Status ?? "delivered").Trim().ToLowerInvariant() switch { "delivered" => SessionStatus.Delivered, "cancelled" or "canceled" => SessionStatus.Cancelled, _ => (SessionStatus?)null };
        if (status is null) problems["Status"] = "Choose delivered or cancelled";
        CancelReason? reason = null;
        if (status == SessionStatus.Cancelled)
        {
            var words = (input.CancelReason ?? "").Replace(" ", "", StringComparison.Ordinal);
            if (Enum.TryParse<CancelReason>(words, true, out var r) && !int.TryParse(words, out _)) reason = r;
            else problems["CancelReason"] = "Choose why it was cancelled: pupil absent, staff absent, trip or other";
        }
        var mode = DefaultMode(provision);
        if (!string.IsNullOrWhiteSpace(input.Mode) && !CaseloadBook.TryMode(input.Mode, out mode)) problems["Mode"] = "Choose in person, online or phone";
        var minutes = input.DurationMinutes ?? provision.DurationMinutes;
        if (status == SessionStatus.Delivered && minutes is < 1 or > 480) problems["DurationMinutes"] = "Enter how long it lasted, from 1 to 480 minutes";
        var focus = string.Join(", ", (input.FocusAreas ?? []).Select(f => f.Trim()).Where(f => f.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase));
        if (focus.Length > ProvisionSession.FocusMax) problems["FocusAreas"] = $"The focus areas can be at most {ProvisionSession.FocusMax} characters";
        var notes = (input.Notes ?? "").Trim();
        var next = (input.NextSteps ?? "").Trim();
        if (notes.Length > ProvisionSession.TextMax) problems["Notes"] = $"The notes can be at most {ProvisionSession.TextMax} characters";
        if (next.Length > ProvisionSession.TextMax) problems["NextSteps"] = $"The next steps can be at most {ProvisionSession.TextMax} characters";

        var attendance = new List<SessionAttendance>();
        if (held is { } day)
        {
            var enrolled = (await EnrolledAsync(staff, provision.Id, day, ct)).Select(p => p.Id).ToHashSet();
            var upns = (input.Attendance ?? []).Select(a => a.Pupil?.Trim() ?? "").Where(k => k.Length > 0 && !int.TryParse(k, out _)).Select(Upn.Normalise).ToList();
            var byUpn = await db.Pupils.VisibleTo(staff).Where(p => upns.Contains(p.Upn)).ToDictionaryAsync(p => p.Upn, p => p.Id, ct);
            foreach (var a in input.Attendance ?? [])
            {
                var key = a.Pupil?.Trim() ?? "";
                var id = int.TryParse(key, out var n) ? n : byUpn.GetValueOrDefault(Upn.Normalise(key));
                if (!enrolled.Contains(id)) { problems.TryAdd("Attendance", $"Pupil '{key}' is not enrolled in this provision on {DayWords(day)}: enrol them first, or leave them out"); continue; }
                if (attendance.Any(x => x.PupilId == id)) { problems.TryAdd("Attendance", "A pupil is named twice"); continue; }
                attendance.Add(new SessionAttendance { PupilId = id, Present = a.Present && status == SessionStatus.Delivered });
            }
            if (attendance.Count == 0 && !problems.ContainsKey("Attendance")) problems["Attendance"] = enrolled.Count == 0 ? $"No pupil is enrolled on {DayWords(day)}" : "Choose the pupil or pupils the session was for";
            if (provision.Kind == ProvisionKind.OneToOne && attendance.Count > 1) problems.TryAdd("Attendance", "A 1:1 session is for one pupil");
        }
        if (problems.Count > 0) return (null, problems);
        var session = new ProvisionSession
        {
            SchoolId = provision.SchoolId, ProvisionId = provision.Id, HeldOn = held!.Value, Status = status!.Value, CancelReason = reason, Mode = mode,
            DurationMinutes = status == SessionStatus.Delivered ? minutes : 0, FocusAreas = focus, Notes = notes, NextSteps = next,
            RecordedById = staff.UserId, RecordedByName = staff.Name, RecordedAt = clock.UtcNow, Attendance = attendance,
        };
        db.Add(session);
        await db.SaveChangesAsync(ct);
        return (session.Id, problems);
    }

    /// <summary>The provision's sessions, newest first; notes and next steps only where the viewer sees every pupil who was there.</summary>
    public async Task<List<SessionView>> ForProvisionAsync(StaffContext staff, int provisionId, CancellationToken ct)
    {
        var visible = db.Pupils.VisibleTo(staff);
        var sessions = await db.Set<ProvisionSession>().AsNoTracking().Where(s => s.ProvisionId == provisionId).OrderByDescending(s => s.HeldOn).ThenByDescending(s => s.Id)
            .Select(s => new SessionView(s.Id, s.HeldOn, s.Status, s.CancelReason, s.Mode, s.DurationMinutes, s.FocusAreas,
                s.Attendance.All(a => visible.Any(p => p.Id == a.PupilId)) ? s.Notes : null,
                s.Attendance.All(a => visible.Any(p => p.Id == a.PupilId)) ? s.NextSteps : null,
                s.Attendance.Count(a => a.Present), s.Attendance.Count(a => !a.Present), s.RecordedByName))
            .Take(MaxShown).ToListAsync(ct);
        var rows = await RegistersAsync(staff, [.. sessions.Select(s => s.Id)], ct);
        var who = rows.ToLookup(a => a.SessionId, a => $"{a.Pupil.Name}{(a.Present ? "" : " (absent)")}");
        var present = rows.Where(a => a.Present).ToLookup(a => a.SessionId, a => a.Pupil);
        return [.. sessions.Select(s => s with { Who = string.Join(", ", who[s.Id]), Attended = [.. present[s.Id]] })];
    }

    /// <summary>The pupils the viewer sees who were present at a delivered session: whom "Set a goal from this session" is offered for.</summary>
    public async Task<IReadOnlyList<SessionPupil>> PresentAtAsync(StaffContext staff, int sessionId, CancellationToken ct) =>
        [.. (await RegistersAsync(staff, [sessionId], ct)).Where(r => r.Present).Select(r => r.Pupil)];

    /// <summary>
    /// Who was on these sessions' registers, among the pupils the viewer sees (<see cref="PupilAccess"/>'s <c>VisibleTo</c>), by surname then
    /// forename and named as everywhere (<see cref="Pupil.DisplayName"/>); <see cref="OnRegister.Present"/> only at a delivered session.
    /// The one read behind a session list's "who" and every "Set a goal from this session".
    /// </summary>
    private async Task<List<OnRegister>> RegistersAsync(StaffContext staff, IReadOnlyList<int> sessionIds, CancellationToken ct) =>
        [.. (await db.Set<SessionAttendance>().AsNoTracking().Where(a => sessionIds.Contains(a.SessionId))
                .Join(db.Pupils.AsNoTracking().VisibleTo(staff), a => a.PupilId, p => p.Id, (a, p) => new
                {
                    a.SessionId, Present = a.Present && a.Session!.Status == SessionStatus.Delivered,
                    p.Id, p.LegalForename, p.PreferredForename, p.LegalSurname, p.PreferredSurname,
                }).ToListAsync(ct))
            .Select(r => (r.SessionId, r.Present, r.Id, Forename: Pupil.Preferred(r.PreferredForename, r.LegalForename), Surname: Pupil.Preferred(r.PreferredSurname, r.LegalSurname)))
            .OrderBy(r => r.Surname).ThenBy(r => r.Forename).ThenBy(r => r.Id)
            .Select(r => new OnRegister(r.SessionId, r.Present, new SessionPupil(r.Id, Pupil.NameOf(r.Forename, r.Surname))))];

    private sealed record OnRegister(int SessionId, bool Present, SessionPupil Pupil);

    /// <summary>The provision page lists the newest sessions only; the counts above it cover them all.</summary>
    public const int MaxShown = 50;

    public static string DayWords(DateOnly d) => d.ToString("ddd d MMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB"));
}
