using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Safeguarding;
using Pastoral.Security;

namespace Pastoral.Features.Pupils;

/// <summary>Flags a roster can be filtered by. CP and CIN only for staff who may read safeguarding records.</summary>
public static class RosterFlags
{
    public static readonly IReadOnlyList<(string Key, string Label, bool Restricted)> All =
    [
        ("sen", "Any SEN (K or E)", false), ("sen-k", "SEN support (K)", false), ("sen-e", "EHC plan (E)", false), ("pp", "Pupil premium", false), ("fsm", "FSM", false),
        ("looked-after", "Looked after or previously (LAC or PLAC)", false), ("lac", "Looked after (LAC)", false), ("plac", "Previously looked after", false), ("young-carer", "Young carer", false),
        ("eal", "EAL", false), ("cp", "Child protection plan", true), ("cin", "Child in need", true),
    ];

    public static IEnumerable<(string Key, string Label)> For(StaffContext staff) =>
        All.Where(f => !f.Restricted || staff.May(StaffAction.ReadSafeguarding)).Select(f => (f.Key, f.Label));
}

public sealed record RosterQuery(string? Search = null, int? YearGroupId = null, int? FormId = null, string? Flag = null,
    string? Sort = null, int Page = 1, int PageSize = 50)
{
    public const int MaxPageSize = 200;
    public const int MaxSearch = 100;

    public IEnumerable<(string Field, string Message)> Problems()
    {
        if (Page < 1) yield return ("page", "page starts at 1.");
        if (PageSize is < 1 or > MaxPageSize) yield return ("pageSize", $"pageSize must be between 1 and {MaxPageSize}.");
        if (Search?.Length > MaxSearch) yield return ("search", $"search must be at most {MaxSearch} characters.");
        if (Flag is not null && RosterFlags.All.All(f => f.Key != Flag)) yield return ("flag", $"flag '{Flag}' is not one we know. Flags: {string.Join(", ", RosterFlags.All.Select(f => f.Key))}.");
        if (Sort is not null && Sort is not ("name" or "-name" or "year" or "-year" or "upn" or "-upn" or "dob" or "-dob"))
            yield return ("sort", "sort is one of name, year, upn, dob (prefix - for descending).");
    }
}

public sealed record RosterRow(int Id, string Upn, string Forename, string Surname, string LegalSurname, string LegalForename,
    DateOnly DateOfBirth, char Sex, int? NcYear, string? YearName, string? Form, string School,
    SenProvision SenProvision, bool Ehcp, bool PupilPremium, bool Fsm, LookedAfterStatus LookedAfter, bool YoungCarer, bool Eal);

public sealed record RosterPage(IReadOnlyList<RosterRow> Items, int Total, RosterQuery Query)
{
    public int Pages => (int)Math.Max(1, (Total + (long)Query.PageSize - 1) / Query.PageSize);
    public bool PastTheEnd => Query.Page > Pages;
}

