using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Admin.Responsibilities;
using Pastoral.Features.Pupils;
using Pastoral.Features.Schools;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Isolation;

/// <param name="Sessions">"am", "pm" or "both" (every day of the placement).</param>
public sealed record PlacementInput(string? Pupil, string? StartsOn, string? EndsOn, string? Sessions, string? Reason, int? IncidentId);

public sealed record PlacementResult(int? Id, IReadOnlyDictionary<string, string[]> Problems);

/// <summary>Who is in the unit in one session, and who supervises.</summary>
public sealed record UnitRow(int SessionId, int PlacementId, int PupilId, string PupilName, string? Form, Session Session, string? SupervisedBy, string Reason);

/// <summary>A class the pupil is in and its teacher, so work can be asked for (lessons by day and period are not modelled).</summary>
public sealed record PupilClass(string Code, string Subject, string Teacher);

/// <summary>The one write path for isolation and inclusion unit placements, the work set and supervision; and the unit's day.</summary>
public sealed class InclusionUnit(PastoralDbContext db, SchoolClock clock)
{
    public const string DateFormat = "yyyy-MM-dd";

    public async Task<PlacementResult> PlaceAsync(StaffContext staff, PlacementInput input, CancellationToken ct = default)
    {
        var problems = new Dictionary<string, string[]>();
        void Add(string k, string m) => problems.TryAdd(k, [m]);
        Pupil? pupil = null;
        if (string.IsNullOrWhiteSpace(input.Pupil)) Add("pupil", "Choose the pupil");
        else
        {
            var key = input.Pupil.Trim();
            var byId = int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id);
            var upn = key.ToUpperInvariant();
            pupil = await db.Pupils.AsNoTracking().VisibleTo(staff).FirstOrDefaultAsync(p => byId ? p.Id == id : p.Upn == upn, ct);
            if (pupil is null) Add("pupil", $"There is no pupil '{key}' that you may see");
        }
        var from = Date(input.StartsOn, "startsOn", "the first day", problems);
        var to = string.IsNullOrWhiteSpace(input.EndsOn) ? from : Date(input.EndsOn, "endsOn", "the last day", problems);
        var sessions = (input.Sessions?.Trim().ToLowerInvariant() ?? "both") switch
        {
            "am" => new[] { Session.Am }, "pm" => [Session.Pm], "both" or "" => [Session.Am, Session.Pm], _ => null,
        };
        if (sessions is null) Add("sessions", "Choose mornings, afternoons or both");
        var reason = input.Reason?.Trim();
        if (string.IsNullOrEmpty(reason)) Add("reason", "Enter the reason for the placement");
        else if (reason.Length > IsolationPlacement.ReasonMax) Add("reason", $"The reason can be at most {IsolationPlacement.ReasonMax} characters");
        if (from is not null && from < clock.Today()) Add("startsOn", "The first day cannot be in the past");
        if (from is not null && to is not null && to < from) Add("endsOn", "The last day cannot be before the first");
        List<DateOnly> days = [];
        if (pupil is not null && from is not null && to is not null && to >= from && !problems.ContainsKey("startsOn"))
        {
            if (to.Value.DayNumber - from.Value.DayNumber >= 14) Add("endsOn", $"A placement can be at most {IsolationPlacement.MaxDays} school days");
            else
            {
                var years = await db.AcademicYears.AsNoTracking().Include(y => y.Terms).Include(y => y.ClosureDays).AsSplitQuery().Where(y => y.SchoolId == pupil.SchoolId).ToListAsync(ct);
                days = [.. years.SelectMany(y => SchoolDays.Between(y, from.Value, to.Value)).Distinct().Order()];
                if (days.Count == 0) Add("startsOn", "There are no school days between those dates");
                else if (days.Count > IsolationPlacement.MaxDays) Add("endsOn", $"A placement can be at most {IsolationPlacement.MaxDays} school days");
                else if (days[0] != from) Add("startsOn", $"{Detentions.DetentionBook.Day(from.Value)} is not a school day");
            }
        }
        if (input.IncidentId is { } incident && pupil is not null && !await db.VisibleParts(staff).AnyAsync(p => p.IncidentId == incident && p.PupilId == pupil.Id, ct))
            Add("incident", $"Incident {incident} is not one {pupil.Forename} is part of");
        if (problems.Count > 0) return new PlacementResult(null, problems);
        var placement = new IsolationPlacement
        {
            SchoolId = pupil!.SchoolId, PupilId = pupil.Id, StartsOn = days[0], EndsOn = days[^1], Reason = reason!, IncidentId = input.IncidentId,
            PlacedById = staff.UserId, PlacedByName = staff.Name, PlacedAt = clock.UtcNow,
            Sessions = [.. days.SelectMany(d => sessions!.Select(s => new IsolationSession { PupilId = pupil.Id, Date = d, Session = s }))],
        };
        db.Add(placement);
        await db.SaveChangesAsync(ct);
        return new PlacementResult(placement.Id, problems);
    }

    /// <summary>The viewer supervises a session (or, with <paramref name="clear"/>, no longer does). False if not found in scope.</summary>
    public async Task<bool> SuperviseAsync(StaffContext staff, int sessionId, bool clear, CancellationToken ct = default)
    {
        var s = await db.Set<IsolationSession>().VisibleTo(staff, db).FirstOrDefaultAsync(x => x.Id == sessionId, ct);
        if (s is null) return false;
        (s.SupervisedById, s.SupervisedByName) = clear ? ((Guid?)null, (string?)null) : (staff.UserId, staff.Name);
        await db.SaveChangesAsync(ct);
        return true;
    }

    public async Task<IReadOnlyDictionary<string, string[]>> AddWorkAsync(StaffContext staff, int placementId, string? subject, string? work, CancellationToken ct = default)
    {
        var problems = new Dictionary<string, string[]>();
        var p = await db.Set<IsolationPlacement>().VisibleTo(staff, db).AsNoTracking().FirstOrDefaultAsync(x => x.Id == placementId, ct);
        if (p is null) return new Dictionary<string, string[]> { ["placement"] = ["There is no such placement that you may see"] };
        subject = subject?.Trim(); work = work?.Trim();
        if (string.IsNullOrEmpty(subject)) problems["Subject"] = ["Enter the subject"];
        else if (subject.Length > IsolationWork.SubjectMax) problems["Subject"] = [$"The subject can be at most {IsolationWork.SubjectMax} characters"];
        if (string.IsNullOrEmpty(work)) problems["Work"] = ["Enter the work set"];
        else if (work.Length > IsolationWork.WorkMax) problems["Work"] = [$"The work can be at most {IsolationWork.WorkMax} characters"];
        if (problems.Count > 0) return problems;
        db.Add(new IsolationWork { PlacementId = p.Id, PupilId = p.PupilId, Subject = subject!, Work = work!, SetByName = staff.Name, SetAt = clock.UtcNow });
        await db.SaveChangesAsync(ct);
        return problems;
    }

    /// <summary>Who is in the unit on a day, in scope, by session.</summary>
    public async Task<IReadOnlyList<UnitRow>> DayAsync(StaffContext staff, DateOnly date, CancellationToken ct = default)
    {
        var rows = await db.Set<IsolationSession>().VisibleTo(staff, db).AsNoTracking()
            .Where(s => s.Date == date && db.Set<IsolationPlacement>().Any(p => p.Id == s.PlacementId && p.Status != PlacementStatus.Cancelled))
            .Select(s => new { s, Reason = db.Set<IsolationPlacement>().Where(p => p.Id == s.PlacementId).Select(p => p.Reason).First() })
            .ToListAsync(ct);
        var ids = rows.Select(r => r.s.PupilId).Distinct().ToList();
        var pupils = await db.Pupils.AsNoTracking().Include(p => p.Form).Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        return [.. rows.OrderBy(r => r.s.Session).ThenBy(r => pupils[r.s.PupilId].Surname)
            .Select(r => new UnitRow(r.s.Id, r.s.PlacementId, r.s.PupilId, pupils[r.s.PupilId].DisplayName, pupils[r.s.PupilId].Form?.Name, r.s.Session, r.s.SupervisedByName, r.Reason))];
    }

    /// <summary>The pupil's classes and teachers (the timetable import holds classes, not lessons by day and period).</summary>
    public async Task<IReadOnlyList<PupilClass>> ClassesAsync(int pupilId, CancellationToken ct = default)
    {
        var groups = await db.Set<TeachingGroup>().AsNoTracking().Where(g => g.Pupils.Any(p => p.PupilId == pupilId))
            .Select(g => new { g.Code, g.Subject, g.TeacherId }).ToListAsync(ct);
        var teacherIds = groups.Select(g => g.TeacherId).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => teacherIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
        return [.. groups.OrderBy(g => g.Subject).Select(g => new PupilClass(g.Code, g.Subject, names.GetValueOrDefault(g.TeacherId) ?? "No teacher"))];
    }

    private static DateOnly? Date(string? text, string key, string what, Dictionary<string, string[]> problems)
    {
        if (string.IsNullOrWhiteSpace(text)) { problems.TryAdd(key, [$"Enter {what}"]); return null; }
        if (DateOnly.TryParseExact(text.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        problems.TryAdd(key, [$"Enter {what} as year-month-day, for example 2026-11-26"]);
        return null;
    }
}
