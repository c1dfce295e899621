using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;

namespace Pastoral.Features.Safeguarding.Orders;

public enum FieldKind { Text, LongText, Date, DateTime, Choice, Check }

/// <param name="Plain">Shown to staff who cannot read the record (the contact warning's person, what is restricted, the end date); all else is restricted.</param>
public sealed record FormField(string Key, string Label, FieldKind Kind, string? Hint = null, IReadOnlyList<(string Value, string Words)>? Options = null,
    int Max = 400, bool Plain = false);

/// <summary>The pupil as the forms need them: found through VisibleTo, with their contacts (id and name) for the order's person.</summary>
public sealed record OrderPupil(int Id, int SchoolId, string Name, bool LookedAfter, IReadOnlyList<(int Id, string Name)> Contacts);

/// <summary>
/// One kind of record as text fields by key, the way the family contact log and the pupil edit page work: the form and the API fill
/// the same fields, one set of checks gives messages in staff's words, and an edit is compared field by field
/// (<see cref="Pupils.PupilEdit.Compare"/>) so a save never puts back what someone else changed.
/// </summary>
public abstract class RecordForm
{
    public const string DateFormat = "yyyy-MM-dd", LocalFormat = "yyyy-MM-dd'T'HH:mm";
    protected static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>In the page's address: orders, care, encompass.</summary>
    public abstract string Slug { get; }
    public abstract string RecordType { get; }
    /// <summary>"court order or contact restriction", as a sentence names it.</summary>
    public abstract string Noun { get; }
    public abstract IReadOnlyList<FormField> Fields(OrderPupil pupil);
    public abstract Task<List<int>> IdsAsync(PastoralDbContext db, int pupilId, CancellationToken ct);
    public abstract Task<RestrictedPupilRecord?> FindAsync(PastoralDbContext db, int pupilId, int id, bool tracked, CancellationToken ct);
    public abstract Task<bool> AnyAsync(PastoralDbContext db, int pupilId, CancellationToken ct);
    /// <summary>When each record was recorded and last changed, and by whom (nothing restricted), newest first: for the timeline.</summary>
    public abstract Task<List<RecordStamp>> StampsAsync(PastoralDbContext db, int pupilId, DateTime? before, int limit, CancellationToken ct);
    public abstract RestrictedPupilRecord New(int pupilId, string byName, DateTime at);
    public abstract Dictionary<string, string?> Values(RestrictedPupilRecord record);
    /// <summary>Messages by field; <paramref name="v"/> are cleaned.</summary>
    public abstract Dictionary<string, string> Check(OrderPupil pupil, IReadOnlyDictionary<string, string?> v, DateOnly today);
    /// <summary>Writes checked values into the record.</summary>
    public abstract void Apply(RestrictedPupilRecord record, IReadOnlyDictionary<string, string?> v);
    /// <summary>A line naming the record for its readers (restricted).</summary>
    public abstract string Title(RestrictedPupilRecord record, OrderPupil pupil);
    public virtual Dictionary<string, string?> Defaults(DateTime localNow) => [];

    /// <summary>The form for one pupil and reader: a form whose choices come from data (a referral's agencies) returns a copy holding them.</summary>
    public virtual Task<RecordForm> ForPupilAsync(PastoralDbContext db, Security.StaffContext staff, OrderPupil pupil, CancellationToken ct) => Task.FromResult(this);

    /// <summary>Values worked out on save, after <see cref="Apply"/> (a referral's referrer and response due time).</summary>
    public virtual Task SavingAsync(PastoralDbContext db, Security.StaffContext staff, RestrictedPupilRecord record, OrderPupil pupil, bool added, CancellationToken ct) =>
        Task.CompletedTask;

    /// <summary>A warning its readers see on the record (a referral with no response in the expected time), or null.</summary>
    public virtual string? Flag(RestrictedPupilRecord record, DateTime utcNow) => null;

    /// <summary>Blank text is no value; text is trimmed; a checkbox is "true" or "false", never blank.</summary>
    public Dictionary<string, string?> Clean(OrderPupil pupil, IReadOnlyDictionary<string, string?>? values)
    {
        var clean = new Dictionary<string, string?>();
        foreach (var f in Fields(pupil))
        {
            var v = values?.GetValueOrDefault(f.Key);
            clean[f.Key] = f.Kind == FieldKind.Check ? (v is "true" or "on" or "True" ? "true" : "false")
                : string.IsNullOrWhiteSpace(v) ? null : v.Trim();
        }
        return clean;
    }

