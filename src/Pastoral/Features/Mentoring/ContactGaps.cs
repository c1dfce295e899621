using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Attendance;
using Pastoral.Features.Interventions;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Mentoring;

/// <summary>One pupil on a caseload with their last contact (a check-in, or a session they attended) and the gap in school days.</summary>
public sealed record CaseloadRow(int PupilId, string Upn, string Name, string? Form, int SchoolId, DateOnly Since, DateOnly? LastContact, bool SeenToday,
    int SchoolDaysSince, DateOnly? NextSession, CheckIn? LastCheckIn)
{
    /// <summary>Not seen for <see cref="ContactGaps.DaysWithoutContact"/> school days or more.</summary>
    public bool Overdue => SchoolDaysSince >= ContactGaps.DaysWithoutContact;
    public string GapWords => SeenToday ? "Seen today"
        : SchoolDaysSince == 0 ? "No contact yet today"
        : $"Not seen for {Counted.Of(SchoolDaysSince, "school day")}";
}

/// <summary>
/// Contact with caseload pupils counted in school days (weekends, holidays and closure days do not count, from the school's calendar
/// through <see cref="AttendanceDays"/>), the next scheduled session of each pupil's provision, and the weekly grid.
/// </summary>
public sealed class ContactGaps(PastoralDbContext db, AttendanceDays days, SchoolClock clock)
{
    /// <summary>My day flags a caseload pupil with no contact for this many school days.</summary>
    public const int DaysWithoutContact = 3;

    /// <summary>The pupils on <paramref name="mentorId"/>'s caseload today that <paramref name="viewer"/> sees, by surname.</summary>
    public async Task<IReadOnlyList<CaseloadRow>> RowsAsync(StaffContext viewer, Guid mentorId, CancellationToken ct)
    {
        var today = clock.Today();
        var pupils = await db.Caseloads.AsNoTracking().Where(c => c.StaffId == mentorId && c.From <= today && (c.To == null || c.To >= today))
            .Join(db.Pupils.AsNoTracking().VisibleTo(viewer), c => c.PupilId, p => p.Id, (c, p) => new { c.From, p.Id, p.Upn, p.LegalForename, p.LegalSurname, p.PreferredForename, p.PreferredSurname, Form = p.Form!.Name, p.SchoolId })
            .ToListAsync(ct);
        pupils = [.. pupils.GroupBy(p => p.Id).Select(g => g.OrderBy(x => x.From).First()).OrderBy(p => p.PreferredSurname ?? p.LegalSurname).ThenBy(p => p.PreferredForename ?? p.LegalForename)];
        if (pupils.Count == 0) return [];
        var ids = pupils.Select(p => p.Id).ToList();
        var last = await LastContactAsync(ids, today, ct);
        var lastCheckIns = (await db.Set<CheckIn>().AsNoTracking().Where(c => ids.Contains(c.PupilId)).GroupBy(c => c.PupilId)
            .Select(g => g.OrderByDescending(c => c.At).First()).ToListAsync(ct)).ToDictionary(c => c.PupilId);
        var next = await NextSessionsAsync(ids, today, ct);
        var earliest = pupils.Min(p => last.TryGetValue(p.Id, out var d) ? d : p.From);
        var schoolDays = await days.SchoolDaysAsync([.. pupils.Select(p => p.SchoolId).Distinct()], earliest, today, ct);
        return [.. pupils.Select(p =>
        {
            var lastOn = last.TryGetValue(p.Id, out var d) ? d : (DateOnly?)null;
            var from = lastOn ?? p.From.AddDays(-1);
            var gap = schoolDays[p.SchoolId].Count(x => x > from && x < today);
            return new CaseloadRow(p.Id, p.Upn, $"{p.PreferredForename ?? p.LegalForename} {p.PreferredSurname ?? p.LegalSurname}", p.Form, p.SchoolId, p.From,
                lastOn, lastOn == today, gap, next.GetValueOrDefault(p.Id), lastCheckIns.GetValueOrDefault(p.Id));
        })];
    }

    /// <summary>Each pupil's last contact on or before <paramref name="today"/>: the later of their last check-in and last session attended.</summary>
    public async Task<Dictionary<int, DateOnly>> LastContactAsync(IReadOnlyCollection<int> ids, DateOnly today, CancellationToken ct)
    {
        var checkIns = await db.Set<CheckIn>().Where(c => ids.Contains(c.PupilId) && c.On <= today).GroupBy(c => c.PupilId)
            .Select(g => new { g.Key, On = g.Max(c => c.On) }).ToListAsync(ct);
        var sessions = await db.Set<SessionAttendance>().Where(a => ids.Contains(a.PupilId) && a.Present && a.Session!.Status == SessionStatus.Delivered && a.Session.HeldOn <= today)
            .GroupBy(a => a.PupilId).Select(g => new { g.Key, On = g.Max(a => a.Session!.HeldOn) }).ToListAsync(ct);
        var last = checkIns.ToDictionary(c => c.Key, c => c.On);
        foreach (var s in sessions) last[s.Key] = last.TryGetValue(s.Key, out var d) && d > s.On ? d : s.On;
        return last;
    }

    /// <summary>The next date (today or later) a running provision each pupil is enrolled in meets on its scheduled day.</summary>
    public async Task<Dictionary<int, DateOnly>> NextSessionsAsync(IReadOnlyCollection<int> ids, DateOnly today, CancellationToken ct)
    {
        var rows = await db.Set<Enrolment>().AsNoTracking().Where(e => ids.Contains(e.PupilId) && (e.EndOn == null || e.EndOn >= today)
                && e.Provision!.Day != null && (e.Provision.EndOn == null || e.Provision.EndOn >= today))
            .Select(e => new { e.PupilId, Day = e.Provision!.Day!.Value, ProvisionStart = e.Provision.StartOn, e.StartOn, e.EndOn, ProvisionEnd = e.Provision.EndOn }).ToListAsync(ct);
        var next = new Dictionary<int, DateOnly>();
        foreach (var r in rows)
        {
            var from = new[] { today, r.StartOn, r.ProvisionStart }.Max();
            var date = from.AddDays(((int)r.Day - (int)from.DayOfWeek + 7) % 7);
            if ((r.EndOn is { } e && date > e) || (r.ProvisionEnd is { } pe && date > pe)) continue;
            if (!next.TryGetValue(r.PupilId, out var d) || date < d) next[r.PupilId] = date;
        }
        return next;
    }
}
