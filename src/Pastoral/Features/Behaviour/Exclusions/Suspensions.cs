using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Attendance;
using Pastoral.Features.Plans;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Exclusions;

/// <summary>What staff (or the API) send to record or change a suspension, as text, so the form and the API share one set of checks.</summary>
public sealed record SuspensionInput(string? Type, IReadOnlyList<string>? Reasons, string? StartsOn, string? Length, string? Status,
    Guid? DecidedById, long? IncidentId, string? Notes, string? RemovedFromRollOn);

/// <summary>The outcome of checking or saving: problems by field (nothing saved), the warnings to show, the saved record.</summary>
public sealed record SuspensionWrite(IReadOnlyList<(string Field, string Message)> Problems, IReadOnlyList<string> Warnings, Suspension? Suspension,
    bool NotFound = false, bool Stale = false)
{
    public bool Saved => Problems.Count == 0 && Suspension is not null && !NotFound && !Stale;
    public static readonly SuspensionWrite Missing = new([], [], null, NotFound: true);
}

/// <summary>
/// The one place suspensions are checked and saved, for the pages and the API alike: the reason codes (the school's list, at
/// most three), the length (<see cref="SuspensionLimit.ParseLength"/>), the start on a school day and the days covered from the
/// school calendar, the decider a member of staff of the school; then the 45-day and governors' warnings. Nothing is saved on a
/// problem. Every save is audited by the DbContext in the same transaction.
/// </summary>
public sealed class Suspensions(PastoralDbContext db, AttendanceDays attendanceDays, SuspensionReasons reasons, PlanBook plans, SchoolClock clock)
{
    public Task<Pupil?> FindPupilAsync(StaffContext staff, int pupilId, CancellationToken ct) =>
        db.Pupils.AsNoTracking().VisibleTo(staff).Include(p => p.School).Include(p => p.Contacts).Include(p => p.YearGroup).Include(p => p.Form)
            .AsSplitQuery().FirstOrDefaultAsync(p => p.Id == pupilId, ct);

    public Task<Dictionary<Guid, string>> StaffOfSchoolAsync(int schoolId, CancellationToken ct) => plans.StaffOfSchoolAsync(schoolId, ct);

    public Task<Suspension?> FindAsync(StaffContext staff, int pupilId, int id, CancellationToken ct) =>
        db.Set<Suspension>().AsNoTracking().VisibleTo(staff, db).FirstOrDefaultAsync(s => s.Id == id && s.PupilId == pupilId, ct);

    /// <summary>Checks without saving: the problems, or the warnings the record would carry.</summary>
    public async Task<SuspensionWrite> CheckAsync(StaffContext staff, Pupil pupil, SuspensionInput input, int? exceptId, CancellationToken ct)
    {
        var problems = new List<(string, string)>();
        var draft = new Suspension { PupilId = pupil.Id, SchoolId = pupil.SchoolId };
        var type = SuspensionWords.ParseType(input.Type);
        if (type is null) problems.Add(("Type", "Choose suspension, lunchtime or permanent exclusion."));
        else draft.Type = type.Value;

        var status = string.IsNullOrWhiteSpace(input.Status) ? SuspensionStatus.Proposed : SuspensionWords.ParseStatus(input.Status);
        if (status is null) problems.Add(("Status", "Choose proposed, confirmed or withdrawn."));
        else draft.Status = status.Value;

        var given = (input.Reasons ?? []).Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var known = await reasons.ForSchoolAsync(pupil.SchoolId, ct);
        if (given.Count == 0) problems.Add(("Reasons", "Choose at least one reason."));
        else if (given.Count > SuspensionReasons.MaxPerSuspension) problems.Add(("Reasons", "Choose at most three reasons: the census records up to three."));
        else if (given.FirstOrDefault(g => known.All(k => !string.Equals(k.Code, g, StringComparison.OrdinalIgnoreCase))) is { } unknown)
            problems.Add(("Reasons", $"'{unknown}' is not a reason code this school uses. Choose from the list (a school can add its own at Administration → Suspension reasons)."));
        else draft.Reasons = string.Join(',', given.Select(g => known.First(k => string.Equals(k.Code, g, StringComparison.OrdinalIgnoreCase)).Code));

        var (halfDays, lengthProblem) = SuspensionLimit.ParseLength(type ?? SuspensionType.FixedPeriod, input.Length);
        if (lengthProblem is not null) problems.Add(("Length", lengthProblem));
        draft.HalfDays = type == SuspensionType.Lunchtime ? 1 : halfDays;

        DateOnly? start = ParseDate(input.StartsOn);
        if (start is null) problems.Add(("StartsOn", string.IsNullOrWhiteSpace(input.StartsOn) ? "Enter the first day of the suspension." : "Enter the start as a real date."));
        else draft.StartsOn = start.Value;

        if (!string.IsNullOrWhiteSpace(input.RemovedFromRollOn))
        {
            if (type != SuspensionType.Permanent) problems.Add(("RemovedFromRollOn", "Only a permanent exclusion has a date the pupil comes off roll."));
            else if (ParseDate(input.RemovedFromRollOn) is not { } off) problems.Add(("RemovedFromRollOn", "Enter the date off roll as a real date."));
            else if (start is { } s && off < s) problems.Add(("RemovedFromRollOn", "The date off roll cannot be before the exclusion starts."));
            else draft.RemovedFromRollOn = off;
        }

        var staffOfSchool = await StaffOfSchoolAsync(pupil.SchoolId, ct);
        var decider = input.DecidedById ?? staff.UserId;
        if (!staffOfSchool.TryGetValue(decider, out var deciderName))
            problems.Add(("DecidedById", "Choose who decided from the school's staff (the headteacher decides)."));
        else { draft.DecidedById = decider; draft.DecidedByName = deciderName; }

        if (input.IncidentId is < 1) problems.Add(("IncidentId", "The incident must be a positive number."));
        draft.IncidentId = input.IncidentId;
        var notes = string.IsNullOrWhiteSpace(input.Notes) ? null : input.Notes.Trim();
        if (notes is { Length: > Suspension.NotesMax }) problems.Add(("Notes", $"The notes can be at most {Suspension.NotesMax:N0} characters."));
        draft.Notes = notes;

        IReadOnlyList<SuspensionDay> covered = [];
        if (start is { } first && type is { } t && lengthProblem is null)
        {
            var days = await attendanceDays.SchoolDaysAsync([pupil.SchoolId], first, first.AddDays(200), ct);
            if (SuspensionLimit.Covered(t, first, draft.HalfDays, days[pupil.SchoolId]) is { } c) covered = c;
            else problems.Add(("StartsOn", days[pupil.SchoolId].FirstOrDefault() == first
                ? "The school calendar does not have enough school days after this start: enter the next terms at Administration → School set-up first."
                : $"{SuspensionWords.Day(first)} is not a school day at {pupil.School?.Name ?? "this school"}: start on a school day."));
        }
        if (problems.Count > 0) return new SuspensionWrite(problems, [], null);

        draft.EndsOn = type == SuspensionType.Permanent ? draft.RemovedFromRollOn : covered[^1].Date;
        draft.ProvisionFrom = SuspensionLimit.SixthDay(draft.Type, covered);
        var warnings = draft.Status == SuspensionStatus.Withdrawn ? [] : await WarningsAsync(draft, covered, exceptId, ct);
        return new SuspensionWrite([], warnings, draft);
    }

