using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Detentions.Pages;

/// <summary>
/// <c>/admin/behaviour/detentions</c>: a school's detention types, a form to add one or change one (<c>/admin/behaviour/detentions/{id}</c>),
/// and deactivate / reactivate (never deleted: detentions keep their type). Checked by <see cref="DetentionTypesAdmin.ProblemsAsync"/>
/// (a 400 with the error summary, the input kept); audited by the DbContext. A stale change is a 409 showing the other person's saved
/// values beside this person's, field by field, the form rebased on theirs with this person's changes on top (the incident edit's pattern,
/// <see cref="PupilEdit.Compare"/>). Only the schools where the person sees every pupil (<see cref="Rules.RuleBook.SchoolsFor"/>).
/// </summary>
[Authorize(Policy = nameof(BehaviourModule.ManageBehaviour))]
public sealed class TypesModel(PastoralDbContext db, CurrentStaff current, DetentionTypesAdmin admin) : PageModel
{
    public sealed class TypeForm
    {
        public Dictionary<string, string?> Values { get; set; } = [];
        public Dictionary<string, string?> Started { get; set; } = [];
        public List<int> Days { get; set; } = [];
        public List<string> Clashes { get; set; } = [];
        public Dictionary<string, string> Keep { get; set; } = [];
        public int Version { get; set; }
    }

    public sealed record Choice(int Id, string Name);
    public sealed record ConflictRow(string Key, string Label, string Theirs, string? Yours, bool Clash);

    public static readonly string[] Keys = ["name", "kind", "days", "startsAt", "minutes", "room", "capacity", "outsideSchoolHours", "noticeHours", "escalatesTo", "parentsTold", "active"];

    [BindProperty] public TypeForm Input { get; set; } = new();
    [BindProperty] public string? Do { get; set; }
    public List<Choice> Schools { get; private set; } = [];
    public Choice School { get; private set; } = null!;
    public List<DetentionType> Types { get; private set; } = [];
    public DetentionType? Editing { get; private set; }
    public Dictionary<string, string> Problems { get; } = [];
    public List<ConflictRow>? Conflict { get; private set; }
    public string? Done { get; private set; }

    public string? Value(string key) => Input.Values.GetValueOrDefault(key);
    public string? Problem(string key) => Problems.GetValueOrDefault(key);

    public async Task<IActionResult> OnGetAsync(int? id, int? school, string? done, CancellationToken ct)
    {
        if (await LoadAsync(id, school, ct) is { } missing) return missing;
        var start = Editing is null ? Values(new DetentionType { Name = "", Minutes = 30, StartsAt = new TimeOnly(15, 20), Capacity = 20 }) : Values(Editing);
        Input = new TypeForm { Values = start, Started = new(start), Version = Editing?.Version ?? 0 };
        Done = done switch
        {
            "added" => "The detention type was added.", "saved" => "Your changes were saved.",
            "deactivated" => "The type was deactivated: detentions already set keep it, and it is no longer offered.", "reactivated" => "The type is offered again.", _ => null,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, int? school, CancellationToken ct)
    {
        if (await LoadAsync(id, school, ct) is { } missing) return missing;
        if (Do is "deactivate" or "reactivate")
        {
            if (Editing is null) return NotFound();
            var type = await db.Set<DetentionType>().SingleAsync(t => t.Id == Editing.Id, ct);
            type.Active = Do == "reactivate";
            await db.SaveChangesAsync(ct);
            return Redirect($"/admin/behaviour/detentions?school={School.Id}&done={Do}d");
        }
        if (!Input.Clashes.Contains("days")) Input.Values["days"] = Input.Days.Count == 0 ? null : Input.Days.Where(d => d is > 0 and <= 16).Distinct().Sum().ToString(CultureInfo.InvariantCulture);
        foreach (var key in Keys) Input.Values[key] = Normalise(key, Input.Values.GetValueOrDefault(key));
        if (Editing is null)
        {
            var added = new DetentionType { SchoolId = School.Id, Name = "" };
            if (!await CheckAsync(added, Input.Values, ct)) return Invalid();
            db.Add(added);
            await db.SaveChangesAsync(ct);
            return Redirect($"/admin/behaviour/detentions?school={School.Id}&done=added");
        }
        var saved = Values(Editing);
        var started = Keys.ToDictionary(k => k, k => Normalise(k, Input.Started.GetValueOrDefault(k)));
        foreach (var key in Input.Clashes.Intersect(Keys))
            switch (Input.Keep.GetValueOrDefault(key))
            {
                case "theirs": Input.Values[key] = started[key]; break;
                case "mine": break;
                default: Problems[$"keep-{key}"] = $"{Label(key)}: choose theirs or yours"; break;
            }
        var outcome = PupilEdit.Compare(started, Input.Values, saved);
        if (Input.Version != Editing.Version && outcome.Theirs.Count > 0) return Rebase(outcome, saved);
        if (Problems.Count > 0) return Invalid();
        var tracked = await db.Set<DetentionType>().SingleAsync(t => t.Id == Editing.Id, ct);
        var check = new DetentionType { Id = tracked.Id, SchoolId = tracked.SchoolId, Name = "" };
        if (!await CheckAsync(check, outcome.Merged, ct)) return Invalid();
        Copy(check, tracked);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            Editing = await db.Set<DetentionType>().AsNoTracking().SingleAsync(t => t.Id == Editing.Id, ct);
            return Rebase(PupilEdit.Compare(started, Input.Values, Values(Editing)), Values(Editing));
        }
        return Redirect($"/admin/behaviour/detentions?school={School.Id}&done=saved");
    }

