using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Attendance.Calling;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Thresholds;

/// <summary>The follow-up and threshold lists (issue 8, item 5).</summary>
public enum FollowUpList { Unexplained, LongUnauthorised, LongIllness, Penalty, MissingEducation }

public sealed record FollowUpRow(int PupilId, string Name, string? Year, string? Form, string Figure, string Detail, int Sort);

public sealed record FollowUpFilter(int? YearGroupId = null, int? FormId = null);

/// <summary>
/// Builds each follow-up list for the pupils a member of staff may see: unexplained absences still open after the school's
/// follow-up days; the local authority's returns (10 continuous school days of unauthorised absence; illness expected to last
/// more than 15 school days); the penalty-notice threshold (10 unauthorised sessions in the last 10 school weeks); and
/// children-missing-education risk (10 continuous school days with no reason for absence, or left with destination unknown).
/// Days count up to the last session whose register has closed.
/// </summary>
public sealed class FollowUpLists(PastoralDbContext db, AttendanceDays attendanceDays, SchoolClock clock, IEnumerable<IDestinationUnknownLeavers> leavers)
{
    public const int ContinuousDays = 10, PenaltySessions = 10, IllnessSchoolDays = 15;
    private const int WindowDays = 140; // ten school weeks plus the longest holidays between them

    public static string Title(FollowUpList list) => list switch
    {
        FollowUpList.Unexplained => "Unexplained absences to follow up",
        FollowUpList.LongUnauthorised => "10 school days of unauthorised absence (local authority return)",
        FollowUpList.LongIllness => "Illness expected to last more than 15 school days (local authority return)",
        FollowUpList.Penalty => "Penalty notice threshold: 10 unauthorised sessions in 10 school weeks",
        _ => "Children missing education: risk",
    };

    public static string Slug(FollowUpList list) => list switch
    {
        FollowUpList.Unexplained => "unexplained",
        FollowUpList.LongUnauthorised => "unauthorised-10-days",
        FollowUpList.LongIllness => "illness-15-days",
        FollowUpList.Penalty => "penalty-threshold",
        _ => "missing-education",
    };

    public static FollowUpList? FromSlug(string? slug) =>
        Enum.GetValues<FollowUpList>().Cast<FollowUpList?>().FirstOrDefault(l => Slug(l!.Value) == slug);