    public async Task<SuspensionWrite> CreateAsync(StaffContext staff, int pupilId, SuspensionInput input, CancellationToken ct)
    {
        if (await FindPupilAsync(staff, pupilId, ct) is not { } pupil) return SuspensionWrite.Missing;
        var check = await CheckAsync(staff, pupil, input, null, ct);
        if (check.Suspension is not { } s) return check;
        s.RecordedAt = clock.UtcNow;
        s.RecordedById = staff.UserId == Guid.Empty ? null : staff.UserId;
        s.RecordedByName = staff.Name;
        db.Add(s);
        await db.SaveChangesAsync(ct);
        return check;
    }

    /// <summary>Changes the record's main fields if it is still at <paramref name="basedOn"/>; otherwise Stale with the current record.</summary>
    public async Task<SuspensionWrite> UpdateAsync(StaffContext staff, int pupilId, int id, int basedOn, SuspensionInput input, CancellationToken ct)
    {
        if (await FindPupilAsync(staff, pupilId, ct) is not { } pupil) return SuspensionWrite.Missing;
        var row = await db.Set<Suspension>().VisibleTo(staff, db).FirstOrDefaultAsync(s => s.Id == id && s.PupilId == pupilId, ct);
        if (row is null) return SuspensionWrite.Missing;
        if (row.Version != basedOn) return new SuspensionWrite([], [], row, Stale: true);
        var check = await CheckAsync(staff, pupil, input, id, ct);
        if (check.Suspension is not { } s) return check;
        (row.Type, row.Status, row.Reasons, row.StartsOn, row.HalfDays, row.EndsOn, row.RemovedFromRollOn) =
            (s.Type, s.Status, s.Reasons, s.StartsOn, s.HalfDays, s.EndsOn, s.RemovedFromRollOn);
        (row.DecidedById, row.DecidedByName, row.IncidentId, row.Notes, row.ProvisionFrom) = (s.DecidedById, s.DecidedByName, s.IncidentId, s.Notes, s.ProvisionFrom);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new SuspensionWrite([], [], await db.Set<Suspension>().AsNoTracking().FirstAsync(x => x.Id == id, ct), Stale: true);
        }
        return check with { Suspension = row };
    }

    /// <summary>The warnings a record carries now (the record page and the list).</summary>
    public async Task<IReadOnlyList<string>> WarningsForAsync(Suspension s, CancellationToken ct)
    {
        if (s.Status == SuspensionStatus.Withdrawn) return [];
        return await WarningsAsync(s, await DaysOfAsync(s, ct), s.Id, ct);
    }

    /// <summary>The school days a saved suspension covers, from the calendar as it is now.</summary>
    public async Task<IReadOnlyList<SuspensionDay>> DaysOfAsync(Suspension s, CancellationToken ct)
    {
        var to = s.Type == SuspensionType.Permanent ? s.RemovedFromRollOn ?? s.StartsOn : s.EndsOn ?? s.StartsOn;
        var days = await attendanceDays.SchoolDaysAsync([s.SchoolId], s.StartsOn, to, ct);
        if (s.Type == SuspensionType.Permanent) return [.. days[s.SchoolId].Select(d => new SuspensionDay(d, 2))];
        return SuspensionLimit.Covered(s.Type, s.StartsOn, s.HalfDays, days[s.SchoolId]) ?? [.. days[s.SchoolId].Take(Math.Max(1, s.HalfDays / 2)).Select(d => new SuspensionDay(d, s.HalfDays == 1 ? 1 : 2))];
    }

    /// <summary>This pupil's days of suspension in the academic year of <paramref name="s"/>, with <paramref name="covered"/> in place of the saved row.</summary>
    private async Task<IReadOnlyList<string>> WarningsAsync(Suspension s, IReadOnlyList<SuspensionDay> covered, int? exceptId, CancellationToken ct)
    {
        var startYear = SuspensionLimit.YearStartOf(s.StartsOn);
        var year = await db.AcademicYears.AsNoTracking().Include(y => y.Terms)
            .FirstOrDefaultAsync(y => y.SchoolId == s.SchoolId && y.StartsOn <= s.StartsOn && y.EndsOn >= s.StartsOn, ct);
        var (from, to) = year is null ? (new DateOnly(startYear, 9, 1), new DateOnly(startYear + 1, 8, 31)) : (year.StartsOn, year.EndsOn);
        var others = await db.Set<Suspension>().AsNoTracking()
            .Where(o => o.PupilId == s.PupilId && o.Id != (exceptId ?? 0) && o.Status != SuspensionStatus.Withdrawn && o.Type != SuspensionType.Permanent
                && o.StartsOn >= from && o.StartsOn <= to).ToListAsync(ct);
        var days = new List<SuspensionDay>();
        if (s.Type != SuspensionType.Permanent) days.AddRange(covered);
        foreach (var o in others) days.AddRange(await DaysOfAsync(o, ct));
        var previous = await db.Set<PreviousSchoolSuspension>().AsNoTracking().Where(p => p.PupilId == s.PupilId && p.StartYear == (year == null ? startYear : year.StartYear))
            .SumAsync(p => p.HalfDays, ct);
        // The governors' thresholds of the terms this suspension falls in (a spring suspension does not repeat the autumn's warning).
        var terms = year?.Terms.Where(t => covered.Any(d => d.Date >= t.StartsOn && d.Date <= t.EndsOn))
            .Select(t => new TermDates(t.Name, t.StartsOn, t.EndsOn)).ToList() ?? [];
        return SuspensionLimit.Warnings(days, previous, terms, s.Type == SuspensionType.Permanent);
    }

    /// <summary>Records days at an earlier school this academic year (towards the 45-day limit).</summary>
    public async Task<IReadOnlyList<(string Field, string Message)>> AddPreviousSchoolDaysAsync(StaffContext staff, int pupilId, string? schoolName, string? days, CancellationToken ct)
    {
        if (await FindPupilAsync(staff, pupilId, ct) is not { } pupil) return [("Pupil", "No such pupil.")];
        var problems = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(schoolName)) problems.Add(("PreviousSchool", "Enter the previous school's name."));
        else if (schoolName.Trim().Length > 200) problems.Add(("PreviousSchool", "The school's name can be at most 200 characters."));
        var (halfDays, problem) = ParseHalfDays(days);
        if (problem is not null) problems.Add(("PreviousDays", problem));
        if (problems.Count > 0) return problems;
        db.Add(new PreviousSchoolSuspension
        {
            PupilId = pupil.Id, SchoolId = pupil.SchoolId, StartYear = SuspensionLimit.YearStartOf(clock.Today()), SchoolName = schoolName!.Trim(),
            HalfDays = halfDays, RecordedAt = clock.UtcNow, RecordedByName = staff.Name,
        });
        await db.SaveChangesAsync(ct);
        return [];
    }

    /// <summary>Days at a previous school: whole or half days (lunchtimes there count half), more than none.</summary>
    public static (int HalfDays, string? Problem) ParseHalfDays(string? text)
    {
        if (!decimal.TryParse(text?.Trim(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d))
            return (0, "Enter the days as a number, such as 4 or 2.5.");
        if (d <= 0) return (0, "Enter more than 0 days.");
        if (d * 2 != decimal.Truncate(d * 2)) return (0, "Enter whole or half days (such as 2.5).");
        if (d > 190) return (0, "A school year has at most 190 school days.");
        return ((int)(d * 2), null);
    }

    public static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}
