using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils.Timeline;

namespace Pastoral.Features.Admissions;

/// <summary>The admission entry, each deletion from roll, the date the local authority was told, and each undo, with staff names.</summary>
public sealed class AdmissionsTimeline(PastoralDbContext db) : ITimelineSource
{
    public async Task<IReadOnlyList<TimelineEntry>> EntriesAsync(TimelineQuery query, CancellationToken ct)
    {
        var entries = new List<TimelineEntry>();
        var admission = await db.Set<Admission>().AsNoTracking().Where(a => a.PupilId == query.PupilId)
            .Select(a => new { a.RecordedAt, a.RecordedByName, a.Source, a.YearGroupJoined, a.FormJoined, a.PreviousSchoolName }).FirstOrDefaultAsync(ct);
        if (admission is not null)
            entries.Add(new TimelineEntry(admission.RecordedAt, "admission", "Admission recorded in the admission register",
                $"{Joined(admission.YearGroupJoined, admission.FormJoined)}{(admission.PreviousSchoolName is null ? "" : $" from {admission.PreviousSchoolName}")}. {admission.Source}, by {admission.RecordedByName}", "#admission"));
        var deletions = await db.Set<RollDeletion>().AsNoTracking().Where(d => d.PupilId == query.PupilId).OrderByDescending(d => d.RecordedAt).Take(query.Limit)
            .Select(d => new { d.Id, d.RecordedAt, d.RecordedByName, d.LastDayOnRoll, d.Ground, d.LocalAuthorityToldOn, d.UndoneAt, d.UndoneByName, d.UndoReason })
            .ToListAsync(ct);
        foreach (var d in deletions)
        {
            entries.Add(new TimelineEntry(d.RecordedAt, "admission", $"Taken off roll: last day {AdmissionRules.Day(d.LastDayOnRoll)}",
                $"{DeletionGrounds.Words(d.Ground)} ({d.Ground}). {(d.LocalAuthorityToldOn is { } t ? $"Local authority told {AdmissionRules.Day(t)}. " : "Local authority not yet told. ")}By {d.RecordedByName}",
                $"/admissions/deletions/{d.Id}"));
            if (d.UndoneAt is { } at)
                entries.Add(new TimelineEntry(at, "admission", "Deletion from roll undone", $"{d.UndoReason} By {d.UndoneByName}", $"/admissions/deletions/{d.Id}"));
        }
        return [.. entries.Where(e => query.Before is null || e.At < query.Before).OrderByDescending(e => e.At).Take(query.Limit)];
    }

    public static string Joined(string? year, string? form) =>
        year is null && form is null ? "Joined" : $"Joined {year}{(form is null ? "" : $"{(year is null ? "" : ", ")}form {form}")}";
}
