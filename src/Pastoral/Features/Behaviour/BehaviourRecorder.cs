using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Features.Schools;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour;

/// <summary>
/// THE one write path for incidents, for the form, the API, on-call and imports alike: checks everything (problems by field in
/// staff's words, nothing saved if any), saves the incident with each pupil's part in one save (the DbContext audits the incident
/// on the school and each part on its own pupil, so no entry names another pupil), remembers the recorder's lesson context,
/// then calls every <see cref="IIncidentLogged"/>.
/// </summary>
public sealed class BehaviourRecorder(PastoralDbContext db, SchoolClock clock, IEnumerable<IIncidentLogged> hooks, ILogger<BehaviourRecorder> log)
{
    public const string LocalFormat = "yyyy-MM-dd'T'HH:mm";
    public const int MaxPupils = 40;

    private sealed record Checked(int SchoolId, BehaviourType Type, DateTime OccurredAt, int? PeriodId, int? LocationId, string? LocationName,
        List<(Pupil Pupil, IncidentRole Role, int Points, string? Outcome, string? Account)> Parts, List<(Guid Id, string Name)> Staff);

    /// <summary>The problems <see cref="LogAsync"/> would answer, without saving (for a caller that found problems of its own first).</summary>
    public async Task<IReadOnlyDictionary<string, string[]>> ProblemsAsync(StaffContext staff, IncidentInput input, CancellationToken ct = default) =>
        (await CheckAsync(staff, input, ct)).Problems;

    public async Task<IncidentResult> LogAsync(StaffContext staff, IncidentInput input, CancellationToken ct = default)
    {
        var (problems, c) = await CheckAsync(staff, input, ct);
        if (problems.Count > 0) return new IncidentResult(null, problems);
        var incident = new BehaviourIncident
        {
            SchoolId = c!.SchoolId, TypeId = c.Type.Id, RecordedById = staff.UserId, RecordedByName = staff.Name,
            RecordedAt = clock.UtcNow, OnCallRequestId = input.OnCallRequestId,
        };
        Apply(incident, input, c);
        foreach (var part in c.Parts)
            incident.Pupils.Add(new IncidentPupil { PupilId = part.Pupil.Id, Role = part.Role, Points = part.Points, Outcome = part.Outcome, Account = part.Account });
        db.Add(incident);
        if (input.RememberContext) await RememberAsync(staff, c, input, ct);
        await db.SaveChangesAsync(ct);
        await RaiseAsync(incident, c.Type, ct);
        return new IncidentResult(incident, problems)
        {
            Names = new IncidentNames(c.Type, c.LocationName, c.Parts.ToDictionary(p => p.Pupil.Id, p => p.Pupil.Upn)),
        };
    }

