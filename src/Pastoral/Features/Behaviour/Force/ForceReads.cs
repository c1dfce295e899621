using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Force;

/// <summary>
/// One pupil's part in a use of force. The shared account (<see cref="Shared"/>) is there only when the viewer may see every
/// pupil involved: it may name the others.
/// </summary>
public sealed record ForcePart(int RecordId, DateTime OccurredAt, string Location, IReadOnlyList<string> Staff, string? Holds, string? Injuries, string? Account,
    DateTime? ParentsToldAt, string? ParentsToldHow, string? ParentsToldBy, int OtherPupils, ForceShared? Shared, long? IncidentId, string RecordedBy, DateTime RecordedAt);

public sealed record ForceShared(string WhatHappened, string WhyNeeded, string? StaffInjuries, DateOnly? DebriefOn, string? DebriefWith, string? DebriefNotes,
    IReadOnlyList<string> OtherPupilNames);

public sealed record SearchView(int Id, SearchKind Kind, DateTime OccurredAt, string Location, string SearchedBy, string? Witness, string Reason, string? ReasonDetail,
    string? Found, string? Confiscated, string? Disposal, DateTime? ParentsToldAt, string? ParentsToldHow, string? ParentsToldBy, string RecordedBy);

/// <summary>Reading a pupil's force and search records through the one scope filter.</summary>
public sealed class ForceReads(PastoralDbContext db)
{
    public async Task<IReadOnlyList<ForcePart>> PartsAsync(StaffContext staff, int pupilId, CancellationToken ct)
    {
        var parts = await db.Set<ForcePupil>().AsNoTracking().VisibleTo(staff, db).Where(p => p.PupilId == pupilId)
            .Join(db.Set<ForceIncident>(), p => p.ForceIncidentId, f => f.Id, (p, f) => new { Part = p, Record = f })
            .OrderByDescending(x => x.Record.OccurredAt).ToListAsync(ct);
        var recordIds = parts.Select(p => p.Record.Id).ToList();
        var involved = await db.Set<ForcePupil>().AsNoTracking().Where(p => recordIds.Contains(p.ForceIncidentId))
            .Select(p => new { p.ForceIncidentId, p.PupilId }).ToListAsync(ct);
        var involvedIds = involved.Select(i => i.PupilId).Distinct().ToList();
        // The pupils this viewer may see, with their names; any other pupil in a record hides its shared account.
        var visible = (await db.Pupils.AsNoTracking().VisibleTo(staff).Where(p => involvedIds.Contains(p.Id)).ToListAsync(ct)).ToDictionary(p => p.Id, p => p.DisplayName);
        return [.. parts.Select(x =>
        {
            var others = involved.Where(i => i.ForceIncidentId == x.Record.Id && i.PupilId != pupilId).Select(i => i.PupilId).ToList();
            var shared = others.All(visible.ContainsKey)
                ? new ForceShared(x.Record.WhatHappened, x.Record.WhyNeeded, x.Record.StaffInjuries, x.Record.DebriefOn, x.Record.DebriefWith, x.Record.DebriefNotes,
                    [.. others.Select(o => visible[o])])
                : null;
            return new ForcePart(x.Record.Id, x.Record.OccurredAt, x.Record.Location, StaffNames(x.Record.StaffJson), x.Part.Holds, x.Part.Injuries, x.Part.Account,
                x.Part.ParentsToldAt, x.Part.ParentsToldHow, x.Part.ParentsToldBy, others.Count, shared, x.Record.IncidentId, x.Record.RecordedByName, x.Record.RecordedAt);
        })];
    }

    public async Task<IReadOnlyList<SearchView>> SearchesAsync(StaffContext staff, int pupilId, CancellationToken ct) =>
        [.. (await db.Set<SearchRecord>().AsNoTracking().VisibleTo(staff, db).Where(s => s.PupilId == pupilId).OrderByDescending(s => s.OccurredAt).ToListAsync(ct))
            .Select(s => new SearchView(s.Id, s.Kind, s.OccurredAt, s.Location, s.SearchedByName, s.WitnessName, SearchWords.ReasonName(s.Reason), s.ReasonDetail,
                s.Found, s.Confiscated, s.Disposal is null ? null : SearchWords.DisposalLabel(s.Disposal), s.ParentsToldAt, s.ParentsToldHow, s.ParentsToldBy, s.RecordedByName))];

    public static IReadOnlyList<string> StaffNames(string json) =>
        [.. (JsonSerializer.Deserialize<List<StaffNamed>>(json, ForceBook.Json) ?? []).Select(s => s.Name)];
}