public static class Roster
{
    /// <summary>The pupils this member of staff may see, filtered, sorted and paged. Always starts from <see cref="PupilAccess.VisibleTo"/>.</summary>
    public static IQueryable<Pupil> Filter(PastoralDbContext db, StaffContext staff, RosterQuery q)
    {
        var pupils = db.Pupils.AsNoTracking().VisibleTo(staff);
        if (!string.IsNullOrWhiteSpace(q.Search))
            foreach (var term in q.Search.Trim().ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(5))
            {
                var like = "%" + term.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
                pupils = pupils.Where(p => EF.Functions.Like(p.SearchText, like, "\\"));
            }
        if (q.YearGroupId is { } year) pupils = pupils.Where(p => p.YearGroupId == year);
        if (q.FormId is { } form) pupils = pupils.Where(p => p.FormId == form);
        pupils = q.Flag switch
        {
            "sen" => pupils.Where(p => p.SenProvision != SenProvision.N),
            "sen-k" => pupils.Where(p => p.SenProvision == SenProvision.K),
            "sen-e" => pupils.Where(p => p.SenProvision == SenProvision.E),
            "pp" => pupils.Where(p => p.PupilPremium),
            "fsm" => pupils.Where(p => p.Fsm),
            "looked-after" => pupils.Where(p => p.LookedAfter != LookedAfterStatus.None),
            "lac" => pupils.Where(p => p.LookedAfter == LookedAfterStatus.Lac),
            "plac" => pupils.Where(p => p.LookedAfter == LookedAfterStatus.Plac),
            "young-carer" => pupils.Where(p => p.YoungCarer),
            "eal" => pupils.Where(p => p.Eal),
            // Only pupils of the schools where the user is a DSL or deputy: nobody else is offered these filters.
            "cp" => ChildProtection.WithStatus(db, pupils, staff, ChildProtectionStatus.Cp),
            "cin" => ChildProtection.WithStatus(db, pupils, staff, ChildProtectionStatus.Cin),
            _ => pupils,
        };
        // Names sort by what the list shows (the preferred name where set, as Rows projects it); the id last keeps paging stable.
        return q.Sort switch
        {
            "-name" => pupils.OrderByDescending(p => p.PreferredSurname ?? p.LegalSurname).ThenByDescending(p => p.PreferredForename ?? p.LegalForename).ThenBy(p => p.Id),
            "year" => ByShownName(pupils.OrderBy(p => p.YearGroup!.NcYear)),
            "-year" => ByShownName(pupils.OrderByDescending(p => p.YearGroup!.NcYear)),
            "upn" => pupils.OrderBy(p => p.Upn).ThenBy(p => p.Id),
            "-upn" => pupils.OrderByDescending(p => p.Upn).ThenBy(p => p.Id),
            "dob" => pupils.OrderBy(p => p.DateOfBirth).ThenBy(p => p.Id),
            "-dob" => pupils.OrderByDescending(p => p.DateOfBirth).ThenBy(p => p.Id),
            _ => ByShownName(pupils.OrderBy(p => p.PreferredSurname ?? p.LegalSurname)),
        };
    }

    private static IOrderedQueryable<Pupil> ByShownName(IOrderedQueryable<Pupil> sorted) =>
        sorted.ThenBy(p => p.PreferredSurname ?? p.LegalSurname).ThenBy(p => p.PreferredForename ?? p.LegalForename).ThenBy(p => p.Id);

    public static IQueryable<RosterRow> Rows(IQueryable<Pupil> pupils) => pupils.Select(p => new RosterRow(
        p.Id, p.Upn, p.PreferredForename ?? p.LegalForename, p.PreferredSurname ?? p.LegalSurname, p.LegalSurname, p.LegalForename,
        p.DateOfBirth, p.Sex, (int?)p.YearGroup!.NcYear, p.YearGroup.Name, p.Form!.Name, p.School!.Name,
        p.SenProvision, p.SenProvision == SenProvision.E, p.PupilPremium, p.Fsm, p.LookedAfter, p.YoungCarer, p.Eal));

    public static async Task<RosterPage> PageAsync(PastoralDbContext db, StaffContext staff, RosterQuery q, CancellationToken ct)
    {
        var filtered = Filter(db, staff, q);
        var total = await filtered.CountAsync(ct);
        // In long: page 2147483647 of 200 would wrap round to a small offset (issue 5, 1.10). A page past the end is empty.
        var offset = (q.Page - 1L) * q.PageSize;
        var items = offset >= total ? [] : await Rows(filtered).Skip((int)offset).Take(q.PageSize).ToListAsync(ct);
        await AuditRestrictedFilterAsync(db, staff, q, items.Select(i => i.Id), ct);
        return new RosterPage(items, total, q);
    }

    /// <summary>A list filtered by CP or CIN tells the reader who is on a plan: each pupil shown is a restricted read.</summary>
    public static async Task AuditRestrictedFilterAsync(PastoralDbContext db, StaffContext staff, RosterQuery q, IEnumerable<int> shown, CancellationToken ct)
    {
        if (q.Flag is not ("cp" or "cin")) return;
        var ids = shown.ToList();
        var listed = await RestrictedAccess.InTier(db.Pupils.AsNoTracking().VisibleTo(staff), staff).Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, p.SchoolId }).ToListAsync(ct);
        await RestrictedAccess.AuditListedAsync(db, ChildProtectionRecord.RecordType, listed.Select(p => (p.Id, p.SchoolId)), $"listed by the {q.Flag} filter", ct);
    }
}
