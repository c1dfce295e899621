using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Admin.Staff;

/// <summary>One member of staff as the accounts list shows them.</summary>
public sealed record StaffRow(Guid Id, string Name, string Email, IReadOnlyList<string> Roles, IReadOnlyList<string> Scopes, bool Active,
    bool Invited, bool HasAuthenticator, DateTime? LastSignIn);

/// <summary>A school an administrator reaches, with its year groups (for the scope choices).</summary>
public sealed record ReachSchool(int Id, string Name, string Urn, IReadOnlyList<(int Id, string Name)> YearGroups);

/// <summary>
/// Whose accounts an administrator may see and change: a trust administrator everyone in the trust; a school's
/// administrator only staff all of whose scopes lie in the schools they administer (never a trust-wide account).
/// </summary>
public sealed class StaffDirectory(PastoralDbContext db)
{
    public static bool IsTrustWide(StaffContext admin) => admin.Scopes.Contains(ScopeKind.Trust);

    /// <summary>The accounts this administrator may manage: the one filter every staff page starts from.</summary>
    public IQueryable<StaffUser> Manageable(StaffContext admin)
    {
        var users = db.Users.Where(u => u.TrustId == admin.TrustId);
        if (!admin.May(StaffAction.ManageUsers)) return users.Where(_ => false);
        if (IsTrustWide(admin)) return users;
        var schools = admin.WholeSchoolIds;
        return users.Where(u => db.StaffScopes.Any(s => s.UserId == u.Id)
            && !db.StaffScopes.Any(s => s.UserId == u.Id && (s.SchoolId == null || !schools.Contains(s.SchoolId.Value))));
    }

    public Task<StaffUser?> FindAsync(StaffContext admin, Guid id, CancellationToken ct = default) =>
        Manageable(admin).SingleOrDefaultAsync(u => u.Id == id, ct);

    /// <summary>The schools whose scopes this administrator may grant.</summary>
    public async Task<IReadOnlyList<ReachSchool>> ReachAsync(StaffContext admin, CancellationToken ct = default)
    {
        var ids = admin.May(StaffAction.ManageUsers) ? admin.WholeSchoolIds : [];
        var schools = await db.Schools.AsNoTracking().Where(s => ids.Contains(s.Id)).OrderBy(s => s.Name)
            .Select(s => new { s.Id, s.Name, s.Urn }).ToListAsync(ct);
        var years = (await db.YearGroups.AsNoTracking().Where(y => ids.Contains(y.SchoolId)).OrderBy(y => y.NcYear)
            .Select(y => new { y.Id, y.Name, y.SchoolId }).ToListAsync(ct)).ToLookup(y => y.SchoolId);
        return [.. schools.Select(s => new ReachSchool(s.Id, s.Name, s.Urn, [.. years[s.Id].Select(y => (y.Id, y.Name))]))];
    }

    public async Task<IReadOnlyList<StaffRow>> ListAsync(StaffContext admin, string? search, bool includeInactive, CancellationToken ct = default)
    {
        var query = Manageable(admin).AsNoTracking();
        if (!includeInactive) query = query.Where(u => u.IsActive);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToUpperInvariant();
            query = query.Where(u => u.FullName.ToUpper().Contains(term) || u.NormalizedEmail!.Contains(term));
        }
        var users = await query.OrderBy(u => u.FullName).Take(2000).Select(u => new
        {
            u.Id, u.FullName, u.Email, u.IsActive, Invited = u.PasswordHash == null, u.TwoFactorEnabled,
            LastSignIn = db.StaffSessions.Where(s => s.UserId == u.Id).Max(s => (DateTime?)s.CreatedAt),
        }).ToListAsync(ct);
        var ids = users.Select(u => u.Id).ToList();
        var roles = (await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ids.Contains(ur.UserId) select new { ur.UserId, r.Name })
            .ToListAsync(ct)).ToLookup(r => r.UserId, r => r.Name!);
        var scopes = await ScopeTextAsync(ids, ct);
        return [.. users.Select(u => new StaffRow(u.Id, u.FullName, u.Email ?? "", [.. roles[u.Id].OrderBy(r => Security.Roles.All.ToList().IndexOf(r))],
            scopes[u.Id].ToList(), u.IsActive, u.Invited, u.TwoFactorEnabled, u.LastSignIn))];
    }

    /// <summary>"Every school", "Oakfield Academy", "Year 7, Oakfield Academy", "Caseload, Oakfield Academy" per person.</summary>
    public async Task<ILookup<Guid, string>> ScopeTextAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct = default)
    {
        // Read flat and joined here: SQLite cannot run a correlated list per user.
        var grants = await db.StaffScopes.AsNoTracking().Where(s => ids.Contains(s.UserId)).OrderBy(s => s.Id).Select(s => new
        {
            s.UserId, s.Kind,
            School = db.Schools.Where(x => x.Id == s.SchoolId).Select(x => x.Name).FirstOrDefault(),
            Year = db.YearGroups.Where(y => y.Id == s.YearGroupId).Select(y => y.Name).FirstOrDefault(),
        }).ToListAsync(ct);
        return grants.ToLookup(g => g.UserId, g => g.Kind switch
        {
            ScopeKind.Trust => "Every school",
            ScopeKind.YearGroups => $"{g.Year}, {g.School}",
            ScopeKind.Caseload => $"Caseload, {g.School}",
            _ => g.School ?? "",
        });
    }
}