    public async Task<IReadOnlyList<FollowUpRow>> ListAsync(StaffContext staff, FollowUpList list, FollowUpFilter filter, CancellationToken ct)
    {
        var today = clock.Today();
        var pupils = db.Pupils.VisibleTo(staff);
        if (filter.YearGroupId is { } y) pupils = pupils.Where(p => p.YearGroupId == y);
        if (filter.FormId is { } f) pupils = pupils.Where(p => p.FormId == f);
        var from = today.AddDays(-WindowDays);
        var people = await pupils.Where(p => p.OnRollFrom <= today && (p.OnRollTo == null || p.OnRollTo >= from))
            .Select(p => new { p.Id, p.SchoolId, p.LegalForename, p.PreferredForename, p.LegalSurname, p.PreferredSurname, Year = p.YearGroup!.Name, Form = p.Form!.Name, p.OnRollFrom, p.OnRollTo })
            .ToListAsync(ct);
        string NameOf(int id) { var p = people.First(x => x.Id == id); return $"{(string.IsNullOrWhiteSpace(p.PreferredForename) ? p.LegalForename : p.PreferredForename)} {(string.IsNullOrWhiteSpace(p.PreferredSurname) ? p.LegalSurname : p.PreferredSurname)}"; }
        FollowUpRow Row(int id, string figure, string detail, int sort) { var p = people.First(x => x.Id == id); return new FollowUpRow(id, NameOf(id), p.Year, p.Form, figure, detail, sort); }
        var rows = new List<FollowUpRow>();
        if (people.Count == 0) return rows;

        if (list == FollowUpList.LongIllness)
        {
            var ids = people.Select(p => p.Id).ToList();
            var ill = await db.Set<IllnessExpectation>().AsNoTracking().Where(i => ids.Contains(i.PupilId) && i.ExpectedBackOn > today).ToListAsync(ct);
            foreach (var i in ill)
            {
                var off = (await attendanceDays.SchoolDaysAsync([i.SchoolId], i.IllFrom, i.ExpectedBackOn.AddDays(-1), ct))[i.SchoolId].Count;
                if (off > IllnessSchoolDays)
                    rows.Add(Row(i.PupilId, $"{off} school days", string.Create(CultureInfo.InvariantCulture, $"Ill from {i.IllFrom:ddd d MMM yyyy}, expected back on {i.ExpectedBackOn:ddd d MMM yyyy} (set by {i.SetByName})"), -off));
            }
            return Sorted(rows);
        }

        var schoolIds = people.Select(p => p.SchoolId).Distinct().ToList();
        var calendars = await attendanceDays.SchoolDaysAsync(schoolIds, from, today, ct);
        var lastDay = new Dictionary<int, DateOnly>();
        var followAfter = new Dictionary<int, int>();
        foreach (var s in schoolIds)
        {
            var settings = await attendanceDays.SettingsAsync(s, ct);
            followAfter[s] = settings.FollowUpAfterDays;
            lastDay[s] = calendars[s].Contains(today) && attendanceDays.HasClosed(settings, today, Session.Pm) ? today : today.AddDays(-1);
        }
        var idQuery = pupils.Select(p => p.Id);
        var marks = await db.Set<AttendanceMark>().AsNoTracking().Where(m => m.Date >= from && m.Date <= today && idQuery.Contains(m.PupilId))
            .Select(m => new { m.PupilId, m.Date, m.Session, m.Code }).ToListAsync(ct);
        var byPupil = marks.GroupBy(m => m.PupilId).ToDictionary(g => g.Key, g => g.ToDictionary(m => (m.Date, m.Session), m => m.Code));

        foreach (var p in people)
        {
            var codes = byPupil.GetValueOrDefault(p.Id) ?? [];
            string? Code(DateOnly d, Session s) => codes.GetValueOrDefault((d, s));
            var days = calendars[p.SchoolId].Where(d => d <= lastDay[p.SchoolId] && d >= p.OnRollFrom && (p.OnRollTo is null || d <= p.OnRollTo)).ToList();
            switch (list)
            {
                case FollowUpList.Unexplained:
                    foreach (var ((date, session), code) in codes.Where(c => c.Value == "N").OrderBy(c => c.Key.Date))
                    {
                        var open = calendars[p.SchoolId].Count(d => d > date && d <= today);
                        if (open >= followAfter[p.SchoolId])
                            rows.Add(Row(p.Id, string.Create(CultureInfo.InvariantCulture, $"{date:ddd d MMM yyyy} {AttendanceMarkWriter.SessionName(session)}"),
                                $"Still unexplained after {Counted.Of(open, "school day")}", -open));
                    }
                    break;
                case FollowUpList.LongUnauthorised:
                    var run = AbsenceRuns.TrailingRun(days, Code, AbsenceRuns.IsUnauthorised);
                    if (run >= ContinuousDays) rows.Add(Row(p.Id, $"{run} school days", $"Unauthorised absence (G, N, O, U) every session since {days[^run]:ddd d MMM yyyy}", -run));
                    break;
                case FollowUpList.Penalty:
                    var sessions = AbsenceRuns.UnauthorisedSessions(AbsenceRuns.LastTenSchoolWeeks(days), Code);
                    if (sessions >= PenaltySessions) rows.Add(Row(p.Id, $"{sessions} sessions", "Unauthorised sessions in the last 10 school weeks", -sessions));
                    break;
                case FollowUpList.MissingEducation:
                    var gone = AbsenceRuns.TrailingRun(days, Code, AbsenceRuns.IsUnexplained);
                    if (gone >= ContinuousDays && (p.OnRollTo is null || p.OnRollTo >= today))
                        rows.Add(Row(p.Id, $"{gone} school days", $"No reason for absence (N or no mark) since {days[^gone]:ddd d MMM yyyy}", -gone));
                    break;
            }
        }
        if (list == FollowUpList.MissingEducation)
            foreach (var hook in leavers)
                foreach (var left in await hook.AmongAsync(pupils, from, ct))
                    if (people.Any(x => x.Id == left.PupilId))
                        rows.Add(Row(left.PupilId, "Left", string.Create(CultureInfo.InvariantCulture, $"Taken off roll on {left.LeftOn:ddd d MMM yyyy}, destination unknown{(left.Detail is null ? "" : $": {left.Detail}")}"), 0));
        return Sorted(rows);
    }

    private static List<FollowUpRow> Sorted(List<FollowUpRow> rows) => [.. rows.OrderBy(r => r.Sort).ThenBy(r => r.Name.Split(' ').Last()).ThenBy(r => r.Name)];
}
