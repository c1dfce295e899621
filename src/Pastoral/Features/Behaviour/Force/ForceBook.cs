using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Plans;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Security;
using static Pastoral.Features.Attendance.Support.MeetingRules;

namespace Pastoral.Features.Behaviour.Force;

public sealed record StaffNamed(Guid Id, string Name);

/// <summary>
/// The one place that checks and saves records of reasonable force and searches. Every pupil named must be one the recorder
/// may see (else "not found", never a hint that they exist); problems come back by field and nothing is saved.
/// </summary>
public sealed class ForceBook(PastoralDbContext db, PlanBook plans, SchoolClock clock)
{
    public const int TextMax = ForceIncident.TextMax;
    public const int MaxPupils = 10;
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<Dictionary<Guid, string>> StaffOfSchoolAsync(int schoolId, CancellationToken ct) => plans.StaffOfSchoolAsync(schoolId, ct);

    public async Task<ForceWrite> RecordForceAsync(StaffContext staff, ForceInput input, CancellationToken ct)
    {
        var problems = new List<(string, string)>();
        var rows = input.Pupils ?? [];
        if (rows.Count == 0) problems.Add(("Pupils", "Name the pupil or pupils force was used with"));
        if (rows.Count > MaxPupils) problems.Add(("Pupils", $"At most {MaxPupils} pupils in one record"));
        var pupils = new List<(Pupil Pupil, ForcePupilInput Row, int Index)>();
        var seen = new HashSet<int>();
        foreach (var (row, i) in rows.Take(MaxPupils).Select((r, i) => (r, i)))
        {
            var pupil = await FindAsync(staff, row.Pupil, ct);
            if (pupil is null) { problems.Add(($"Pupils-{i}-Pupil", $"Pupil {i + 1}: no pupil \"{row.Pupil}\" that you may see (enter their UPN)")); continue; }
            if (!seen.Add(pupil.Id)) { problems.Add(($"Pupils-{i}-Pupil", $"Pupil {i + 1}: {pupil.DisplayName} is named twice")); continue; }
            pupils.Add((pupil, row, i));
        }
        var schoolId = pupils.Count > 0 ? pupils[0].Pupil.SchoolId : 0;
        if (pupils.Any(p => p.Pupil.SchoolId != schoolId)) problems.Add(("Pupils", "The pupils in one record must be of the same school"));
        var at = When(input.OccurredAt, "OccurredAt", "date and time it happened", required: true, problems);
        var location = Required(input.Location, "Location", "Location", 200, "Enter where it happened", problems);
        var what = Required(input.WhatHappened, "WhatHappened", "What happened", TextMax, "Describe what happened", problems);
        var why = Required(input.WhyNeeded, "WhyNeeded", "Why force was needed", TextMax, "Say why force was needed", problems);
        var staffInjuries = Text(input.StaffInjuries, "StaffInjuries", "Staff injuries", TextMax, problems);
        var debriefOn = Date(input.DebriefOn, "DebriefOn", "debrief date", problems);
        if (debriefOn is { } d && at is { } a && d < DateOnly.FromDateTime(SchoolClock.ToLocal(a))) problems.Add(("DebriefOn", "The debrief cannot be before the force was used"));
        var debriefWith = Text(input.DebriefWith, "DebriefWith", "Debrief with", 400, problems);
        var debriefNotes = Text(input.DebriefNotes, "DebriefNotes", "Debrief notes", TextMax, problems);
        var named = new List<StaffNamed>();
        if (schoolId != 0)
        {
            var ofSchool = await StaffOfSchoolAsync(schoolId, ct);
            foreach (var id in (input.StaffIds ?? []).Distinct())
                if (ofSchool.TryGetValue(id, out var name)) named.Add(new(id, name));
                else problems.Add(("StaffIds", "Staff involved must be members of staff of the pupil's school"));
            if ((input.StaffIds ?? []).Count == 0) problems.Add(("StaffIds", "Choose the staff involved"));
        }
        var parts = new List<ForcePupil>();
        foreach (var (pupil, row, i) in pupils)
        {
            var label = $"Pupil {i + 1} ({pupil.DisplayName})";
            var (toldAt, toldHow, toldBy) = ParentsTold(row.ParentsToldAt, row.ParentsToldHow, row.ParentsToldBy, $"Pupils-{i}-", label + ": ", at, problems);
            parts.Add(new ForcePupil
            {
                PupilId = pupil.Id, SchoolId = pupil.SchoolId, Holds = Text(row.Holds, $"Pupils-{i}-Holds", $"{label}: holds", 1000, problems),
                Injuries = Text(row.Injuries, $"Pupils-{i}-Injuries", $"{label}: injuries", TextMax, problems),
                Account = Text(row.Account, $"Pupils-{i}-Account", $"{label}: their part", TextMax, problems),
                ParentsToldAt = toldAt, ParentsToldHow = toldHow, ParentsToldBy = toldBy,
            });
        }
        if (problems.Count > 0) return new ForceWrite(null, problems);
        var record = new ForceIncident
        {
            SchoolId = schoolId, OccurredAt = at!.Value, Location = location!, StaffJson = JsonSerializer.Serialize(named, Json), WhatHappened = what!, WhyNeeded = why!,
            StaffInjuries = staffInjuries, DebriefOn = debriefOn, DebriefWith = debriefWith, DebriefNotes = debriefNotes, IncidentId = input.IncidentId,
            RecordedAt = clock.UtcNow, RecordedByName = staff.Name, Pupils = parts,
        };
        db.Add(record);
        await db.SaveChangesAsync(ct);
        return new ForceWrite(record.Id, []);
    }

