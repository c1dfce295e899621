using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils.Timeline;
using Pastoral.Infrastructure;

namespace Pastoral.Features.Attendance.Calling;

/// <summary>First-day calls (each attempt, and the code confirmed from it) and expected-back dates for illness, on the pupil's timeline.</summary>
public sealed class CallingTimeline(PastoralDbContext db) : ITimelineSource
{
    public async Task<IReadOnlyList<TimelineEntry>> EntriesAsync(TimelineQuery query, CancellationToken ct)
    {
        var before = query.Before;
        var calls = await db.Set<FirstDayCall>().AsNoTracking()
            .Where(c => c.PupilId == query.PupilId && (before == null || c.CalledAt < before || (c.ConfirmedAt != null && c.ConfirmedAt < before)))
            .OrderByDescending(c => c.CalledAt).Take(query.Limit).ToListAsync(ct);
        var entries = new List<TimelineEntry>();
        foreach (var c in calls)
        {
            var what = c.Outcome == CallOutcome.ReasonGiven ? $"{c.Reason} (code {c.ProposedCode} proposed)" : CallReasons.Words(c.Outcome);
            Add(c.CalledAt, $"First-day call: {what}", string.Create(CultureInfo.InvariantCulture,
                $"Absence {c.Date:ddd d MMM yyyy} {AttendanceMarkWriter.SessionName(c.Session)}. {c.CalledByName} called {c.ContactName}") + (c.Note is null ? "" : $". Note: {c.Note}"));
            if (c.ConfirmedAt is { } at) Add(at, $"First-day call: code {c.ConfirmedCode} confirmed", $"By {c.ConfirmedByName}, from the call by {c.CalledByName}");
        }
        var illness = await db.Set<IllnessExpectation>().AsNoTracking().Where(i => i.PupilId == query.PupilId && (before == null || i.SetAt < before))
            .OrderByDescending(i => i.SetAt).Take(query.Limit).ToListAsync(ct);
        foreach (var i in illness)
            Add(i.SetAt, "Illness: expected back date set", string.Create(CultureInfo.InvariantCulture,
                $"Ill from {i.IllFrom:ddd d MMM yyyy}, expected back on {i.ExpectedBackOn:ddd d MMM yyyy}, by {i.SetByName}"));
        return [.. entries.OrderByDescending(e => e.At).Take(query.Limit)];

        void Add(DateTime at, string title, string detail)
        {
            if (before is null || at < before) entries.Add(new TimelineEntry(at, "Attendance", title, detail, null, AttendanceModule.ViewAttendance));
        }
    }
}
