using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Exclusions.Pages;

/// <summary>
/// The suspension form shared by "record" and "change": tablet-first, one primary button. Warnings (45-day limit, governors)
/// are shown before saving and need "I have read these warnings" ticked. A change carries the values it started from, so a
/// second editor sees the first's saved values beside theirs, field by field, and the form rebased on the saved record.
/// </summary>
[Authorize(Policy = nameof(ExclusionsModule.ManageExclusions))]
public abstract class SuspensionForm(Suspensions suspensions, SuspensionReasons reasons, CurrentStaff current, IAuthorizationService authorization)
    : ExclusionsPage(suspensions, current, authorization)
{
    public sealed record Conflict(string Field, string Label, string Theirs, string Yours, bool BothChanged);

    public IReadOnlyList<SuspensionReasonCode> ReasonChoices { get; private set; } = [];
    public IReadOnlyList<KeyValuePair<Guid, string>> StaffChoices { get; private set; } = [];
    public IReadOnlyList<string> Warnings { get; protected set; } = [];
    public IReadOnlyList<Conflict> Conflicts { get; protected set; } = [];

    [BindProperty] public string? Type { get; set; } = "suspension";
    [BindProperty] public List<string> Reasons { get; set; } = [];
    [BindProperty] public string? StartsOn { get; set; }
    [BindProperty] public string? Length { get; set; }
    [BindProperty] public string? Status { get; set; } = "proposed";
    [BindProperty] public Guid? DecidedById { get; set; }
    [BindProperty] public long? IncidentId { get; set; }
    [BindProperty] public string? Notes { get; set; }
    [BindProperty] public string? RemovedFromRollOn { get; set; }
    [BindProperty] public bool Acknowledged { get; set; }
    [BindProperty] public int Version { get; set; }
    [BindProperty] public Dictionary<string, string?> From { get; set; } = [];

    public static readonly (string Field, string Label)[] Fields =
    [
        (nameof(Type), "Type"), (nameof(Reasons), "Reasons"), (nameof(StartsOn), "Start"), (nameof(Length), "Length"), (nameof(Status), "Status"),
        (nameof(DecidedById), "Decided by"), (nameof(IncidentId), "Incident"), (nameof(Notes), "Notes"), (nameof(RemovedFromRollOn), "Off roll on"),
    ];

    protected async Task<bool> LoadFormAsync(int id, CancellationToken ct)
    {
        if (!await LoadPupilAsync(id, ct)) return false;
        ReasonChoices = await reasons.ForSchoolAsync(Pupil.SchoolId, ct);
        StaffChoices = [.. (await Suspensions.StaffOfSchoolAsync(Pupil.SchoolId, ct)).OrderBy(s => s.Value, StringComparer.OrdinalIgnoreCase)];
        return true;
    }

    protected SuspensionInput Input() => new(Type, Reasons, StartsOn, Length, Status, DecidedById, IncidentId, Notes, RemovedFromRollOn);

    /// <summary>The form's values as text, to compare field by field.</summary>
    public Dictionary<string, string?> Values() => new()
    {
        [nameof(Type)] = Type, [nameof(Reasons)] = string.Join(",", Reasons.Order(StringComparer.OrdinalIgnoreCase)), [nameof(StartsOn)] = StartsOn,
        [nameof(Length)] = Length, [nameof(Status)] = Status, [nameof(DecidedById)] = DecidedById?.ToString(), [nameof(IncidentId)] = IncidentId?.ToString(CultureInfo.InvariantCulture),
        [nameof(Notes)] = Notes, [nameof(RemovedFromRollOn)] = RemovedFromRollOn,
    };

    public static Dictionary<string, string?> ValuesOf(Suspension s) => new()
    {
        [nameof(Type)] = SuspensionWords.Type(s.Type), [nameof(Reasons)] = string.Join(",", s.ReasonCodes.Order(StringComparer.OrdinalIgnoreCase)),
        [nameof(StartsOn)] = s.StartsOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        [nameof(Length)] = s.Type == SuspensionType.Permanent ? null : s.Days.ToString(s.HalfDays % 2 == 0 ? "0" : "0.0", CultureInfo.InvariantCulture),
        [nameof(Status)] = SuspensionWords.Status(s.Status), [nameof(DecidedById)] = s.DecidedById?.ToString(),
        [nameof(IncidentId)] = s.IncidentId?.ToString(CultureInfo.InvariantCulture), [nameof(Notes)] = s.Notes,
        [nameof(RemovedFromRollOn)] = s.RemovedFromRollOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    protected void Fill(Dictionary<string, string?> v)
    {
        Type = v[nameof(Type)];
        Reasons = [.. (v[nameof(Reasons)] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)];
        StartsOn = v[nameof(StartsOn)];
        Length = v[nameof(Length)];
        Status = v[nameof(Status)];
        DecidedById = Guid.TryParse(v[nameof(DecidedById)], out var g) ? g : null;
        IncidentId = long.TryParse(v[nameof(IncidentId)], CultureInfo.InvariantCulture, out var i) ? i : null;
        Notes = v[nameof(Notes)];
        RemovedFromRollOn = v[nameof(RemovedFromRollOn)];
    }

    /// <summary>Shown in staff's words: the decider's name rather than their id.</summary>
    public string Show(string field, string? value) => field switch
    {
        nameof(DecidedById) => StaffChoices.FirstOrDefault(s => s.Key.ToString() == value).Value ?? "—",
        _ => string.IsNullOrWhiteSpace(value) ? "—" : value,
    };
}