    /// <summary>What a value says in the conflict table and on the page.</summary>
    public string Words(OrderPupil pupil, string key, string? value)
    {
        var field = Fields(pupil).FirstOrDefault(f => f.Key == key);
        if (field is null) return value ?? "";
        return field.Kind switch
        {
            FieldKind.Check => value == "true" ? "Yes" : "No",
            _ when value is null => "(blank)",
            FieldKind.Choice => field.Options!.FirstOrDefault(o => o.Value == value).Words ?? value,
            FieldKind.Date when DateOnly.TryParseExact(value, DateFormat, Invariant, DateTimeStyles.None, out var d) => d.ToString("ddd d MMM yyyy", Invariant),
            FieldKind.DateTime when DateTime.TryParseExact(value, LocalFormat, Invariant, DateTimeStyles.None, out var t) => t.ToString("ddd d MMM yyyy, HH:mm", Invariant),
            _ => value,
        };
    }

    public static string Label(OrderPupil pupil, RecordForm form, string key) => form.Fields(pupil).FirstOrDefault(f => f.Key == key)?.Label ?? key;

    protected static string? Date(DateOnly? d) => d?.ToString(DateFormat, Invariant);
    protected static DateOnly? ParseDate(string? s) => DateOnly.TryParseExact(s, DateFormat, Invariant, DateTimeStyles.None, out var d) ? d : null;
    protected static string? Local(DateTime utc) => Infrastructure.SchoolClock.ToLocal(utc).ToString(LocalFormat, Invariant);
    protected static DateTime? ParseLocal(string? s) => DateTime.TryParseExact(s, LocalFormat, Invariant, DateTimeStyles.None, out var t)
        ? TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(t, DateTimeKind.Unspecified), Infrastructure.SchoolClock.London) : null;

    /// <summary>Length and date checks every form repeats, in staff's words.</summary>
    protected void CheckCommon(OrderPupil pupil, IReadOnlyDictionary<string, string?> values, Dictionary<string, string> errors)
    {
        foreach (var f in Fields(pupil))
        {
            var v = values.GetValueOrDefault(f.Key);
            if (v is null || errors.ContainsKey(f.Key)) continue;
            if (f.Kind is FieldKind.Text or FieldKind.LongText && v.Length > f.Max) errors[f.Key] = $"{f.Label} can be at most {f.Max} characters.";
            else if (f.Kind == FieldKind.Date && ParseDate(v) is null) errors[f.Key] = $"Enter {f.Label.ToLowerInvariant()} as a real date, like 2026-11-24.";
            else if (f.Kind == FieldKind.DateTime && ParseLocal(v) is null) errors[f.Key] = $"Enter {f.Label.ToLowerInvariant()} as a date and time.";
            else if (f.Kind == FieldKind.Choice && f.Options!.All(o => o.Value != v)) errors[f.Key] = $"Choose {f.Label.ToLowerInvariant()} from the list.";
        }
    }

    protected static string? Clip(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

public sealed record RecordStamp(int Id, DateTime RecordedAt, string RecordedByName, DateTime? ChangedAt, string? ChangedByName);

/// <summary>The queries every form makes, over its own table.</summary>
public abstract class RecordForm<T> : RecordForm where T : RestrictedPupilRecord
{
    public override Task<List<int>> IdsAsync(PastoralDbContext db, int pupilId, CancellationToken ct) =>
        db.Set<T>().Where(r => r.PupilId == pupilId).OrderByDescending(r => r.RecordedAt).Select(r => r.Id).ToListAsync(ct);

    public override async Task<RestrictedPupilRecord?> FindAsync(PastoralDbContext db, int pupilId, int id, bool tracked, CancellationToken ct)
    {
        var q = db.Set<T>().Where(r => r.Id == id && r.PupilId == pupilId);
        return await (tracked ? q : q.AsNoTracking()).FirstOrDefaultAsync(ct);
    }

    public override Task<bool> AnyAsync(PastoralDbContext db, int pupilId, CancellationToken ct) => db.Set<T>().AnyAsync(r => r.PupilId == pupilId, ct);

    public override Task<List<RecordStamp>> StampsAsync(PastoralDbContext db, int pupilId, DateTime? before, int limit, CancellationToken ct) =>
        db.Set<T>().AsNoTracking().Where(r => r.PupilId == pupilId && (before == null || r.RecordedAt < before || (r.ChangedAt != null && r.ChangedAt < before)))
            .OrderByDescending(r => r.ChangedAt ?? r.RecordedAt).Take(limit)
            .Select(r => new RecordStamp(r.Id, r.RecordedAt, r.RecordedByName, r.ChangedAt, r.ChangedByName)).ToListAsync(ct);
}
