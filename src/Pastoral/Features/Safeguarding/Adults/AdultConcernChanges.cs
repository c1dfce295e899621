using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Adults;

/// <summary>The fields of a record that change as the case goes on, as typed (the LADO referral, the outcome, the adult's details).</summary>
public sealed record AdultConcernEdit(string? AdultRole, string? AdultDateOfBirth, string? LadoReferredOn, string? LadoReference, string? LadoAdvice,
    string? LadoOutcome, string? Outcome);

/// <summary>A field both people changed: the value someone else saved, and this person's.</summary>
public sealed record EditConflict(string Key, string Label, string? Theirs, string? Yours);

public enum ChangeOutcome { Saved, NotFound, Invalid, Conflict }
public sealed record ChangeResult(ChangeOutcome Outcome, IReadOnlyDictionary<string, string[]>? Problems = null, IReadOnlyList<EditConflict>? Conflicts = null,
    AdultConcernEdit? Current = null, int Version = 0);

/// <summary>
/// Changing a record: anyone who may read it (its headteacher and DSL, or the case manager it is shared with; the chair of governors
/// for one about the headteacher). Field by field: only the fields this person changed are written, so someone else's change is never
/// reverted; where both changed one field, nothing is saved and both values are shown.
/// </summary>
public sealed class AdultConcernChanges(PastoralDbContext db, RestrictedAccess restricted, AdultConcernReads reads, SchoolClock clock)
{
    private static readonly (string Key, string Label)[] Fields =
    [
        ("adultRole", "Their role"), ("adultDateOfBirth", "Date of birth"), ("ladoReferredOn", "Referred to the LADO on"),
        ("ladoReference", "LADO reference"), ("ladoAdvice", "LADO advice"), ("ladoOutcome", "LADO outcome"), ("outcome", "Outcome"),
    ];

    public static AdultConcernEdit EditOf(AdultConcern c) => new(c.AdultRole, c.AdultDateOfBirth?.ToString("yyyy-MM-dd"), c.LadoReferredOn?.ToString("yyyy-MM-dd"),
        c.LadoReference, c.LadoAdvice, c.LadoOutcome, c.Outcome?.ToString());

    private static string? Get(AdultConcernEdit e, string key) => key switch
    {
        "adultRole" => e.AdultRole, "adultDateOfBirth" => e.AdultDateOfBirth, "ladoReferredOn" => e.LadoReferredOn, "ladoReference" => e.LadoReference,
        "ladoAdvice" => e.LadoAdvice, "ladoOutcome" => e.LadoOutcome, _ => e.Outcome,
    };