    /// <summary>
    /// Changes an incident (only for staff who may edit it: <see cref="IncidentAccess.MayEditAsync"/>; anyone else: NotFound) if
    /// <paramref name="version"/> is still current: its fields, and its pupils' parts (kept, changed, added or removed by pupil); the
    /// staff involved are <see cref="IncidentInput.OtherStaff"/> and whoever logged it (not the editor). Stale: nothing written.
    /// Each pupil whose view of it changed gets an audit entry naming the changed fields (their timeline shows it).
    /// </summary>
    public async Task<IncidentResult> UpdateAsync(StaffContext staff, int incidentId, int version, IncidentInput input, CancellationToken ct = default)
    {
        if (!await db.MayEditAsync(staff, incidentId, ct)) return new IncidentResult(null, new Dictionary<string, string[]>(), NotFound: true);
        var incident = await db.Set<BehaviourIncident>().Include(i => i.Pupils).Include(i => i.Staff).FirstAsync(i => i.Id == incidentId, ct);
        var (problems, c) = await CheckAsync(staff, input, ct, incident.RecordedById);
        if (problems.Count > 0) return new IncidentResult(incident, problems);
        if (incident.Version != version) return new IncidentResult(incident, problems, Stale: true);
        Apply(incident, input, c!);
        incident.TypeId = c!.Type.Id;
        foreach (var gone in incident.Pupils.Where(p => c.Parts.All(n => n.Pupil.Id != p.PupilId)).ToList())
        {
            incident.Pupils.Remove(gone);
            db.Remove(gone);
        }
        foreach (var part in c.Parts)
        {
            var row = incident.Pupils.FirstOrDefault(p => p.PupilId == part.Pupil.Id);
            if (row is null) incident.Pupils.Add(row = new IncidentPupil { PupilId = part.Pupil.Id });
            (row.Role, row.Points, row.Outcome, row.Account) = (part.Role, part.Points, part.Outcome, part.Account);
        }
        IncidentEdits.AuditOnPupils(db, incident);
        // The version moves with any change to a part too, so a second editor is told.
        db.Entry(incident).Property(i => i.Version).IsModified = true;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new IncidentResult(await db.Set<BehaviourIncident>().AsNoTracking().Include(i => i.Pupils).Include(i => i.Staff)
                .FirstAsync(i => i.Id == incidentId, ct), problems, Stale: true);
        }
        return new IncidentResult(incident, problems);
    }

    private void Apply(BehaviourIncident incident, IncidentInput input, Checked c)
    {
        incident.OccurredAt = c.OccurredAt;
        incident.OccurredOn = DateOnly.FromDateTime(SchoolClock.ToLocal(c.OccurredAt));
        incident.PeriodId = c.PeriodId;
        incident.LocationId = c.LocationId;
        incident.Subject = Clean(input.Subject);
        incident.Description = Clean(input.Description);
        incident.ActionsTaken = Clean(input.ActionsTaken);
        incident.ParentsContacted = input.ParentsContacted;
        incident.ParentsContactNote = input.ParentsContacted ? Clean(input.ParentsContactNote) : null;
        foreach (var gone in incident.Staff.Where(s => c.Staff.All(n => n.Id != s.StaffId)).ToList()) incident.Staff.Remove(gone);
        foreach (var (id, name) in c.Staff.Where(n => incident.Staff.All(s => s.StaffId != n.Id)))
            incident.Staff.Add(new IncidentStaff { StaffId = id, StaffName = name });
    }

    private async Task RememberAsync(StaffContext staff, Checked c, IncidentInput input, CancellationToken ct)
    {
        var pref = await db.Set<BehaviourLogPreference>().FirstOrDefaultAsync(p => p.StaffId == staff.UserId, ct);
        if (pref is null) db.Add(pref = new BehaviourLogPreference { StaffId = staff.UserId });
        (pref.PeriodId, pref.LocationId, pref.Subject, pref.UpdatedAt) = (c.PeriodId, c.LocationId, Clean(input.Subject), clock.UtcNow);
    }

    private async Task RaiseAsync(BehaviourIncident incident, BehaviourType type, CancellationToken ct)
    {
        var logged = new LoggedIncident(incident.Id, incident.SchoolId, type.Id, type.Polarity, incident.OccurredAt, incident.OccurredOn,
            incident.RecordedById, [.. incident.Pupils.Select(p => new LoggedPart(p.Id, p.PupilId, p.Role, p.Points))])
        {
            OnCallRequestId = incident.OnCallRequestId,
        };
        foreach (var hook in hooks)
        {
            try { await hook.IncidentLoggedAsync(logged, ct); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Behaviour hook {Hook} failed for incident {IncidentId}", hook.GetType().Name, incident.Id);
            }
        }
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private const string NoSuchPeriod = "Choose one of the school's periods";
    private static string NoSuchLocation(string text) => $"There is no location \"{text}\" at the pupil's school: choose one of the school's rooms or areas";

    /// <summary>The school's location given by id or name (none when <paramref name="text"/> is null).</summary>
    private IQueryable<Location> Locations(int schoolId, string? text)
    {
        var locations = db.Set<Location>().AsNoTracking().Where(l => l.SchoolId == schoolId);
        if (text is null) return locations.Where(l => false);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? locations.Where(l => l.Id == id) : locations.Where(l => l.Name.ToLower() == text.ToLower());
    }

    /// <param name="recordedBy">Who logged it (a change keeps them among the staff involved); null: <paramref name="staff"/>, logging now.</param>
    private async Task<(Dictionary<string, string[]> Problems, Checked? Checked)> CheckAsync(StaffContext staff, IncidentInput input, CancellationToken ct,
        Guid? recordedBy = null)
    {
        var problems = new Dictionary<string, string[]>();
        void Add(string key, string message) => problems[key] = [message];

        // Pupils first: they decide the school.
        var parts = new List<(Pupil Pupil, IncidentRole Role, int Points, string? Outcome, string? Account)>();
        var rawPupils = input.Pupils ?? [];
        if (rawPupils.Count == 0) Add("pupils", "Choose at least one pupil");
        else if (rawPupils.Count > MaxPupils) Add("pupils", $"An incident can have at most {MaxPupils} pupils");
        var keys = rawPupils.Select(p => p?.Pupil?.Trim() ?? "").ToList();
        var ids = keys.Select(k => int.TryParse(k, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : (int?)null).ToList();
        var idList = ids.OfType<int>().ToList();
        var upns = keys.Where((k, i) => ids[i] is null && k.Length > 0).Select(k => k.ToUpperInvariant()).ToList();
        // One query finds the pupils and checks scope; only the columns an incident needs (the id, school, UPN and name).
        var found = rawPupils.Count is 0 or > MaxPupils ? [] : await db.Pupils.AsNoTracking().VisibleTo(staff)
            .Where(p => idList.Contains(p.Id) || upns.Contains(p.Upn))
            .Select(p => new Pupil
            {
                Id = p.Id, SchoolId = p.SchoolId, Upn = p.Upn, LegalForename = p.LegalForename, LegalSurname = p.LegalSurname,
                PreferredForename = p.PreferredForename, PreferredSurname = p.PreferredSurname,
            }).ToListAsync(ct);
        int? schoolId = null;
        var seen = new Dictionary<int, int>();
        var resolved = new List<(int Index, Pupil Pupil, IncidentRole Role)>();
        for (var i = 0; i < rawPupils.Count && rawPupils.Count <= MaxPupils; i++)
        {
            var key = $"pupils[{i}]";
            var raw = rawPupils[i];
            var pupil = ids[i] is { } id ? found.FirstOrDefault(p => p.Id == id) : found.FirstOrDefault(p => p.Upn.Equals(keys[i], StringComparison.OrdinalIgnoreCase));
            if (keys[i].Length == 0) Add($"{key}.pupil", $"Choose pupil {i + 1}");
            else if (pupil is null) Add($"{key}.pupil", $"There is no pupil {keys[i]} among the pupils you can see (give their id or UPN)");
            else if (seen.TryGetValue(pupil.Id, out var first)) Add($"{key}.pupil", $"{pupil.DisplayName} is already in this incident (pupil {first + 1}): list each pupil once");
            else if (schoolId is { } s && pupil.SchoolId != s) Add($"{key}.pupil", $"{pupil.DisplayName} is at another school: an incident belongs to one school");
            else
            {
                seen[pupil.Id] = i;
                schoolId ??= pupil.SchoolId;
            }
            var role = IncidentRoles.Parse(raw?.Role ?? "instigator");
            if (role is null) Add($"{key}.role", "Choose the pupil's role: instigator, target, witness or involved");
            if (raw?.Outcome is { Length: > IncidentPupil.OutcomeMax }) Add($"{key}.outcome", $"The outcome can be at most {IncidentPupil.OutcomeMax:N0} characters");
            if (raw?.Account is { Length: > IncidentPupil.AccountMax }) Add($"{key}.account", $"The pupil's account can be at most {IncidentPupil.AccountMax:N0} characters");
            if (pupil is not null && role is not null) resolved.Add((i, pupil, role.Value));
        }

        // The type: by id or name, one of the school's active types; the period and location are checked in the same query.
        BehaviourType? type = null;
        var typeText = input.Type?.Trim();
        var locationText = Clean(input.Location);
        var placeChecked = false;
        int? periodId = null, locationId = null;
        string? locationName = null;
        if (string.IsNullOrEmpty(typeText)) Add("type", "Choose the type of behaviour");
        else if (schoolId is { } school)
        {
            var types = db.Set<BehaviourType>().AsNoTracking().Where(t => t.SchoolId == school && t.Active);
            types = int.TryParse(typeText, NumberStyles.None, CultureInfo.InvariantCulture, out var typeId)
                ? types.Where(t => t.Id == typeId) : types.Where(t => t.Name.ToLower() == typeText.ToLower());
            var locations = Locations(school, locationText).OrderBy(l => l.Id);
            var pid = input.PeriodId;
            var row = await types.OrderBy(t => t.Id).Select(t => new
            {
                Type = t,
                PeriodFound = pid == null || db.Set<SchoolPeriod>().Any(p => p.Id == pid && p.SchoolId == school),
                LocationId = locations.Select(l => (int?)l.Id).FirstOrDefault(),
                LocationName = locations.Select(l => l.Name).FirstOrDefault(),
            }).FirstOrDefaultAsync(ct);
            if (row is null) Add("type", $"There is no behaviour type \"{typeText}\" in use at the pupil's school: choose one of the school's types");
            else
            {
                (type, placeChecked) = (row.Type, true);
                if (pid is not null && !row.PeriodFound) Add("period", NoSuchPeriod);
                else periodId = pid;
                if (locationText is not null && row.LocationId is null) Add("location", NoSuchLocation(locationText));
                else (locationId, locationName) = (row.LocationId, row.LocationName);
            }
        }

        if (type is not null)
            foreach (var (i, pupil, role) in resolved)
            {
                var points = rawPupils[i].Points ?? IncidentRoles.DefaultPoints(role, type);
                var key = $"pupils[{i}].points";
                if (Math.Abs(points) > BehaviourType.PointsMax) Add(key, $"Points can be at most {BehaviourType.PointsMax} either way");
                else if (type.Polarity == Polarity.Positive && points < 0) Add(key, $"{type.Name} is positive: give 0 or more points");
                else if (type.Polarity == Polarity.Negative && points > 0) Add(key, $"{type.Name} is negative: give 0 or fewer points (for example -1)");
                parts.Add((pupil, role, points, Clean(rawPupils[i].Outcome), Clean(rawPupils[i].Account)));
            }

        // When: the school's local time, not in the future.
        DateTime occurredAt = default;
        if (string.IsNullOrWhiteSpace(input.OccurredAt)) occurredAt = clock.UtcNow;
        else if (!DateTime.TryParseExact(input.OccurredAt.Trim(), [LocalFormat, "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            Add("occurredAt", "Enter when it happened as a date and a 24-hour time, for example 2026-11-24T14:30");
        else if (SchoolClock.London.IsInvalidTime(local))
            Add("occurredAt", $"{local:HH:mm} did not happen on {local:d MMM yyyy} (the clocks went forward): enter the time again");
        else if ((occurredAt = TimeZoneInfo.ConvertTimeToUtc(local, SchoolClock.London)) > clock.UtcNow.AddMinutes(5))
            Add("occurredAt", "When it happened cannot be in the future");
        else if (local.Year < 2000) Add("occurredAt", "Enter a date from this century");

        if (schoolId is { } sid && !placeChecked)
        {
            // No type to read them with (a problem already): the period and location are checked on their own, so every problem is told at once.
            if (input.PeriodId is { } pid && !await db.Set<SchoolPeriod>().AnyAsync(p => p.Id == pid && p.SchoolId == sid, ct))
                Add("period", NoSuchPeriod);
            if (locationText is not null && !await Locations(sid, locationText).AnyAsync(ct))
                Add("location", NoSuchLocation(locationText));
        }
        if (input.Subject is { Length: > BehaviourIncident.SubjectMax }) Add("subject", $"The subject can be at most {BehaviourIncident.SubjectMax} characters");
        if (input.Description is { Length: > BehaviourIncident.TextMax }) Add("description", $"The description can be at most {BehaviourIncident.TextMax:N0} characters");
        if (input.ActionsTaken is { Length: > BehaviourIncident.TextMax }) Add("actionsTaken", $"Actions taken can be at most {BehaviourIncident.TextMax:N0} characters");
        if (input.ParentsContactNote is { Length: > BehaviourIncident.NoteMax }) Add("parentsContactNote", $"The note about contacting parents can be at most {BehaviourIncident.NoteMax:N0} characters");

        var recorder = recordedBy ?? staff.UserId;
        var staffIds = (input.OtherStaff ?? []).Append(recorder).Distinct().ToList();
        // Logging alone: the one member of staff is the signed-in recorder, whose name is already known.
        var staffNames = staffIds.Count == 1 && recorder == staff.UserId ? [(staff.UserId, staff.Name)]
            : (await db.Users.AsNoTracking().Where(u => staffIds.Contains(u.Id) && u.TrustId == staff.TrustId)
                .Select(u => new { u.Id, u.FullName }).ToListAsync(ct)).Select(u => (u.Id, u.FullName)).ToList();
        if (!staffNames.Any(s => s.Id == recorder) && recorder == staff.UserId) staffNames.Add((staff.UserId, staff.Name));
        if (staffIds.Count > staffNames.Count) Add("staff", "Choose staff involved from the school's staff");

        return problems.Count > 0 || type is null || schoolId is null
            ? (problems, null)
            : (problems, new Checked(schoolId.Value, type, occurredAt, periodId, locationId, locationName, parts, staffNames));
    }
}