    public async Task<ForceWrite> RecordSearchAsync(StaffContext staff, int pupilId, SearchInput input, CancellationToken ct)
    {
        if (await db.Pupils.AsNoTracking().VisibleTo(staff).FirstOrDefaultAsync(p => p.Id == pupilId, ct) is not { } pupil) return ForceWrite.Missing;
        var problems = new List<(string, string)>();
        var kind = SearchWords.ParseKind(input.Kind);
        if (kind is null) problems.Add(("Kind", "Choose screening or search"));
        var at = When(input.OccurredAt, "OccurredAt", "date and time of the search", required: true, problems);
        var location = Required(input.Location, "Location", "Location", 200, "Enter where the search took place", problems);
        var ofSchool = await StaffOfSchoolAsync(pupil.SchoolId, ct);
        var searcherId = input.SearchedById ?? staff.UserId;
        if (!ofSchool.TryGetValue(searcherId, out var searcher)) problems.Add(("SearchedById", "Who searched must be a member of staff of the pupil's school"));
        string? witness = null;
        if (input.WitnessId is { } w)
        {
            if (w == searcherId) problems.Add(("WitnessId", "The witness must be someone other than the person who searched"));
            else if (!ofSchool.TryGetValue(w, out witness)) problems.Add(("WitnessId", "The witness must be a member of staff of the pupil's school"));
        }
        else if (kind == SearchKind.Search) problems.Add(("WitnessId", "Choose the member of staff who was present as a witness"));
        var reason = SearchWords.ReasonCode(input.Reason);
        if (reason is null) problems.Add(("Reason", "Choose the prohibited item suspected"));
        var detail = Text(input.ReasonDetail, "ReasonDetail", "Why it was suspected", TextMax, problems);
        var found = Text(input.Found, "Found", "What was found", TextMax, problems);
        var confiscated = Text(input.Confiscated, "Confiscated", "What was confiscated", TextMax, problems);
        var disposal = string.IsNullOrWhiteSpace(input.Disposal) ? null : SearchWords.DisposalCode(input.Disposal);
        if (!string.IsNullOrWhiteSpace(input.Disposal) && disposal is null)
            problems.Add(("Disposal", "Choose what happened to it: returned, handed to police, destroyed or kept by the school"));
        if (confiscated is not null && string.IsNullOrWhiteSpace(input.Disposal))
            problems.Add(("Disposal", "Say what happened to what was confiscated"));
        if (confiscated is null && disposal is not null) problems.Add(("Confiscated", "Say what was confiscated, or leave what happened to it empty"));
        var (toldAt, toldHow, toldBy) = ParentsTold(input.ParentsToldAt, input.ParentsToldHow, input.ParentsToldBy, "", "", at, problems);
        if (problems.Count > 0) return new ForceWrite(null, problems);
        var row = new SearchRecord
        {
            PupilId = pupil.Id, SchoolId = pupil.SchoolId, Kind = kind!.Value, OccurredAt = at!.Value, Location = location!, SearchedById = searcherId, SearchedByName = searcher!,
            WitnessId = input.WitnessId, WitnessName = witness, Reason = reason!, ReasonDetail = detail, Found = found, Confiscated = confiscated, Disposal = disposal,
            ParentsToldAt = toldAt, ParentsToldHow = toldHow, ParentsToldBy = toldBy, IncidentId = input.IncidentId, RecordedAt = clock.UtcNow, RecordedByName = staff.Name,
        };
        db.Add(row);
        await db.SaveChangesAsync(ct);
        return new ForceWrite(row.Id, []);
    }

