using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Features.Schools;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Behaviour.Pages;

/// <summary>
/// Changes an incident: its shared fields and each pupil's own part (the pupils stay as logged). Only for whoever may edit it
/// (<see cref="IncidentAccess.MayEditAsync"/>: the person who logged it or a behaviour manager, seeing every pupil involved; anyone
/// else gets a 404, so the page never shows a part or the description to someone who may not see them). If someone saved first,
/// their values are shown beside this person's field by field, the form starts from what they saved with this person's changes
/// on top, and where both changed a field this person chooses; saving never puts back a value the other person replaced.
/// </summary>
[Authorize(Policy = nameof(BehaviourModule.LogBehaviour))]
public sealed class IncidentEditModel(PastoralDbContext db, CurrentStaff current, BehaviourRecorder recorder) : PageModel
{
    public sealed class EditForm
    {
        public Dictionary<string, string?> Values { get; set; } = [];
        public Dictionary<string, string?> Started { get; set; } = [];
        public List<string> Clashes { get; set; } = [];
        public Dictionary<string, string> Keep { get; set; } = [];
        public int Version { get; set; }
    }

    public sealed record Choice(string Value, string Label);
    public sealed record ConflictRow(string Key, string Label, string Theirs, string? Yours, bool Clash);
    public sealed record ConflictView(string SavedBy, IReadOnlyList<ConflictRow> Rows);

    [BindProperty] public EditForm Input { get; set; } = new();
    public int Id { get; private set; }
    public string TypeName { get; private set; } = "";
    public List<(int Id, string Name)> Pupils { get; private set; } = [];
    public List<Choice> Types { get; private set; } = [];
    public List<Choice> Periods { get; private set; } = [];
    public List<Choice> Locations { get; private set; } = [];
    public Dictionary<string, string> Problems { get; } = [];
    public ConflictView? Conflict { get; private set; }
    private BehaviourIncident _incident = null!;
    private StaffContext _staff = null!;

