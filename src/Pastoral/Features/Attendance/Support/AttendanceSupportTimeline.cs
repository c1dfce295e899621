using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils.Timeline;

namespace Pastoral.Features.Attendance.Support;

/// <summary>Stage changes, meetings and celebrations on the pupil's timeline, with staff names, for staff who may view attendance support.</summary>
public sealed class AttendanceSupportTimeline(PastoralDbContext db) : ITimelineSource
{
    public async Task<IReadOnlyList<TimelineEntry>> EntriesAsync(TimelineQuery query, CancellationToken ct)
    {
        var requires = AttendanceSupportModule.ViewAttendanceSupport;
        var link = $"/pupils/{query.PupilId}/attendance/support";
        var stages = await db.Set<AttendanceStageChange>().AsNoTracking().Where(s => s.PupilId == query.PupilId && (query.Before == null || s.At < query.Before))
            .OrderByDescending(s => s.At).Take(query.Limit).ToListAsync(ct);
        var meetings = await db.Set<AttendanceMeeting>().AsNoTracking().Where(m => m.PupilId == query.PupilId && (query.Before == null || m.RecordedAt < query.Before))
            .OrderByDescending(m => m.RecordedAt).Take(query.Limit).ToListAsync(ct);
        var celebrations = await db.Set<AttendanceCelebration>().AsNoTracking().Where(c => c.PupilId == query.PupilId && (query.Before == null || c.At < query.Before))
            .OrderByDescending(c => c.At).Take(query.Limit).ToListAsync(ct);
        return
        [
            .. stages.Select(s => new TimelineEntry(s.At, "Attendance", $"Attendance stage: {AttendanceStages.Label(s.FromStage ?? AttendanceStage.Expect)} → {AttendanceStages.Label(s.Stage)}",
                $"{s.Reason} — by {s.ByName}{(s.LeadName is null ? "" : $"; lead {s.LeadName}")}", link, requires)),
            .. meetings.Select(m => new TimelineEntry(m.RecordedAt, "Attendance",
                m.HeldOn > DateOnly.FromDateTime(m.RecordedAt) ? $"Attendance meeting arranged for {MeetingRules.Day(m.HeldOn)}" : $"Attendance meeting on {MeetingRules.Day(m.HeldOn)}",
                $"With {string.Join(", ", m.Attendees.Select(a => a.Name))}" + (m.BarrierCodes.Count > 0 ? $"; barriers: {string.Join(", ", m.BarrierCodes.Select(AttendanceBarriers.Name))}" : "")
                    + (m.Actions.Count > 0 ? $"; {m.Actions.Count} action{(m.Actions.Count == 1 ? "" : "s")} agreed" : "") + $" — by {m.RecordedByName}", $"{link}#meeting-{m.Id}", requires)),
            .. celebrations.Select(c => new TimelineEntry(c.At, "Attendance", $"Attendance celebrated: {c.Format}", $"{c.WhatImproved} — by {c.ByName}",
                $"{link}/celebrations/{c.Id}", requires)),
        ];
    }
}