    private Task<Pupil?> FindAsync(StaffContext staff, string? key, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(key)) return Task.FromResult<Pupil?>(null);
        var visible = db.Pupils.AsNoTracking().VisibleTo(staff);
        if (int.TryParse(key, CultureInfo.InvariantCulture, out var id)) return visible.FirstOrDefaultAsync(p => p.Id == id, ct);
        var upn = Upn.Normalise(key);
        return visible.FirstOrDefaultAsync(p => p.Upn == upn, ct);
    }

    private (DateTime? At, string? How, string? By) ParentsTold(string? atText, string? howText, string? byText, string prefix, string label, DateTime? happened,
        List<(string, string)> problems)
    {
        var at = When(atText, prefix + "ParentsToldAt", "time the parents were told", required: false, problems);
        var how = string.IsNullOrWhiteSpace(howText) ? null : SearchWords.ToldHow.FirstOrDefault(h => string.Equals(h, howText.Trim(), StringComparison.OrdinalIgnoreCase));
        if (!string.IsNullOrWhiteSpace(howText) && how is null) problems.Add((prefix + "ParentsToldHow", $"{label}Choose how the parents were told: {string.Join(", ", SearchWords.ToldHow)}"));
        var by = Text(byText, prefix + "ParentsToldBy", label + "Told by", 200, problems);
        if (at is null && (how is not null || by is not null) && !problems.Any(p => p.Item1 == prefix + "ParentsToldAt"))
            problems.Add((prefix + "ParentsToldAt", $"{label}Enter when the parents were told"));
        if (at is not null && how is null && string.IsNullOrWhiteSpace(howText)) problems.Add((prefix + "ParentsToldHow", $"{label}Choose how the parents were told"));
        if (at < happened) problems.Add((prefix + "ParentsToldAt", $"{label}The parents cannot have been told before it happened"));
        return (at, how, by);
    }

    /// <summary>A local school time (yyyy-MM-ddTHH:mm, as a datetime-local field sends it), as UTC; not in the future.</summary>
    private DateTime? When(string? text, string field, string label, bool required, List<(string, string)> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required) problems.Add((field, $"Enter the {label}"));
            return null;
        }
        if (!DateTime.TryParseExact(text.Trim(), ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            problems.Add((field, $"Enter the {label} as a date and a 24-hour time, such as 2026-11-24T10:15"));
            return null;
        }
        if (SchoolClock.London.IsInvalidTime(local)) { problems.Add((field, $"The {label} does not exist: the clocks went forward then")); return null; }
        var utc = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), SchoolClock.London);
        if (utc > clock.UtcNow.AddMinutes(5)) { problems.Add((field, $"The {label} cannot be in the future")); return null; }
        return utc;
    }

    private static string? Required(string? text, string field, string label, int max, string missing, List<(string Field, string)> problems)
    {
        var value = Text(text, field, label, max, problems);
        if (value is null && !problems.Any(p => p.Field == field)) problems.Add((field, missing));
        return value;
    }
}