    public string? Value(string key) => Input.Values.GetValueOrDefault(key);
    public string? Problem(string key) => Problems.GetValueOrDefault(key);
    public string PupilName(int id) => Pupils.FirstOrDefault(p => p.Id == id).Name ?? "A pupil";
    public static string FieldId(string key) => $"f-{key}";

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } missing) return missing;
        var values = IncidentEdits.Values(_incident);
        Input = new EditForm { Values = values, Started = new(values), Version = _incident.Version };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } missing) return missing;
        for (var attempt = 0; ; attempt++)
        {
            var saved = IncidentEdits.Values(_incident);
            var (started, submitted) = ReadForm(saved.Keys);
            var outcome = PupilEdit.Compare(started, submitted, saved);
            if (Input.Version != _incident.Version && outcome.Theirs.Count > 0) return await ShowConflictAsync(outcome, saved, ct);
            if (Problems.Count > 0) return Invalid();
            var input = IncidentEdits.Input(outcome.Merged, [.. Pupils.Select(p => p.Id)], [.. _incident.Staff.Select(s => s.StaffId)]);
            var result = await recorder.UpdateAsync(_staff, id, _incident.Version, input, ct);
            if (result.NotFound) return NotFound();
            if (result.Saved) return Redirect($"/behaviour/incidents/{id}?changed=1");
            if (!result.Stale || attempt >= 3)
            {
                foreach (var (key, messages) in result.Problems) Problems.TryAdd(IncidentEdits.FieldFor(key, [.. Pupils.Select(p => p.Id)]) ?? key, messages[0]);
                if (Problems.Count == 0) Problems["incident"] = "Someone else is saving this incident at the same moment: save again";
                return Invalid();
            }
            // Saved by someone between our read and our write: compare again with what is saved now.
            db.ChangeTracker.Clear();
            if (await LoadAsync(id, ct) is { } gone) return gone;
        }
    }

    private PageResult Invalid()
    {
        Response.StatusCode = 400;
        return Page();
    }

    /// <summary>What the editor started from and what they sent, in stored form; a clash without a choice is a problem.</summary>
    private (Dictionary<string, string?> Started, Dictionary<string, string?> Submitted) ReadForm(IEnumerable<string> keys)
    {
        var started = new Dictionary<string, string?>();
        var submitted = new Dictionary<string, string?>();
        foreach (var key in keys)
        {
            started[key] = IncidentEdits.Normalise(key, Input.Started.GetValueOrDefault(key));
            var value = IncidentEdits.Normalise(key, Input.Values.GetValueOrDefault(key));
            if (key.StartsWith("points-", StringComparison.Ordinal) && value is not null
                && !int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                Problems[key] = $"Enter {PupilName(int.Parse(key[7..], CultureInfo.InvariantCulture))}'s points as a whole number, for example 1 or -2";
            if (Input.Clashes.Contains(key))
            {
                switch (Input.Keep.GetValueOrDefault(key))
                {
                    case "theirs": value = started[key]; break;
                    case "mine": break;
                    default: Problems[$"keep-{key}"] = $"{IncidentEdits.Label(key, PupilName)}: choose theirs or yours"; break;
                }
            }
            submitted[key] = value;
            Input.Values[key] = value;
        }
        return (started, submitted);
    }

    private async Task<IActionResult> ShowConflictAsync(PupilEditOutcome outcome, Dictionary<string, string?> saved, CancellationToken ct)
    {
        // Who saved it: the last change to the incident in the audit log, by the person's name.
        var entityId = Id.ToString(CultureInfo.InvariantCulture);
        var by = await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == nameof(BehaviourIncident) && a.EntityId == entityId && a.Action == AuditActions.Updated)
            .OrderByDescending(a => a.Id).Select(a => db.Users.Where(u => u.Id == a.ActorId).Select(u => u.FullName).FirstOrDefault() ?? a.ActorName)
            .FirstOrDefaultAsync(ct);
        var rows = outcome.Theirs.Select(k => new ConflictRow(k, IncidentEdits.Label(k, PupilName), Words(k, saved[k]),
            outcome.Mine.Contains(k) ? Words(k, outcome.Merged[k]) : null, outcome.Clashes.Contains(k))).ToList();
        Conflict = new ConflictView(by ?? "Someone else", rows);
        Problems.Clear();
        Input = new EditForm { Values = new(outcome.Merged), Started = new(saved), Clashes = [.. outcome.Clashes], Version = _incident.Version };
        Response.StatusCode = 409;
        return Page();
    }

    /// <summary>A stored value in staff's words.</summary>
    public string Words(string key, string? value)
    {
        if (value is null) return "(empty)";
        return key switch
        {
            "type" => Types.FirstOrDefault(t => t.Value == value)?.Label ?? TypeName,
            "period" => Periods.FirstOrDefault(p => p.Value == value)?.Label ?? value,
            "location" => Locations.FirstOrDefault(l => l.Value == value)?.Label ?? value,
            "parentsContacted" => value == "true" ? "Yes" : "No",
            "occurredAt" => DateTime.TryParseExact(value, BehaviourRecorder.LocalFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
                ? at.ToString("ddd d MMM yyyy, HH:mm", CultureInfo.InvariantCulture) : value,
            _ when key.StartsWith("points-", StringComparison.Ordinal) && int.TryParse(value, out var n) && n > 0 => $"+{n}",
            _ => value,
        };
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        _staff = await current.GetAsync(ct);
        if (!await db.MayEditAsync(_staff, id, ct)) return NotFound();
        Id = id;
        _incident = await db.Set<BehaviourIncident>().AsNoTracking().Include(i => i.Pupils).Include(i => i.Staff).FirstAsync(i => i.Id == id, ct);
        var ids = _incident.Pupils.Select(p => p.PupilId).ToList();
        var names = await db.Pupils.AsNoTracking().VisibleTo(_staff).Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, Name = (p.PreferredForename ?? p.LegalForename) + " " + (p.PreferredSurname ?? p.LegalSurname) }).ToListAsync(ct);
        Pupils = [.. _incident.Pupils.OrderBy(p => p.Role).ThenBy(p => p.Id).Select(p => (p.PupilId, names.First(n => n.Id == p.PupilId).Name))];
        var school = _incident.SchoolId;
        var types = await db.Set<BehaviourType>().AsNoTracking().Where(t => t.SchoolId == school && (t.Active || t.Id == _incident.TypeId))
            .OrderBy(t => t.Polarity).ThenBy(t => t.Name).Select(t => new { t.Id, t.Name, t.Points }).ToListAsync(ct);
        Types = [.. types.Select(t => new Choice(t.Id.ToString(CultureInfo.InvariantCulture), $"{t.Name} ({(t.Points > 0 ? "+" : "")}{t.Points})"))];
        TypeName = types.FirstOrDefault(t => t.Id == _incident.TypeId)?.Name ?? "Incident";
        Periods = [.. (await db.Set<SchoolPeriod>().AsNoTracking().Where(p => p.SchoolId == school).OrderBy(p => p.StartsAt).ToListAsync(ct))
            .Select(p => new Choice(p.Id.ToString(CultureInfo.InvariantCulture), $"{p.Name} ({p.StartsAt:HH\\:mm}–{p.EndsAt:HH\\:mm})"))];
        Locations = [.. (await db.Set<Location>().AsNoTracking().Where(l => l.SchoolId == school).OrderBy(l => l.Name).ToListAsync(ct))
            .Select(l => new Choice(l.Id.ToString(CultureInfo.InvariantCulture), l.Name))];
        return null;
    }
}
