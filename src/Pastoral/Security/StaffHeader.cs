using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;

namespace Pastoral.Security;

/// <summary>Who is signed in, as the header and the account page show it: "Sam Patel · Head of year · Year 7, Oakfield Academy".</summary>
public sealed record StaffBanner(string Name, string Roles, string Scope);

public sealed class StaffHeader(CurrentStaff current, PastoralDbContext db)
{
    private StaffBanner? _banner;

    public async Task<StaffBanner?> DescribeAsync(CancellationToken ct = default)
    {
        if (_banner is not null) return _banner;
        var staff = await current.FindAsync(null, ct);
        if (staff is null) return null;
        var roles = string.Join(", ", staff.Roles.OrderBy(r => Security.Roles.All.ToList().IndexOf(r)).Select(Security.Roles.DisplayName));
        _banner = new StaffBanner(staff.Name, roles.Length > 0 ? roles : "No role", await ScopeAsync(staff, ct));
        return _banner;
    }

    /// <summary>Every scope the person holds, joined: "Year 8, Brookfield Academy; caseload of 12 pupils".</summary>
    private async Task<string> ScopeAsync(StaffContext staff, CancellationToken ct)
    {
        var parts = new List<string>();
        if (staff.Scopes.Contains(ScopeKind.Trust))
        {
            var trust = await db.Trusts.AsNoTracking().Where(t => t.Id == staff.TrustId).Select(t => t.Name).SingleOrDefaultAsync(ct);
            parts.Add(trust is null ? "Every school" : $"Every school in {trust}");
        }
        else if (staff.WholeSchoolIds.Count > 0)
            parts.Add(string.Join(", ", await db.Schools.AsNoTracking().Where(s => staff.WholeSchoolIds.Contains(s.Id))
                .OrderBy(s => s.Name).Select(s => s.Name).ToListAsync(ct)));
        if (staff.YearGroupIds.Count > 0)
        {
            var years = await db.YearGroups.AsNoTracking().Where(y => staff.YearGroupIds.Contains(y.Id))
                .Select(y => new { y.Name, School = y.School!.Name }).ToListAsync(ct);
            parts.AddRange(years.GroupBy(y => y.School).OrderBy(g => g.Key).Select(g => $"{string.Join(", ", g.Select(y => y.Name).Order())}, {g.Key}"));
        }
        if (staff.HasCaseload)
            parts.Add($"caseload of {Counted.Of(staff.CaseloadPupilIds.Count, "pupil")}");
        if (parts.Count == 0) return "No pupils yet";
        var text = string.Join("; ", parts);
        return char.ToUpperInvariant(text[0]) + text[1..];
    }
}
