using Bogus;
using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Pupils;
using Pastoral.Features.Schools;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Demo;

namespace Pastoral.Features.Attendance;

/// <summary>
/// Registers for every demo school from the first day of the academic year to today (or to <see cref="DemoSize.AttendanceThrough"/>):
/// most pupils above 95 %, a tail of persistent and a few severe absentees (more among disadvantaged and SEN pupils, so cohort
/// gaps show), lateness, illness that clusters as winter comes, holidays in term time, a school trip, and unexplained absences
/// (N) still open in the last fortnight. This morning's registers are taken for all but two forms, so the morning page and
/// first-day calling have work. Written in bulk (COPY on PostgreSQL, prepared inserts on SQLite), school by school.
/// </summary>
public sealed class AttendanceDemoData : IDemoData
{
    public int Order => 45;

    private sealed record DemoPupil(int Id, int SchoolId, int? FormId, DateOnly From, DateOnly? To, bool Disadvantaged, bool Sen);

    private enum Band { Good, Fair, Persistent, Severe }

    public async Task AddAsync(DemoContext demo, CancellationToken ct)
    {
        var db = demo.Db;
        long marks = 0, registers = 0;
        var schoolIndex = 0;
        foreach (var school in demo.Schools)
        {
            var random = new Randomizer(20261126 + schoolIndex++);
            var year = await db.AcademicYears.AsNoTracking().Include(y => y.Terms).Include(y => y.ClosureDays).AsSplitQuery()
                .Where(y => y.SchoolId == school.Id && y.StartsOn <= demo.Today).OrderByDescending(y => y.StartsOn).FirstOrDefaultAsync(ct);
            if (year is null) continue;
            var full = demo.Size.AttendanceThrough is not null;
            var last = full ? demo.Size.AttendanceThrough!.Value : demo.Today;
            if (last > year.EndsOn) last = year.EndsOn;
            var days = SchoolDays.Between(year, year.StartsOn, last).ToList();
            if (days.Count == 0) continue;
            var pupils = await db.Pupils.AsNoTracking().Where(p => p.SchoolId == school.Id)
                .Select(p => new DemoPupil(p.Id, p.SchoolId, p.FormId, p.OnRollFrom, p.OnRollTo, p.Fsm || p.PupilPremium || p.LookedAfter != LookedAfterStatus.None,
                    p.SenProvision != SenProvision.N))
                .ToListAsync(ct);
            var forms = pupils.Where(p => p.FormId is not null).Select(p => p.FormId!.Value).Distinct().Order().ToList();
            // Two forms whose register is not yet taken this morning; one form's trip day (V) in the first half-term.
            var notYetTaken = full ? [] : forms.Skip(forms.Count / 2).Take(2).ToHashSet();
            var tripForm = forms.Count > 0 ? forms[forms.Count / 3] : -1;
            var tripDay = days.Count > 12 ? days[12] : DateOnly.MinValue;
            var tutors = forms.ToDictionary(f => f, f => demo.Names.Name.FullName());
            var today = demo.Today;
            var generated = Generate(pupils, days, today, full, notYetTaken, tripForm, tripDay, random, tutors);
            marks += await AttendanceBulkInsert.MarksAsync(db, generated, ct);
            registers += await AttendanceBulkInsert.RegistersAsync(db, RegistersFor(school.Id, forms, days, today, full, notYetTaken, tutors), ct);
            demo.Report("Attendance", schoolIndex, demo.Schools.Count);
        }
        demo.Count("attendance marks", (int)Math.Min(int.MaxValue, marks));
        demo.Count("registers taken", (int)Math.Min(int.MaxValue, registers));
    }

    private static IEnumerable<RegisterRow> RegistersFor(int schoolId, List<int> forms, List<DateOnly> days, DateOnly today, bool full,
        HashSet<int> notYetTaken, Dictionary<int, string> tutors)
    {
        foreach (var day in days)
            foreach (var session in (Session[])[Session.Am, Session.Pm])
            {
                if (!full && day == today && (session == Session.Pm)) continue;
                foreach (var form in forms)
                {
                    if (!full && day == today && notYetTaken.Contains(form)) continue;
                    var local = day.ToDateTime(session == Session.Am ? new TimeOnly(8, 42) : new TimeOnly(13, 17)).AddMinutes(form % 9);
                    yield return new RegisterRow(schoolId, form, day, session, TimeZoneInfo.ConvertTimeToUtc(local, SchoolClock.London), tutors[form]);
                }
            }
    }

