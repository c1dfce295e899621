using Microsoft.EntityFrameworkCore;
using Pastoral.Data;

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

    private async Task<string> ScopeAsync(StaffContext staff, CancellationToken ct)
    {
        var schools = await db.Schools.AsNoTracking().Where(s => staff.SchoolIds.Contains(s.Id)).OrderBy(s => s.Name).Select(s => s.Name).ToListAsync(ct);
        switch (staff.Scope)
        {
            case ScopeKind.Trust:
                var trust = await db.Trusts.AsNoTracking().Where(t => t.Id == staff.TrustId).Select(t => t.Name).SingleOrDefaultAsync(ct);
                return trust is null ? "Every school" : $"Every school in {trust}";
            case ScopeKind.YearGroups:
                var years = await db.YearGroups.AsNoTracking().Where(y => staff.YearGroupIds.Contains(y.Id))
                    .Select(y => new { y.Name, School = y.School!.Name })
                    .ToListAsync(ct);
                return years.Count == 0 ? "No year group yet"
                    : string.Join("; ", years.GroupBy(y => y.School).OrderBy(g => g.Key).Select(g => $"{string.Join(", ", g.Select(y => y.Name).Order())}, {g.Key}"));
            case ScopeKind.Caseload:
                var count = staff.CaseloadPupilIds.Count;
                return count == 1 ? "Caseload of 1 pupil" : $"Caseload of {count} pupils";
            default:
                return schools.Count == 0 ? "No school yet" : string.Join(", ", schools);
        }
    }
}
