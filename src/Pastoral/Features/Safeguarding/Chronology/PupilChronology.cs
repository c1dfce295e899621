using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Chronology;

/// <summary>One line of a pupil's safeguarding chronology, and the restricted record it comes from (named in the read's audit entry).</summary>
public sealed record ChronologyEntry(DateTime At, string Category, string Title, string? Summary, string? Link, RestrictedRecord Source);

/// <summary>Whose chronology, and the dates it covers (school-local, both ends included; null: open).</summary>
public sealed record ChronologyQuery(int PupilId, int SchoolId, DateOnly? From, DateOnly? To);

/// <summary>
/// A record type's contribution to the chronology: every entry of the pupil's records in the query's dates. Register it with
/// <c>services.AddScoped&lt;IChronologySource, MySource&gt;()</c>. Only <see cref="PupilChronology"/> calls it, and only for a DSL or
/// deputy of the pupil's school, so a source reads its table directly (no per-record <c>RestrictedAccess.ReadAsync</c>): the
/// chronology audits every record shown in one entry.
/// </summary>
public interface IChronologySource
{
    Task<IReadOnlyList<ChronologyEntry>> EntriesAsync(ChronologyQuery q, CancellationToken ct);
}

/// <summary>The filter as typed: category and dates, with messages in staff's words.</summary>
public sealed record ChronologyFilter(string? Category, DateOnly? From, DateOnly? To)
{
    public static (ChronologyFilter Filter, Dictionary<string, string> Errors) Parse(string? category, string? from, string? to)
    {
        var errors = new Dictionary<string, string>();
        DateOnly? Date(string? s, string key, string words)
        {
            if (string.IsNullOrWhiteSpace(s)) return null;
            if (DateOnly.TryParseExact(s.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d)) return d;
            errors[key] = $"Enter the {words} date as a real date, like 2026-11-24.";
            return null;
        }
        var f = Date(from, "from", "from");
        var t = Date(to, "to", "to");
        if (f is { } a && t is { } b && a > b) errors["from"] = "The from date must be on or before the to date.";
        return (new(string.IsNullOrWhiteSpace(category) ? null : category.Trim(), f, t), errors);
    }

    public string Words => (Category is null ? "All categories" : Category) + (From, To) switch
    {
        (null, null) => ", all dates",
        ({ } f, null) => $", from {f:ddd d MMM yyyy}",
        (null, { } t) => $", up to {t:ddd d MMM yyyy}",
        ({ } f, { } t) => $", {f:ddd d MMM yyyy} to {t:ddd d MMM yyyy}",
    };
}

public sealed record ChronologyPupil(int Id, int SchoolId, string Name, DateOnly DateOfBirth, string Upn, string School);

/// <summary>A chronology as shown: its entries (oldest first), the categories the pupil's whole chronology holds (the filter's options).</summary>
public sealed record ChronologyView(ChronologyPupil Pupil, IReadOnlyList<ChronologyEntry> Entries, IReadOnlyList<string> Categories, ChronologyFilter Filter);

/// <summary>
/// Issue 10 item 6: a pupil's chronology, merged from every <see cref="IChronologySource"/>. Only the DSL and deputies of the pupil's
/// school read it (a member of staff a single record is shared with is refused: a chronology is the whole file). Each read writes ONE
/// audit entry naming every record shown (<see cref="RestrictedAccess.AuditListedRecordsAsync"/>).
/// </summary>
public sealed class PupilChronology(PastoralDbContext db, IEnumerable<IChronologySource> sources, RestrictedAccess restricted)
{
    /// <summary>The pupil, when this member of staff sees them and holds the restricted tier of their school; otherwise null (a 404).</summary>
    public async Task<ChronologyPupil?> PupilAsync(StaffContext staff, int pupilId, CancellationToken ct)
    {
        var tier = RestrictedAccess.TierSchools(staff);
        return await db.Pupils.AsNoTracking().VisibleTo(staff).Where(p => p.Id == pupilId && tier.Contains(p.SchoolId))
            .Select(p => new ChronologyPupil(p.Id, p.SchoolId,
                (p.PreferredForename ?? p.LegalForename) + " " + (p.PreferredSurname ?? p.LegalSurname), p.DateOfBirth, p.Upn, p.School!.Name))
            .FirstOrDefaultAsync(ct);
    }

    public async Task<ChronologyView> ReadAsync(ChronologyPupil pupil, ChronologyFilter filter, string detail, CancellationToken ct)
    {
        var all = new List<ChronologyEntry>();
        var query = new ChronologyQuery(pupil.Id, pupil.SchoolId, filter.From, filter.To);
        foreach (var source in sources) all.AddRange(await source.EntriesAsync(query, ct));
        var categories = all.Select(e => e.Category).Distinct().Order(StringComparer.Ordinal).ToList();
        var shown = all.Where(e => filter.Category is null || e.Category == filter.Category)
            .OrderBy(e => e.At).ThenBy(e => e.Category, StringComparer.Ordinal).ThenBy(e => e.Source.Id).ToList();
        await restricted.AuditListedRecordsAsync([.. shown.Select(e => e.Source).Distinct().Select(r => (r, pupil.SchoolId))], detail, ct);
        return new(pupil, shown, categories, filter);
    }

    /// <summary>Instants from a source fall in the filter's school-local dates.</summary>
    public static bool InRange(ChronologyQuery q, DateTime utc) => InRange(q, DateOnly.FromDateTime(Infrastructure.SchoolClock.ToLocal(utc)));

    /// <summary>The start of a record's text for its chronology line (every source uses this, so lines are cut alike).</summary>
    public static string Brief(string text) => text.Length <= 240 ? text : text[..237] + "…";

    public static bool InRange(ChronologyQuery q, DateOnly day) => (q.From is null || day >= q.From) && (q.To is null || day <= q.To);
}
