using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
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
        if (Flag is not null && RosterFlags.All.All(f => f.Key != Flag)) yield return ("flag", $"Unknown flag '{Flag}'. Flags: {string.Join(", ", RosterFlags.All.Select(f => f.Key))}.");
        if (Sort is not null && Sort is not ("name" or "-name" or "year" or "-year" or "upn" or "-upn" or "dob" or "-dob"))
            yield return ("sort", "sort is one of name, year, upn, dob (prefix - for descending).");
    }
}

public sealed record RosterRow(int Id, string Upn, string Forename, string Surname, string LegalSurname, string LegalForename,
    DateOnly DateOfBirth, char Sex, int? NcYear, string? YearName, string? Form, string School,
    SenProvision SenProvision, bool Ehcp, bool PupilPremium, bool Fsm, LookedAfterStatus LookedAfter, bool YoungCarer, bool Eal);

public sealed record RosterPage(IReadOnlyList<RosterRow> Items, int Total, RosterQuery Query)
{
    public int Pages => Math.Max(1, (Total + Query.PageSize - 1) / Query.PageSize);
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
        var canSeeCp = staff.May(StaffAction.ReadSafeguarding);
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
            "cp" when canSeeCp => pupils.Where(p => p.ChildProtection == ChildProtectionStatus.Cp),
            "cin" when canSeeCp => pupils.Where(p => p.ChildProtection == ChildProtectionStatus.Cin),
            "cp" or "cin" => pupils.Where(_ => false),
            _ => pupils,
        };
        return q.Sort switch
        {
            "-name" => pupils.OrderByDescending(p => p.LegalSurname).ThenByDescending(p => p.LegalForename),
            "year" => pupils.OrderBy(p => p.YearGroup!.NcYear).ThenBy(p => p.LegalSurname).ThenBy(p => p.LegalForename),
            "-year" => pupils.OrderByDescending(p => p.YearGroup!.NcYear).ThenBy(p => p.LegalSurname).ThenBy(p => p.LegalForename),
            "upn" => pupils.OrderBy(p => p.Upn),
            "-upn" => pupils.OrderByDescending(p => p.Upn),
            "dob" => pupils.OrderBy(p => p.DateOfBirth),
            "-dob" => pupils.OrderByDescending(p => p.DateOfBirth),
            _ => pupils.OrderBy(p => p.LegalSurname).ThenBy(p => p.LegalForename),
        };
    }

    public static IQueryable<RosterRow> Rows(IQueryable<Pupil> pupils) => pupils.Select(p => new RosterRow(
        p.Id, p.Upn, p.PreferredForename ?? p.LegalForename, p.PreferredSurname ?? p.LegalSurname, p.LegalSurname, p.LegalForename,
        p.DateOfBirth, p.Sex, (int?)p.YearGroup!.NcYear, p.YearGroup.Name, p.Form!.Name, p.School!.Name,
        p.SenProvision, p.SenProvision == SenProvision.E, p.PupilPremium, p.Fsm, p.LookedAfter, p.YoungCarer, p.Eal));

    public static async Task<RosterPage> PageAsync(PastoralDbContext db, StaffContext staff, RosterQuery q, CancellationToken ct)
    {
        var filtered = Filter(db, staff, q);
        var total = await filtered.CountAsync(ct);
        var items = await Rows(filtered).Skip((q.Page - 1) * q.PageSize).Take(q.PageSize).ToListAsync(ct);
        await AuditRestrictedFilterAsync(db, staff, q, items.Select(i => i.Id), ct);
        return new RosterPage(items, total, q);
    }

    /// <summary>A list filtered by CP or CIN tells the reader who is on a plan: each pupil shown is a restricted read.</summary>
    public static async Task AuditRestrictedFilterAsync(PastoralDbContext db, StaffContext staff, RosterQuery q, IEnumerable<int> shown, CancellationToken ct)
    {
        if (q.Flag is not ("cp" or "cin") || !staff.May(StaffAction.ReadSafeguarding)) return;
        foreach (var id in shown)
            db.Audit(Security.Audit.AuditActions.ViewedRestricted, RestrictedAccess.ChildProtectionRecord, id.ToString(), id, detail: $"listed by the {q.Flag} filter");
        await db.SaveChangesAsync(ct);
    }
}