    private PageResult Invalid()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private PageResult Rebase(PupilEditOutcome outcome, Dictionary<string, string?> saved)
    {
        Conflict = [.. outcome.Theirs.Select(k => new ConflictRow(k, Label(k), Words(k, saved[k]), outcome.Mine.Contains(k) ? Words(k, outcome.Merged[k]) : null, outcome.Clashes.Contains(k)))];
        Problems.Clear();
        Input = new TypeForm { Values = new(outcome.Merged), Started = new(saved), Clashes = [.. outcome.Clashes], Version = Editing!.Version };
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    /// <summary>Reads the values into <paramref name="t"/> (numbers and times that do not read are problems here), then the admin's checks.</summary>
    private async Task<bool> CheckAsync(DetentionType t, IReadOnlyDictionary<string, string?> v, CancellationToken ct)
    {
        int? Whole(string key, string problem)
        {
            if (int.TryParse(v.GetValueOrDefault(key), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) return n;
            Problems.TryAdd(key, problem);
            return null;
        }
        t.Name = v.GetValueOrDefault("name") ?? "";
        if (Enum.TryParse<DetentionKind>(v.GetValueOrDefault("kind"), out var kind) && Enum.IsDefined(kind)) t.Kind = kind;
        else Problems.TryAdd("kind", "Choose when it sits: break, lunch or after school");
        t.Days = int.TryParse(v.GetValueOrDefault("days"), out var days) ? days : 0;
        if (TimeOnly.TryParseExact(v.GetValueOrDefault("startsAt"), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)) t.StartsAt = at;
        else Problems.TryAdd("startsAt", "Enter the start time as a 24-hour time, for example 15:20");
        t.Minutes = Whole("minutes", $"Enter a length between 5 and {DetentionType.MinutesMax} minutes") ?? 30;
        t.Capacity = Whole("capacity", $"Enter the places per sitting, from 1 to {DetentionType.CapacityMax}") ?? 1;
        t.NoticeHours = v.GetValueOrDefault("noticeHours") is null ? 0 : Whole("noticeHours", $"Enter the notice in hours, from 0 to {DetentionType.NoticeMax}") ?? 0;
        t.Room = v.GetValueOrDefault("room");
        t.OutsideSchoolHours = v.GetValueOrDefault("outsideSchoolHours") == "true";
        t.ParentsTold = v.GetValueOrDefault("parentsTold") == "true";
        t.Active = v.GetValueOrDefault("active") == "true";
        t.EscalatesToId = int.TryParse(v.GetValueOrDefault("escalatesTo"), out var to) ? to : null;
        foreach (var (key, message) in await admin.ProblemsAsync(t, ct)) Problems.TryAdd(Key(key), message);
        return Problems.Count == 0;
    }

    private static void Copy(DetentionType from, DetentionType to)
    {
        (to.Name, to.Kind, to.Days, to.StartsAt, to.Minutes, to.Room, to.Capacity) = (from.Name, from.Kind, from.Days, from.StartsAt, from.Minutes, from.Room, from.Capacity);
        (to.OutsideSchoolHours, to.NoticeHours, to.EscalatesToId, to.ParentsTold, to.Active) = (from.OutsideSchoolHours, from.NoticeHours, from.EscalatesToId, from.ParentsTold, from.Active);
    }

    /// <summary>The admin's problem keys ("NoticeHours", "EscalatesToId") as the form's ("noticeHours", "escalatesTo").</summary>
    private static string Key(string adminKey) => adminKey == "EscalatesToId" ? "escalatesTo" : char.ToLowerInvariant(adminKey[0]) + adminKey[1..];

    public static Dictionary<string, string?> Values(DetentionType t) => new()
    {
        ["name"] = t.Name.Length == 0 ? null : t.Name, ["kind"] = t.Kind.ToString(), ["days"] = t.Days.ToString(CultureInfo.InvariantCulture),
        ["startsAt"] = t.StartsAt.ToString("HH:mm", CultureInfo.InvariantCulture), ["minutes"] = t.Minutes.ToString(CultureInfo.InvariantCulture),
        ["room"] = t.Room, ["capacity"] = t.Capacity.ToString(CultureInfo.InvariantCulture), ["outsideSchoolHours"] = t.OutsideSchoolHours ? "true" : "false",
        ["noticeHours"] = t.NoticeHours.ToString(CultureInfo.InvariantCulture), ["escalatesTo"] = t.EscalatesToId?.ToString(CultureInfo.InvariantCulture),
        ["parentsTold"] = t.ParentsTold ? "true" : "false", ["active"] = t.Active ? "true" : "false",
    };

    private static string? Normalise(string key, string? value) => key is "outsideSchoolHours" or "parentsTold" or "active"
        ? (value is "true" or "on" ? "true" : "false")
        : string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public static string Label(string key) => key switch
    {
        "name" => "Name", "kind" => "When it sits", "days" => "Days", "startsAt" => "Start time", "minutes" => "Length in minutes", "room" => "Room",
        "capacity" => "Places per sitting", "outsideSchoolHours" => "Outside school hours", "noticeHours" => "Notice to parents in hours",
        "escalatesTo" => "A missed one becomes", "parentsTold" => "Parents told", _ => "Offered (active)",
    };

    public string Words(string key, string? value) => key switch
    {
        _ when value is null => "(none)",
        "kind" => Enum.TryParse<DetentionKind>(value, out var k) ? DetentionType.KindWords(k) : value,
        "days" => int.TryParse(value, out var d) ? new DetentionType { Name = "", Days = d }.DaysWords : value,
        "escalatesTo" => Types.FirstOrDefault(t => t.Id.ToString(CultureInfo.InvariantCulture) == value)?.Name ?? value,
        "outsideSchoolHours" or "parentsTold" or "active" => value == "true" ? "Yes" : "No",
        _ => value,
    };

    private async Task<IActionResult?> LoadAsync(int? id, int? school, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var reach = Rules.RuleBook.SchoolsFor(staff);
        Schools = await db.Schools.AsNoTracking().Where(s => reach.Contains(s.Id)).OrderBy(s => s.Name).Select(s => new Choice(s.Id, s.Name)).ToListAsync(ct);
        if (id is { } typeId)
        {
            Editing = await db.Set<DetentionType>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == typeId && reach.Contains(t.SchoolId), ct);
            if (Editing is null) return NotFound();
            school = Editing.SchoolId;
        }
        var chosen = school is null ? Schools.FirstOrDefault() : Schools.FirstOrDefault(s => s.Id == school);
        if (chosen is null) return NotFound();
        School = chosen;
        await admin.EnsureDefaultsAsync(School.Id, ct);
        Types = await db.Set<DetentionType>().AsNoTracking().Where(t => t.SchoolId == School.Id).OrderBy(t => t.Kind).ThenBy(t => t.Minutes).ThenBy(t => t.Name).ToListAsync(ct);
        return null;
    }
}
