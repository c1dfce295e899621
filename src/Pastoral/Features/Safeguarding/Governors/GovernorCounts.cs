using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Safeguarding.Adults;
using Pastoral.Features.Safeguarding.Concerns;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Governors;

public sealed record CountRow(string Label, IReadOnlyList<string> Cells, string Total);
public sealed record CountTable(string Id, string Title, string RowHeading, IReadOnlyList<string> Terms, IReadOnlyList<CountRow> Rows, CountRow? Totals);
public sealed record GovernorView(int SchoolId, string SchoolName, IReadOnlyList<(int Id, string Name)> Schools, CountTable Concerns, CountTable Adults);

/// <summary>
/// Small numbers: a count from 1 to 4 is shown as "fewer than 5", and every other number, cells and totals alike (of a row, a column
/// or the whole table), is rounded to the nearest 5, so no suppressed cell can be worked out by subtracting the shown cells from a
/// total. Cells are rounded too: an exact 6 beside a row total of "5" read as a mistake, and told the governor more than the total did.
/// </summary>
public static class SmallNumbers
{
    public const string Suppressed = "fewer than 5";
    public static string Show(int n) => n is > 0 and < 5 ? Suppressed
        : ((int)Math.Round(n / 5.0, MidpointRounding.AwayFromZero) * 5).ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// The governors' safeguarding counts for one school (issue 10 item 10): pupils' safeguarding concerns by category and term, and
/// concerns about adults by kind and term. Numbers only: no pupil, no name, no link. Reading them is audited as one entry.
/// Concerns about adults leave out any about the headteacher or about the person looking, so a count never tells anyone of a
/// record they may not know of.
/// </summary>
public sealed class GovernorCounts(PastoralDbContext db, SchoolClock clock)
{
    public const string ViewedAction = "ViewedGovernorCounts";

    public async Task<GovernorView?> ForAsync(StaffContext staff, int? schoolId, CancellationToken ct)
    {
        var schools = await db.Schools.AsNoTracking().Where(s => staff.SchoolIds.Contains(s.Id)).OrderBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync(ct);
        var school = schoolId is null ? schools.FirstOrDefault() : schools.Find(s => s.Id == schoolId);
        if (school is null) return null;
        var terms = await TermsAsync(school.Id, ct);
        var labels = terms.Select(t => t.Label).ToList();
        // From the day before the first term (school time is at most an hour ahead of UTC); with no terms, nothing to count.
        var fromUtc = terms.Count == 0 ? clock.UtcNow : terms[0].StartsOn.AddDays(-1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

        var concerns = await db.Set<SafeguardingConcern>().AsNoTracking().Where(c => c.SchoolId == school.Id && c.RaisedAt >= fromUtc)
            .Select(c => new { c.RaisedAt, Categories = c.Categories.Select(k => k.Category!.Name).ToList() }).ToListAsync(ct);
        var byConcern = concerns.Select(c => (Term: TermOf(terms, DateOnly.FromDateTime(SchoolClock.ToLocal(c.RaisedAt))), c.Categories)).Where(c => c.Term >= 0).ToList();
        var categoryRows = byConcern.SelectMany(c => c.Categories).Distinct().Order(StringComparer.Ordinal)
            .Select(name => Row(name, labels.Count, byConcern.Where(c => c.Categories.Contains(name)).Select(c => c.Term))).ToList();
        var concernTable = new CountTable("concerns", "Safeguarding concerns about pupils, by category", "Category", labels, categoryRows,
            Row("All concerns", labels.Count, byConcern.Select(c => c.Term)));

        var me = staff.UserId;
        var adults = await db.Set<AdultConcern>().AsNoTracking().Where(c => c.SchoolId == school.Id && !c.AboutHeadteacher && (c.AdultStaffId == null || c.AdultStaffId != me))
            .Select(c => new { c.Kind, c.ReportedOn }).ToListAsync(ct);
        var byAdult = adults.Select(a => (Term: TermOf(terms, a.ReportedOn), a.Kind)).Where(a => a.Term >= 0).ToList();
        var adultRows = new[] { AdultConcernKind.LowLevel, AdultConcernKind.Allegation }
            .Select(k => Row(AdultConcernWords.Of(k) + "s", labels.Count, byAdult.Where(a => a.Kind == k).Select(a => a.Term))).ToList();
        var adultTable = new CountTable("adults", "Concerns about adults, by kind", "Kind", labels, adultRows, Row("All concerns about adults", labels.Count, byAdult.Select(a => a.Term)));

        db.Audit(ViewedAction, "GovernorCounts", school.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, school.Id,
            $"safeguarding counts for {labels.Count} terms");
        await db.SaveChangesAsync(ct);
        return new GovernorView(school.Id, school.Name, [.. schools.Select(s => (s.Id, s.Name))], concernTable, adultTable);
    }

    /// <summary>A row of counts per term and its total, each shown through <see cref="SmallNumbers.Show"/>.</summary>
    private static CountRow Row(string label, int columns, IEnumerable<int> terms)
    {
        var counts = new int[columns];
        foreach (var t in terms) counts[t]++;
        return new CountRow(label, [.. counts.Select(SmallNumbers.Show)], SmallNumbers.Show(counts.Sum()));
    }

    private sealed record TermSpan(string Label, DateOnly StartsOn);

    /// <summary>A date belongs to the latest term that started on or before it (holidays count with the term before them).</summary>
    private static int TermOf(IReadOnlyList<TermSpan> terms, DateOnly date)
    {
        for (var i = terms.Count - 1; i >= 0; i--) if (terms[i].StartsOn <= date) return i;
        return -1;
    }

    /// <summary>The terms of this academic year and the one before, as the school set them, up to today.</summary>
    private async Task<List<TermSpan>> TermsAsync(int schoolId, CancellationToken ct)
    {
        var today = clock.Today();
        var years = await db.AcademicYears.AsNoTracking().Where(y => y.SchoolId == schoolId && y.StartsOn <= today).OrderByDescending(y => y.StartYear).Take(2)
            .Select(y => new { y.StartYear, Terms = y.Terms.Select(t => new { t.Name, t.StartsOn }).ToList() }).ToListAsync(ct);
        return [.. years.SelectMany(y => y.Terms.Where(t => t.StartsOn <= today).Select(t => new TermSpan($"{t.Name} {y.StartYear}/{(y.StartYear + 1) % 100:00}", t.StartsOn)))
            .OrderBy(t => t.StartsOn)];
    }
}
