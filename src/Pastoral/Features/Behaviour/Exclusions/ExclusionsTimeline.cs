using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils.Timeline;

namespace Pastoral.Features.Behaviour.Exclusions;

/// <summary>Each suspension (as recorded, with its status now), its reintegration meeting and days at earlier schools, for staff who may view exclusions.</summary>
public sealed class ExclusionsTimeline(PastoralDbContext db) : ITimelineSource
{
    public async Task<IReadOnlyList<TimelineEntry>> EntriesAsync(TimelineQuery query, CancellationToken ct)
    {
        var requires = ExclusionsModule.ViewExclusions;
        var rows = await db.Set<Suspension>().AsNoTracking().Where(s => s.PupilId == query.PupilId && (query.Before == null || s.RecordedAt < query.Before))
            .OrderByDescending(s => s.RecordedAt).Take(query.Limit).ToListAsync(ct);
        var previous = await db.Set<PreviousSchoolSuspension>().AsNoTracking().Where(p => p.PupilId == query.PupilId && (query.Before == null || p.RecordedAt < query.Before))
            .OrderByDescending(p => p.RecordedAt).Take(query.Limit).ToListAsync(ct);
        var entries = new List<TimelineEntry>();
        foreach (var s in rows)
        {
            var link = $"/pupils/{s.PupilId}/suspensions/{s.Id}";
            entries.Add(new TimelineEntry(s.RecordedAt, "Behaviour", Title(s),
                $"Reasons: {string.Join(", ", s.ReasonCodes)}; decided by {s.DecidedByName}; {SuspensionWords.Status(s.Status)} — recorded by {s.RecordedByName}", link, requires));
            if (s.ReintegrationOn is { } on)
                entries.Add(new TimelineEntry(DateTime.SpecifyKind(on.ToDateTime(new TimeOnly(12, 0)), DateTimeKind.Utc), "Behaviour",
                    $"Reintegration meeting on {SuspensionWords.Day(on)}", s.ReintegrationAttendees is { } a ? $"With {a}" : null, link + "#reintegration", requires));
        }
        entries.AddRange(previous.Select(p => new TimelineEntry(p.RecordedAt, "Behaviour", $"Suspension days at a previous school: {SuspensionLimit.DaysWords(p.HalfDays)}",
            $"{p.SchoolName}, {p.StartYear}/{(p.StartYear + 1) % 100:00} — recorded by {p.RecordedByName}", $"/pupils/{p.PupilId}/suspensions", requires)));
        return entries;
    }

    public static string Title(Suspension s) => s.Type switch
    {
        SuspensionType.Permanent => $"Permanent exclusion from {SuspensionWords.Day(s.StartsOn)}",
        SuspensionType.Lunchtime => $"Lunchtime suspension on {SuspensionWords.Day(s.StartsOn)}",
        _ => $"Suspended for {SuspensionLimit.DaysWords(s.HalfDays)} from {SuspensionWords.Day(s.StartsOn)}",
    } + (s.Status == SuspensionStatus.Confirmed ? "" : $" ({SuspensionWords.Status(s.Status)})");
}