    private static IEnumerable<MarkRow> Generate(List<DemoPupil> pupils, List<DateOnly> days, DateOnly today, bool full, HashSet<int> notYetTaken,
        int tripForm, DateOnly tripDay, Randomizer random, Dictionary<int, string> tutors)
    {
        var recent = days.Count > 10 ? days[^10] : days[0];
        foreach (var pupil in pupils)
        {
            var band = PickBand(random, pupil);
            // Chance that a day starts an absence: about 2.5 %, 6 %, 11-17 %, 45-60 % of sessions missed overall.
            var startChance = band switch
            {
                Band.Good => random.Double(0.004, 0.018),
                Band.Fair => random.Double(0.03, 0.045),
                Band.Persistent => random.Double(0.06, 0.09),
                _ => random.Double(0.35, 0.5),
            };
            var lateChance = random.Double() < 0.15 ? random.Double(0.04, 0.12) : random.Double(0, 0.015);
            var by = pupil.FormId is { } f ? tutors[f] : "Attendance office";
            string? runCode = null;
            var runLeft = 0;
            foreach (var day in days)
            {
                if (day < pupil.From || (pupil.To is { } to && day > to)) { runLeft = 0; continue; }
                var isToday = !full && day == today;
                if (isToday && pupil.FormId is { } form && notYetTaken.Contains(form)) continue;
                var recordedAt = TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(8, 45)), SchoolClock.London);
                if (runLeft == 0)
                {
                    // Illness comes more often as winter sets in (from mid-November).
                    var winter = day.Month is 12 or 1 or 2 || (day.Month == 11 && day.Day >= 15) ? 1.7 : 1.0;
                    if (random.Double() < startChance * winter)
                        (runCode, runLeft) = StartAbsence(random, band, day >= recent, winter > 1);
                }
                if (pupil.FormId == tripForm && day == tripDay && runLeft == 0)
                {
                    yield return new MarkRow(pupil.SchoolId, pupil.Id, day, Session.Am, "V", null, recordedAt, by);
                    yield return new MarkRow(pupil.SchoolId, pupil.Id, day, Session.Pm, "V", null, recordedAt.AddHours(4.5), by);
                    continue;
                }
                if (runLeft > 0)
                {
                    runLeft--;
                    // A medical appointment is a morning; the pupil is back for the afternoon.
                    var code = runCode!;
                    yield return new MarkRow(pupil.SchoolId, pupil.Id, day, Session.Am, code, null, recordedAt, by);
                    if (!isToday) yield return new MarkRow(pupil.SchoolId, pupil.Id, day, Session.Pm, code == "M" ? "\\" : code, null, recordedAt.AddHours(4.5), by);
                    continue;
                }
                if (random.Double() < lateChance)
                {
                    var minutes = random.Number(2, 24);
                    var after = random.Double() < 0.1;
                    yield return new MarkRow(pupil.SchoolId, pupil.Id, day, Session.Am, after ? "U" : "L", after ? minutes + 25 : minutes, recordedAt.AddMinutes(20), by);
                }
                else yield return new MarkRow(pupil.SchoolId, pupil.Id, day, Session.Am, "/", null, recordedAt, by);
                if (!isToday) yield return new MarkRow(pupil.SchoolId, pupil.Id, day, Session.Pm, "\\", null, recordedAt.AddHours(4.5), by);
            }
        }
    }

    private static Band PickBand(Randomizer random, DemoPupil pupil)
    {
        // Disadvantaged and SEN pupils are absent more often, as national figures show, so the cohort gaps are there to see.
        var risk = 1.0 + (pupil.Disadvantaged ? 0.9 : 0) + (pupil.Sen ? 0.6 : 0);
        var r = random.Double();
        if (r < 0.012 * risk) return Band.Severe;
        if (r < 0.11 * risk) return Band.Persistent;
        if (r < 0.22 * risk) return Band.Fair;
        return Band.Good;
    }

    /// <summary>A run of absent days and its code: mostly illness, some appointments, unauthorised and term-time holidays; N while unexplained.</summary>
    private static (string Code, int Days) StartAbsence(Randomizer random, Band band, bool recent, bool winter)
    {
        var r = random.Double();
        var unexplainedStill = recent ? 0.45 : 0.03;
        if (random.Double() < unexplainedStill) return ("N", 1);
        if (band == Band.Severe)
            return r < 0.45 ? ("O", random.Number(1, 5)) : r < 0.8 ? ("I", random.Number(1, 4)) : ("C", random.Number(1, 3));
        if (r < (winter ? 0.72 : 0.6)) return ("I", random.Double() < 0.6 ? 1 : random.Number(2, 4));
        if (r < 0.78) return ("M", 1);
        if (r < 0.88) return ("O", 1);
        if (r < 0.93) return ("G", 5);
        if (r < 0.97) return ("C", 1);
        return ("R", 1);
    }
}
