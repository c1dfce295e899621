using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Admin.Responsibilities;
using Pastoral.Features.Pupils;
using Pastoral.Features.Schools;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Detentions;

/// <param name="Pupil">The pupil's id or UPN.</param>
/// <param name="Type">The detention type's id or name.</param>
/// <param name="Date">The sitting's date, yyyy-MM-dd.</param>
public sealed record DetentionInput(string? Pupil, string? Type, string? Date, string? Reason, int? IncidentId);

public sealed record DetentionResult(Detention? Detention, IReadOnlyDictionary<string, string[]> Problems)
{
    public bool Saved => Detention is not null && Problems.Count == 0;
}

/// <summary>A sitting: a type on a date, with how many places are taken.</summary>
public sealed record Sitting(int TypeId, string TypeName, DateOnly Date, TimeOnly StartsAt, int Minutes, string? Room, int Taken, int Capacity)
{
    public int Free => Math.Max(0, Capacity - Taken);
}

/// <summary>
/// THE one write path for detentions: setting one (checks by field in staff's words, nothing saved on a problem, a place taken
/// atomically through the sitting's unique seats), and marking the register (a missed detention escalates to the next sitting
/// with space of the type's escalation, tells the head of year in the same save, then calls every <see cref="IDetentionMissed"/>).
/// </summary>
public sealed class DetentionBook(PastoralDbContext db, SchoolClock clock, INotifier notifier, Responsibilities responsibilities,
    DetentionParents parents, IEnumerable<IDetentionMissed> hooks, ILogger<DetentionBook> log)
{
    public const string DateFormat = "yyyy-MM-dd";
    public const string MissedKind = "detention-missed";
    /// <summary>How far ahead sittings are offered and searched for space.</summary>
    public const int LookAheadDays = 42;
    private const int SeatAttempts = 8;

    public static string Day(DateOnly d) => d.ToString("ddd d MMM yyyy", CultureInfo.InvariantCulture);

    public IQueryable<DetentionType> TypesOf(int schoolId) => db.Set<DetentionType>().Where(t => t.SchoolId == schoolId);

    public async Task<DetentionResult> SetAsync(StaffContext staff, DetentionInput input, CancellationToken ct = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            var problems = new Dictionary<string, string[]>();
            var detention = await CheckAsync(staff, input, problems, ct);
            if (detention is null || problems.Count > 0) return new DetentionResult(null, problems);
            db.Add(detention);
            await parents.TellSetAsync(detention, staff.UserId, ct);
            try
            {
                await db.SaveChangesAsync(ct);
                return new DetentionResult(detention, problems);
            }
            catch (DbUpdateException) when (attempt < SeatAttempts)
            {
                // Someone took that seat a moment ago (the unique index): look again.
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<Detention?> CheckAsync(StaffContext staff, DetentionInput input, Dictionary<string, string[]> problems, CancellationToken ct)
    {
        void Add(string key, string message) => problems.TryAdd(key, [message]);
        var pupil = string.IsNullOrWhiteSpace(input.Pupil) ? null : await FindPupilAsync(staff, input.Pupil.Trim(), ct);
        if (string.IsNullOrWhiteSpace(input.Pupil)) Add("pupil", "Choose a pupil");
        else if (pupil is null) Add("pupil", $"There is no pupil '{input.Pupil.Trim()}' that you may see");
        var reason = input.Reason?.Trim();
        if (string.IsNullOrEmpty(reason)) Add("reason", "Enter the reason for the detention");
        else if (reason.Length > Detention.ReasonMax) Add("reason", $"The reason can be at most {Detention.ReasonMax} characters");
        DateOnly? date = null;
        if (string.IsNullOrWhiteSpace(input.Date)) Add("date", "Choose the sitting's date");
        else if (DateOnly.TryParseExact(input.Date.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) date = d;
        else Add("date", "Enter the date as year-month-day, for example 2026-11-26");
        if (pupil is null)
        {
            if (string.IsNullOrWhiteSpace(input.Type)) Add("type", "Choose the kind of detention");
            return null;
        }
        var type = await FindTypeAsync(pupil.SchoolId, input.Type, ct);
        if (string.IsNullOrWhiteSpace(input.Type)) Add("type", "Choose the kind of detention");
        else if (type is null) Add("type", $"There is no detention type '{input.Type.Trim()}' at {pupil.Forename}'s school");
        if (input.IncidentId is { } incidentId && !await db.VisibleParts(staff).AnyAsync(p => p.IncidentId == incidentId && p.PupilId == pupil.Id, ct))
            Add("incident", $"Incident {incidentId} is not one {pupil.Forename} is part of");
        if (type is null || date is null) return null;
        var year = await YearsAsync(pupil.SchoolId, ct);
        if (DateProblem(type, date.Value, year) is { } problem) { Add("date", problem); return null; }
        if (await db.Set<Detention>().AnyAsync(x => x.TypeId == type.Id && x.Date == date && x.PupilId == pupil.Id, ct))
        { Add("date", $"{pupil.Forename} already has a place at the {type.Name.ToLowerInvariant()} on {Day(date.Value)}"); return null; }
        var seat = await FreeSeatAsync(type, date.Value, ct);
        if (seat is null)
        {
            var next = (await SittingsAsync(type, year, ct)).FirstOrDefault(s => s.Free > 0);
            Add("date", $"The {type.Name.ToLowerInvariant()} on {Day(date.Value)} is full ({type.Capacity} of {type.Capacity} places taken)"
                + (next is null ? "" : $": the next sitting with space is {Day(next.Date)}"));
            return null;
        }
        return new Detention
        {
            SchoolId = pupil.SchoolId, PupilId = pupil.Id, TypeId = type.Id, Date = date.Value, Seat = seat.Value, Reason = reason!,
            IncidentId = input.IncidentId, Status = DetentionStatus.Set, ParentsToBeTold = type.ParentsTold,
            SetById = staff.UserId, SetByName = staff.Name, SetAt = clock.UtcNow,
        };
    }

    /// <summary>Why a sitting of this type on this date cannot be chosen now, in staff's words; null if it can.</summary>
    public string? DateProblem(DetentionType type, DateOnly date, IReadOnlyList<AcademicYear> years)
    {
        var now = clock.LocalNow();
        var start = date.ToDateTime(type.StartsAt);
        if (start <= now)
            return date < DateOnly.FromDateTime(now) ? $"{Day(date)} is in the past: choose a sitting still to come"
                : $"Today's {type.Name.ToLowerInvariant()} has already started: choose a later sitting";
        if (!years.Any(y => SchoolDays.IsSchoolDay(y, date))) return $"{Day(date)} is not a school day";
        if (!type.SitsOn(date)) return $"The {type.Name.ToLowerInvariant()} sits on {type.DaysWords}, not on {date.DayOfWeek}";
        if (type.OutsideSchoolHours && type.NoticeHours > 0 && start < now.AddHours(type.NoticeHours))
        {
            var first = Enumerable.Range(0, LookAheadDays).Select(i => DateOnly.FromDateTime(now).AddDays(i))
                .FirstOrDefault(d => d.ToDateTime(type.StartsAt) >= now.AddHours(type.NoticeHours) && type.SitsOn(d) && years.Any(y => SchoolDays.IsSchoolDay(y, d)));
            return $"The {type.Name.ToLowerInvariant()} is outside school hours, so parents must have {type.NoticeHours} hours' notice"
                + (first == default ? "" : $": the first sitting you can choose is {Day(first)}");
        }
        return null;
    }

    /// <summary>The sittings of a type that may still be chosen (school days it sits, started, within notice), with places taken.</summary>
    public async Task<IReadOnlyList<Sitting>> SittingsAsync(DetentionType type, IReadOnlyList<AcademicYear> years, CancellationToken ct)
    {
        var today = clock.Today();
        var dates = Enumerable.Range(0, LookAheadDays).Select(i => today.AddDays(i)).Where(d => DateProblem(type, d, years) is null).ToList();
        if (dates.Count == 0) return [];
        var (from, to) = (dates[0], dates[^1]);
        var taken = await db.Set<Detention>().Where(x => x.TypeId == type.Id && x.Date >= from && x.Date <= to)
            .GroupBy(x => x.Date).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return [.. dates.Select(d => new Sitting(type.Id, type.Name, d, type.StartsAt, type.Minutes, type.Room, taken.GetValueOrDefault(d), type.Capacity))];
    }

    public async Task<IReadOnlyList<AcademicYear>> YearsAsync(int schoolId, CancellationToken ct) =>
        await db.AcademicYears.AsNoTracking().Include(y => y.Terms).Include(y => y.ClosureDays).AsSplitQuery()
            .Where(y => y.SchoolId == schoolId).ToListAsync(ct);

    private async Task<int?> FreeSeatAsync(DetentionType type, DateOnly date, CancellationToken ct)
    {
        var taken = (await db.Set<Detention>().Where(x => x.TypeId == type.Id && x.Date == date).Select(x => x.Seat).ToListAsync(ct)).ToHashSet();
        for (var seat = 1; seat <= type.Capacity; seat++) if (!taken.Contains(seat)) return seat;
        return null;
    }

    private Task<Pupil?> FindPupilAsync(StaffContext staff, string key, CancellationToken ct)
    {
        var byId = int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id);
        var upn = key.ToUpperInvariant();
        return db.Pupils.AsNoTracking().VisibleTo(staff).FirstOrDefaultAsync(p => byId ? p.Id == id : p.Upn == upn, ct);
    }

    public async Task<DetentionType?> FindTypeAsync(int schoolId, string? key, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(key)) return null;
        var k = key.Trim();
        var types = db.Set<DetentionType>().AsNoTracking().Where(t => t.SchoolId == schoolId && t.Active);
        if (int.TryParse(k, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return await types.FirstOrDefaultAsync(t => t.Id == id, ct);
        var lower = k.ToLowerInvariant();
        return await types.FirstOrDefaultAsync(t => t.Name.ToLower() == lower, ct);
    }

    /// <summary>
    /// Marks one pupil's place at a sitting (only once the sitting has begun, except excused). Marking it missed (from anything
    /// else) sets the escalated detention and tells the head of year in the same save; then the <see cref="IDetentionMissed"/> hooks run.
    /// </summary>
    public async Task<(bool Found, string? Problem, Detention? EscalatedTo)> MarkAsync(StaffContext staff, int detentionId, DetentionStatus status, CancellationToken ct = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            var d = await db.Set<Detention>().VisibleTo(staff, db).Include(x => x.Type).FirstOrDefaultAsync(x => x.Id == detentionId, ct);
            if (d is null) return (false, null, null);
            if (status != DetentionStatus.Excused && d.Date.ToDateTime(d.Type!.StartsAt) > clock.LocalNow())
                return (true, $"The {d.Type.Name.ToLowerInvariant()} on {Day(d.Date)} has not started yet: mark it once it has", null);
            var nowMissed = status == DetentionStatus.Missed && d.Status != DetentionStatus.Missed;
            // Excused before it begins: for parents, the detention is cancelled.
            if (status == DetentionStatus.Excused && d.Status == DetentionStatus.Set && d.Date.ToDateTime(d.Type!.StartsAt) > clock.LocalNow())
                await parents.TellCancelledAsync(d, staff.UserId, ct);
            (d.Status, d.MarkedByName, d.MarkedAt) = (status, staff.Name, clock.UtcNow);
            Detention? escalated = null;
            if (nowMissed)
            {
                escalated = await EscalateAsync(d, staff, ct);
                if (escalated is not null) await parents.TellSetAsync(escalated, staff.UserId, ct);
                await TellHeadOfYearAsync(d, escalated, ct);
            }
            try { await db.SaveChangesAsync(ct); }
            catch (DbUpdateException) when (attempt < SeatAttempts)
            {
                db.ChangeTracker.Clear();
                continue;
            }
            if (nowMissed) await RaiseMissedAsync(new MissedDetention(d.Id, d.SchoolId, d.PupilId, d.TypeId, d.Date, d.IncidentId, escalated?.Id), ct);
            return (true, null, escalated);
        }
    }

    private async Task<Detention?> EscalateAsync(Detention missed, StaffContext staff, CancellationToken ct)
    {
        if (missed.Type!.EscalatesToId is not { } toId || await db.Set<Detention>().AnyAsync(x => x.EscalatedFromId == missed.Id, ct)) return null;
        var to = await db.Set<DetentionType>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == toId && t.Active, ct);
        if (to is null) return null;
        if (await NextPlaceAsync(to, missed.PupilId, ct) is not { } place) return null;
        var escalated = new Detention
        {
            SchoolId = missed.SchoolId, PupilId = missed.PupilId, TypeId = to.Id, Date = place.Date, Seat = place.Seat,
            Reason = Cut($"Missed the {missed.Type.Name.ToLowerInvariant()} on {Day(missed.Date)}: {missed.Reason}"),
            IncidentId = missed.IncidentId, EscalatedFromId = missed.Id, ParentsToBeTold = to.ParentsTold,
            SetById = staff.UserId, SetByName = staff.Name, SetAt = clock.UtcNow,
        };
        db.Add(escalated);
        return escalated;
    }

    /// <summary>Who a detention set by a behaviour rule is "set by" (no member of staff set it).</summary>
    public const string RuleSetterName = "The school's behaviour rule";

    /// <summary>
    /// A detention a behaviour rule asked for: the school's shortest active after-school type (else its shortest of any kind), at
    /// the next sitting that may still be chosen (school day, notice rule) with a free place within <see cref="LookAheadDays"/>.
    /// Added to the context, NOT saved: the caller's save commits it with its own record, and the sitting's unique seats refuse
    /// it if someone took the place meanwhile. Null when the school has no type or no sitting has space.
    /// </summary>
    public async Task<Detention?> AddForRuleAsync(int schoolId, int pupilId, string reason, CancellationToken ct = default)
    {
        var types = await db.Set<DetentionType>().AsNoTracking().Where(t => t.SchoolId == schoolId && t.Active).ToListAsync(ct);
        var type = types.OrderByDescending(t => t.Kind == DetentionKind.AfterSchool).ThenBy(t => t.Minutes).ThenBy(t => t.Id).FirstOrDefault();
        if (type is null || await NextPlaceAsync(type, pupilId, ct) is not { } place) return null;
        var detention = new Detention
        {
            SchoolId = schoolId, PupilId = pupilId, TypeId = type.Id, Date = place.Date, Seat = place.Seat, Reason = Cut(reason),
            Status = DetentionStatus.Set, ParentsToBeTold = type.ParentsTold, SetById = Guid.Empty, SetByName = RuleSetterName, SetAt = clock.UtcNow,
        };
        db.Add(detention);
        await parents.TellSetAsync(detention, Guid.Empty, ct);
        return detention;
    }

    /// <summary>The first sitting of <paramref name="type"/> that may be chosen now, has a free place and does not already hold the pupil.</summary>
    private async Task<(DateOnly Date, int Seat)?> NextPlaceAsync(DetentionType type, int pupilId, CancellationToken ct)
    {
        var years = await YearsAsync(type.SchoolId, ct);
        foreach (var sitting in (await SittingsAsync(type, years, ct)).Where(s => s.Free > 0))
        {
            if (await db.Set<Detention>().AnyAsync(x => x.TypeId == type.Id && x.Date == sitting.Date && x.PupilId == pupilId, ct)) continue;
            if (await FreeSeatAsync(type, sitting.Date, ct) is { } seat) return (sitting.Date, seat);
        }
        return null;
    }

    private static string Cut(string s) => s.Length <= Detention.ReasonMax ? s : s[..(Detention.ReasonMax - 1)] + "…";

    private async Task TellHeadOfYearAsync(Detention missed, Detention? escalated, CancellationToken ct)
    {
        var pupil = await db.Pupils.AsNoTracking().FirstAsync(p => p.Id == missed.PupilId, ct);
        if (pupil.YearGroupId is not { } year) return;
        var to = await responsibilities.OfYearGroup(year, ResponsibilityKind.HeadOfYear).ToListAsync(ct);
        if (to.Count == 0) return;
        var name = pupil.DisplayName;
        var then = escalated is null ? "no later detention was set" : $"{(await db.Set<DetentionType>().Where(t => t.Id == escalated.TypeId).Select(t => t.Name).FirstAsync(ct)).ToLowerInvariant()} set for {Day(escalated.Date)}";
        notifier.Notify(db, to, new StaffNotice(MissedKind, $"{name} missed the {missed.Type!.Name.ToLowerInvariant()} on {Day(missed.Date)}; {then}",
            $"/pupils/{missed.PupilId}/detentions") { SchoolId = missed.SchoolId });
    }

    private async Task RaiseMissedAsync(MissedDetention missed, CancellationToken ct)
    {
        foreach (var hook in hooks)
        {
            try { await hook.DetentionMissedAsync(missed, ct); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Detention hook {Hook} failed for detention {DetentionId}", hook.GetType().Name, missed.DetentionId);
            }
        }
    }
}
