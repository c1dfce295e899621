using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;

namespace Pastoral.Features.Behaviour.OnCall;

public sealed record WeekFigures(DateOnly WeekStarting, ResponseFigures Figures);
public sealed record NamedFigures(string Name, ResponseFigures Figures);
public sealed record OnCallReportData(int SchoolId, string SchoolName, DateOnly From, DateOnly To, ResponseFigures Total,
    IReadOnlyList<WeekFigures> Weeks, IReadOnlyList<NamedFigures> Locations, IReadOnlyList<NamedFigures> Responders);

/// <summary>Response times per week (weeks start on Monday, in the school's time zone), per location and per responder.</summary>
public sealed class OnCallReport(PastoralDbContext db, OnCallRota rota)
{
    public async Task<OnCallReportData> BuildAsync(int schoolId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var zone = await rota.ZoneOfAsync(schoolId, ct);
        var start = TimeZoneInfo.ConvertTimeToUtc(from.ToDateTime(TimeOnly.MinValue), zone);
        var end = TimeZoneInfo.ConvertTimeToUtc(to.AddDays(1).ToDateTime(TimeOnly.MinValue), zone);
        var rows = await db.Set<OnCallRequest>().AsNoTracking().Where(r => r.SchoolId == schoolId && r.RaisedAt >= start && r.RaisedAt < end)
            .Select(r => new { r.RaisedAt, r.AcceptedAt, r.ResolvedAt, r.LocationName, r.AcceptedByName }).ToListAsync(ct);
        var name = await db.Schools.Where(s => s.Id == schoolId).Select(s => s.Name).FirstAsync(ct);
        var weeks = new List<WeekFigures>();
        for (var monday = WeekStart(from); monday <= to; monday = monday.AddDays(7))
        {
            var m = monday;
            weeks.Add(new(m, ResponseFigures.Of([.. rows.Where(r => WeekStart(DateOnly.FromDateTime(SchoolClock.ToLocal(r.RaisedAt, zone))) == m)
                .Select(r => new RequestTimes(r.RaisedAt, r.AcceptedAt, r.ResolvedAt))])));
        }
        return new OnCallReportData(schoolId, name, from, to,
            ResponseFigures.Of([.. rows.Select(r => new RequestTimes(r.RaisedAt, r.AcceptedAt, r.ResolvedAt))]), weeks,
            [.. rows.GroupBy(r => r.LocationName).OrderBy(g => g.Key, StringComparer.CurrentCulture)
                .Select(g => new NamedFigures(g.Key, ResponseFigures.Of([.. g.Select(r => new RequestTimes(r.RaisedAt, r.AcceptedAt, r.ResolvedAt))])))],
            [.. rows.Where(r => r.AcceptedByName is not null).GroupBy(r => r.AcceptedByName!).OrderBy(g => g.Key, StringComparer.CurrentCulture)
                .Select(g => new NamedFigures(g.Key, ResponseFigures.Of([.. g.Select(r => new RequestTimes(r.RaisedAt, r.AcceptedAt, r.ResolvedAt))])))]);
    }

    public static DateOnly WeekStart(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
}
