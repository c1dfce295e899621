using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Schools;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.OnCall;

/// <summary>A rota row as typed: who, which weekday, and either a period of the school day or two times.</summary>
public sealed record DutyInput(Guid? StaffId, string? Weekday, int? PeriodId, string? From, string? To);

/// <summary>
/// Who is on call: the weekly rota of each school, plus anyone who has said "I'm on call now" for today. A request goes to the
/// people on call at that moment in the school's own time zone, or to every responder of the school when nobody is.
/// </summary>
public sealed class OnCallRota(PastoralDbContext db, TimeProvider time)
{
    /// <summary>Where "I'm on call now" ends when the school has no periods entered.</summary>
    public static readonly TimeOnly DefaultDayEnd = new(17, 0);

    public static TimeZoneInfo Zone(string? id)
    {
        try { return id is null ? SchoolClock.London : TimeZoneInfo.FindSystemTimeZoneById(id); }
        catch (TimeZoneNotFoundException) { return SchoolClock.London; }
    }

    public async Task<TimeZoneInfo> ZoneOfAsync(int schoolId, CancellationToken ct) =>
        Zone(await db.Schools.Where(s => s.Id == schoolId).Select(s => s.TimeZone).FirstOrDefaultAsync(ct));

    /// <summary>The duties in force at <paramref name="utc"/> (the rota for that weekday and time, and one-day duties), with active responders only.</summary>
    public async Task<IReadOnlyList<(Guid StaffId, string Name)>> OnCallAtAsync(int schoolId, DateTime utc, CancellationToken ct)
    {
        var local = SchoolClock.ToLocal(utc, await ZoneOfAsync(schoolId, ct));
        var day = DateOnly.FromDateTime(local);
        var t = TimeOnly.FromDateTime(local);
        var weekday = local.DayOfWeek;
        var duties = await db.Set<OnCallDuty>().AsNoTracking()
            .Where(d => d.SchoolId == schoolId && (d.OnDate == day || (d.OnDate == null && d.Weekday == weekday)) && d.StartsAt <= t && d.EndsAt > t)
            .Select(d => new { d.StaffId, d.StaffName }).ToListAsync(ct);
        var responders = (await RespondersAsync(schoolId, ct)).Select(r => r.StaffId).ToHashSet();
        return [.. duties.Where(d => responders.Contains(d.StaffId)).DistinctBy(d => d.StaffId).Select(d => (d.StaffId, d.StaffName))];
    }

    /// <summary>Whom a request raised now goes to: the staff on call, or every responder of the school if nobody is.</summary>
    public async Task<IReadOnlyList<Guid>> RecipientsAsync(int schoolId, DateTime utc, CancellationToken ct)
    {
        var onCall = await OnCallAtAsync(schoolId, utc, ct);
        return onCall.Count > 0 ? [.. onCall.Select(o => o.StaffId)] : [.. (await RespondersAsync(schoolId, ct)).Select(r => r.StaffId)];
    }

    /// <summary>Active staff who may respond to on-call (<see cref="OnCallModule.RespondOnCall"/>) and reach the school.</summary>
    public async Task<IReadOnlyList<(Guid StaffId, string Name)>> RespondersAsync(int schoolId, CancellationToken ct)
    {
        var roles = Roles.All.Where(r => Permissions.Allows([r], OnCallModule.RespondOnCall)).ToList();
        var ids = await Notifier.ActiveHoldersOf(db, roles).Select(u => u.Id).ToListAsync(ct);
        var found = new List<(Guid, string)>();
        foreach (var id in ids)
            if (await CurrentStaff.LoadAsync(db, id, time, ct) is { } s && s.SchoolIds.Contains(schoolId)) found.Add((id, s.Name));
        return [.. found.OrderBy(f => f.Item2, StringComparer.CurrentCulture)];
    }

