using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Attendance;
using Pastoral.Features.Behaviour;
using Pastoral.Features.Behaviour.Detentions;
using Pastoral.Features.Behaviour.Exclusions;
using Pastoral.Security;

namespace Pastoral.Features.Rewards;

/// <summary>Why a pupil is out, and who may read it (a suspension only for staff who may view exclusions).</summary>
public sealed record IneligibleReason(string Words, StaffAction Requires);

/// <summary>
/// One pupil in an event's scope. <see cref="Reasons"/> holds only the reasons the viewer may read; <see cref="HiddenReasons"/>
/// counts the others, which the page shows only as "not eligible".
/// </summary>
public sealed record EligibilityRow(int PupilId, string Name, string Upn, string Year, string? Form, bool Eligible, IReadOnlyList<string> Reasons, int HiddenReasons);

public sealed record EligibilityList(DateOnly From, DateOnly To, IReadOnlyList<EligibilityRow> Rows)
{
    public IEnumerable<EligibilityRow> Eligible => Rows.Where(r => r.Eligible);
    public IEnumerable<EligibilityRow> NotEligible => Rows.Where(r => !r.Eligible);
}

/// <summary>
/// Who may go on a reward event: the pupils the viewer sees, on roll in the event's year groups, against each of the event's rules
/// over this term so far (from the first day of the school's current term to today). Each rule reads its figures for all the pupils
/// at once (one grouped query per rule: suspensions, attendance through <see cref="AttendanceStatistics"/>, points through
/// <see cref="BehaviourPoints"/>, missed detentions), never one query per pupil.
/// </summary>
public sealed class RewardEligibility(PastoralDbContext db, BehaviourPoints points, AttendanceStatistics attendance, Infrastructure.SchoolClock clock)
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>The rules in staff's words ("Attendance at least 96% this term").</summary>
    public static IReadOnlyList<string> RuleWords(RewardEvent e)
    {
        var words = new List<string>();
        if (e.NoSuspensionThisTerm) words.Add("No suspension this term");
        if (e.MinAttendancePercent is { } a) words.Add($"Attendance at least {a.ToString("0.#", English)}% this term");
        if (e.MinPositivePoints is { } p) words.Add($"At least {p:N0} positive points this term");
        if (e.MaxNegativePoints is { } n) words.Add($"No more than {n:N0} negative points this term");
        if (e.NoMissedDetention) words.Add("No missed detention still to be made up");
        return words;
    }

    public async Task<EligibilityList> ForAsync(StaffContext staff, RewardEvent e, CancellationToken ct)
    {
        var to = clock.Today();
        var (yearStart, termStart) = await points.StartsAsync(e.SchoolId, to, ct);
        var from = termStart ?? yearStart ?? to;
        var years = e.YearGroups.ToList();
        var pupils = db.Pupils.VisibleTo(staff).Where(p => p.SchoolId == e.SchoolId && p.YearGroupId != null && years.Contains(p.YearGroupId.Value) && p.OnRollTo == null);
        var ids = pupils.Select(p => p.Id);
        var list = await pupils.AsNoTracking().Select(p => new
        {
            p.Id, p.Upn, Forename = p.PreferredForename ?? p.LegalForename, Surname = p.PreferredSurname ?? p.LegalSurname,
            NcYear = p.YearGroup!.NcYear, Year = p.YearGroup.Name, Form = p.Form != null ? p.Form.Name : null,
        }).ToListAsync(ct);

        var suspended = e.NoSuspensionThisTerm
            ? (await db.Set<Suspension>().AsNoTracking().Where(s => ids.Contains(s.PupilId) && s.Status != SuspensionStatus.Withdrawn && s.StartsOn <= to
                && (s.StartsOn >= from || (s.EndsOn != null && s.EndsOn >= from))).Select(s => s.PupilId).Distinct().ToListAsync(ct)).ToHashSet()
            : [];
        var present = e.MinAttendancePercent is null ? null : await attendance.ForSchoolAsync(e.SchoolId, from, to, pupils, ct);
        var scores = e.MinPositivePoints is null && e.MaxNegativePoints is null ? null : await points.ForPupilsAsync(ids, from, to, ct);
        var missed = e.NoMissedDetention
            ? (await db.Set<Detention>().AsNoTracking().Where(d => ids.Contains(d.PupilId) && d.Status == DetentionStatus.Missed && d.Date >= from && d.Date <= to
                && !db.Set<Detention>().Any(x => x.EscalatedFromId == d.Id && (x.Status == DetentionStatus.Attended || x.Status == DetentionStatus.Excused)))
                .Select(d => d.PupilId).Distinct().ToListAsync(ct)).ToHashSet()
            : [];

        var rows = new List<EligibilityRow>(list.Count);
        foreach (var p in list.OrderBy(p => p.NcYear).ThenBy(p => p.Form, StringComparer.Ordinal).ThenBy(p => p.Surname, StringComparer.Ordinal).ThenBy(p => p.Forename, StringComparer.Ordinal))
        {
            var reasons = new List<IneligibleReason>();
            if (suspended.Contains(p.Id)) reasons.Add(new("Suspended this term", ExclusionsModule.ViewExclusions));
            if (present is not null && e.MinAttendancePercent is { } min)
            {
                var pct = present.GetValueOrDefault(p.Id)?.AttendancePercent;
                if (pct is null) reasons.Add(new("No attendance recorded this term", AttendanceModule.ViewAttendance));
                else if (pct < min) reasons.Add(new($"Attendance {pct.Value.ToString("0.0", English)}% this term (needs {min.ToString("0.#", English)}%)", AttendanceModule.ViewAttendance));
            }
            if (scores is not null)
            {
                var s = scores.GetValueOrDefault(p.Id) ?? PupilPoints.None(p.Id);
                if (e.MinPositivePoints is { } pos && s.Positive < pos)
                    reasons.Add(new($"{s.Positive:N0} positive points this term (needs {pos:N0})", BehaviourModule.ViewBehaviour));
                if (e.MaxNegativePoints is { } neg && -s.Negative > neg)
                    reasons.Add(new($"{-s.Negative:N0} negative points this term (at most {neg:N0})", BehaviourModule.ViewBehaviour));
            }
            if (missed.Contains(p.Id)) reasons.Add(new("A missed detention still to be made up", BehaviourModule.ViewBehaviour));
            var shown = reasons.Where(r => staff.May(r.Requires)).Select(r => r.Words).ToList();
            rows.Add(new EligibilityRow(p.Id, $"{p.Forename} {p.Surname}", p.Upn, p.Year, p.Form, reasons.Count == 0, shown, reasons.Count - shown.Count));
        }
        return new EligibilityList(from, to, rows);
    }
}