    public async Task<ChangeResult> UpdateAsync(StaffContext staff, int id, AdultConcernEdit original, AdultConcernEdit mine, CancellationToken ct)
    {
        if (await reads.RecordAsync(id, ct) is not { } record || !await restricted.CanReadAsync(staff, record, ct)) return new(ChangeOutcome.NotFound);
        var c = await db.Set<AdultConcern>().FirstAsync(x => x.Id == id, ct);
        var saved = EditOf(c);
        var problems = new Dictionary<string, string[]>();
        void Add(string key, string message) { if (!problems.ContainsKey(key)) problems[key] = [message]; }
        var conflicts = new List<EditConflict>();
        var changed = new List<string>();
        foreach (var (key, label) in Fields)
        {
            var from = AdultConcernRaising.Clean(Get(original, key));
            var to = AdultConcernRaising.Clean(Get(mine, key));
            if (from == to) continue; // not this person's change: leave whatever is saved
            var now = AdultConcernRaising.Clean(Get(saved, key));
            if (now != from && now != to) conflicts.Add(new EditConflict(key, label, now, to));
            else changed.Add(key);
        }
        if (conflicts.Count > 0) return new(ChangeOutcome.Conflict, Conflicts: conflicts, Current: saved, Version: c.Version);

        foreach (var key in changed)
        {
            var text = AdultConcernRaising.Clean(Get(mine, key));
            switch (key)
            {
                case "adultRole":
                    if (text?.Length > AdultConcern.NameMax) Add(key, $"Their role can be at most {AdultConcern.NameMax} characters"); else c.AdultRole = text;
                    break;
                case "adultDateOfBirth":
                    var born = AdultConcernRaising.Date(text, key, "the adult's date of birth", Add);
                    if (born is { } b && b > clock.Today().AddYears(-14)) Add(key, "Enter the adult's date of birth, for example 1980-03-14"); else c.AdultDateOfBirth = born;
                    break;
                case "ladoReferredOn":
                    var on = AdultConcernRaising.Date(text, key, "the date of the LADO referral", Add);
                    if (on > clock.Today()) Add(key, "The date of the LADO referral cannot be in the future"); else c.LadoReferredOn = on;
                    break;
                case "ladoReference":
                    if (text?.Length > AdultConcern.ShortMax) Add(key, $"The LADO reference can be at most {AdultConcern.ShortMax} characters"); else c.LadoReference = text;
                    break;
                case "ladoAdvice":
                    if (text?.Length > AdultConcern.TextMax) Add(key, $"The LADO's advice can be at most {AdultConcern.TextMax} characters"); else c.LadoAdvice = text;
                    break;
                case "ladoOutcome":
                    if (text?.Length > AdultConcern.TextMax) Add(key, $"The LADO outcome can be at most {AdultConcern.TextMax} characters"); else c.LadoOutcome = text;
                    break;
                default:
                    if (text is null) c.Outcome = null;
                    else if (AdultConcernRaising.Parse<AdultConcernOutcome>(text, AdultConcernWords.Of) is { } o && AdultConcernWords.OutcomesFor(c.Kind).Contains(o)) c.Outcome = o;
                    else Add(key, c.Kind == AdultConcernKind.Allegation
                        ? "Choose an allegation's outcome: substantiated, malicious, false, unsubstantiated or unfounded"
                        : "Choose a low-level concern's outcome: no further action, addressed with the individual, or pattern review");
                    break;
            }
        }
        if (problems.Count > 0) return new(ChangeOutcome.Invalid, problems);
        c.KeepUntil = AdultConcernRetention.For(c.Kind, c.ReportedOn, c.AdultDateOfBirth, c.Outcome).KeepUntil;
        try
        {
            await db.SaveChangesAsync(ct); // audited (field names only) in the same save
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var now = await db.Set<AdultConcern>().AsNoTracking().FirstAsync(x => x.Id == id, ct);
            return new(ChangeOutcome.Conflict, Conflicts: [], Current: EditOf(now), Version: now.Version);
        }
        return new(ChangeOutcome.Saved, Version: c.Version);
    }

    /// <summary>Adds an action or decision, with its reason.</summary>
    public async Task<ChangeResult> AddActionAsync(StaffContext staff, int id, string? what, string? reason, string? on, CancellationToken ct)
    {
        if (await reads.RecordAsync(id, ct) is not { } record || !await restricted.CanReadAsync(staff, record, ct)) return new(ChangeOutcome.NotFound);
        var problems = new Dictionary<string, string[]>();
        void Add(string key, string message) { if (!problems.ContainsKey(key)) problems[key] = [message]; }
        var text = AdultConcernRaising.Clean(what);
        if (text is null) Add("what", "Enter the action or decision");
        else if (text.Length > AdultConcern.TextMax) Add("what", $"The action or decision can be at most {AdultConcern.TextMax} characters");
        var why = AdultConcernRaising.Clean(reason);
        if (why is null) Add("reason", "Enter the reason for it");
        else if (why.Length > AdultConcern.TextMax) Add("reason", $"The reason can be at most {AdultConcern.TextMax} characters");
        var date = AdultConcernRaising.Date(on, "on", "the date", Add) ?? clock.Today();
        if (date > clock.Today()) Add("on", "The date cannot be in the future");
        if (problems.Count > 0) return new(ChangeOutcome.Invalid, problems);
        db.Set<AdultConcernAction>().Add(new AdultConcernAction
        {
            ConcernId = id, SchoolId = record.SchoolId!.Value, On = date, What = text!, Reason = why, ByName = staff.Name, RecordedAt = clock.UtcNow,
        });
        await db.SaveChangesAsync(ct);
        return new(ChangeOutcome.Saved);
    }
}