    public async Task<IReadOnlyList<(string Field, string Message)>> AddAsync(StaffContext by, int schoolId, DutyInput input, CancellationToken ct)
    {
        var problems = new List<(string, string)>();
        var responders = await RespondersAsync(schoolId, ct);
        var who = responders.FirstOrDefault(r => r.StaffId == input.StaffId);
        if (who.StaffId == Guid.Empty) problems.Add(("staff", "Choose a member of staff who can respond to on-call at this school."));
        DayOfWeek? weekday = Enum.TryParse<DayOfWeek>(input.Weekday, true, out var w) && Enum.IsDefined(w) && w is not (DayOfWeek.Saturday or DayOfWeek.Sunday) ? w : null;
        if (weekday is null) problems.Add(("weekday", "Choose a weekday from Monday to Friday."));
        TimeOnly from, to;
        if (input.PeriodId is { } pid)
        {
            var period = await db.Set<SchoolPeriod>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == pid && p.SchoolId == schoolId, ct);
            if (period is null) { problems.Add(("period", "Choose one of the school's periods, or enter the times.")); from = to = default; }
            else (from, to) = (period.StartsAt, period.EndsAt);
        }
        else
        {
            var okFrom = TimeOnly.TryParseExact(input.From?.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out from);
            var okTo = TimeOnly.TryParseExact(input.To?.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out to);
            if (!okFrom) problems.Add(("from", "Enter the time on-call starts, like 08:40, or choose a period."));
            if (!okTo) problems.Add(("to", "Enter the time on-call ends, like 15:10, or choose a period."));
            if (okFrom && okTo && to <= from) problems.Add(("to", "The end must be after the start."));
        }
        if (problems.Count > 0) return problems;
        db.Add(new OnCallDuty
        {
            SchoolId = schoolId, StaffId = who.StaffId, StaffName = who.Name, Weekday = weekday, StartsAt = from, EndsAt = to,
            AddedAt = time.GetUtcNow().UtcDateTime, AddedByName = by.Name,
        });
        await db.SaveChangesAsync(ct);
        return [];
    }

    public async Task<bool> RemoveAsync(int schoolId, int dutyId, CancellationToken ct)
    {
        var duty = await db.Set<OnCallDuty>().FirstOrDefaultAsync(d => d.Id == dutyId && d.SchoolId == schoolId, ct);
        if (duty is null) return false;
        db.Remove(duty);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>"I'm on call now": the responder is on call from now until the end of the school day, today only.</summary>
    public async Task<TimeOnly> OnCallNowAsync(StaffContext staff, int schoolId, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var local = SchoolClock.ToLocal(now, await ZoneOfAsync(schoolId, ct));
        var t = TimeOnly.FromDateTime(local);
        var lastEnd = await db.Set<SchoolPeriod>().Where(p => p.SchoolId == schoolId).MaxAsync(p => (TimeOnly?)p.EndsAt, ct);
        var end = lastEnd is { } e && e > t ? e : t < DefaultDayEnd ? DefaultDayEnd : new TimeOnly(23, 59);
        db.Add(new OnCallDuty
        {
            SchoolId = schoolId, StaffId = staff.UserId, StaffName = staff.Name, OnDate = DateOnly.FromDateTime(local),
            StartsAt = new TimeOnly(t.Hour, t.Minute), EndsAt = end, AddedAt = now, AddedByName = staff.Name,
        });
        await db.SaveChangesAsync(ct);
        return end;
    }

    /// <summary>Ends the person's own "I'm on call now" for today (the weekly rota stays).</summary>
    public async Task OffCallAsync(StaffContext staff, int schoolId, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(SchoolClock.ToLocal(time.GetUtcNow().UtcDateTime, await ZoneOfAsync(schoolId, ct)));
        var mine = await db.Set<OnCallDuty>().Where(d => d.SchoolId == schoolId && d.StaffId == staff.UserId && d.OnDate == today).ToListAsync(ct);
        db.RemoveRange(mine);
        await db.SaveChangesAsync(ct);
    }
}
