using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;

namespace Pastoral.Security;

/// <summary>Who is asking, read from the database on each request so a changed role or scope applies at once on every instance.</summary>
public sealed record StaffContext(
    Guid UserId, string Name, int TrustId, ScopeKind Scope, IReadOnlySet<string> Roles,
    IReadOnlyList<int> SchoolIds, IReadOnlyList<int> YearGroupIds, IReadOnlyList<int> CaseloadPupilIds)
{
    public bool May(StaffAction action) => Permissions.Allows(Roles, action);
    public bool NeedsSecondFactor => Roles.Overlaps(Security.Roles.RequireSecondFactor);
}

public sealed class CurrentStaff(PastoralDbContext db, IHttpContextAccessor http, TimeProvider clock)
{
    private StaffContext? _loaded;
    private bool _tried;

    public async Task<StaffContext?> FindAsync(ClaimsPrincipal? principal = null, CancellationToken ct = default)
    {
        if (_tried) return _loaded;
        _tried = true;
        principal ??= http.HttpContext?.User;
        if (!Guid.TryParse(principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var id)) return null;
        _loaded = await LoadAsync(db, id, clock, ct);
        return _loaded;
    }

    /// <summary>For pages and endpoints behind a policy, where the user is known to be signed in.</summary>
    public async Task<StaffContext> GetAsync(CancellationToken ct = default) =>
        await FindAsync(null, ct) ?? throw new InvalidOperationException("No signed-in member of staff.");

    public static async Task<StaffContext?> LoadAsync(PastoralDbContext db, Guid id, TimeProvider clock, CancellationToken ct = default)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == id && u.IsActive)
            .Select(u => new { u.Id, u.FullName, u.TrustId, u.Scope }).SingleOrDefaultAsync(ct);
        if (user is null) return null;
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id
                           where ur.UserId == id select r.Name).ToListAsync(ct);
        var schools = user.Scope == ScopeKind.Trust
            ? await db.Schools.Where(s => s.TrustId == user.TrustId).Select(s => s.Id).ToListAsync(ct)
            : await db.StaffSchools.Where(s => s.UserId == id).Select(s => s.SchoolId).ToListAsync(ct);
        var years = user.Scope == ScopeKind.YearGroups
            ? await db.StaffYearGroups.Where(s => s.UserId == id).Select(s => s.YearGroupId).ToListAsync(ct)
            : [];
        var today = new SchoolClock(clock).Today(); // a caseload runs by the school's date, not UTC
        var caseload = user.Scope == ScopeKind.Caseload
            ? await db.Caseloads.Where(c => c.StaffId == id && c.From <= today && (c.To == null || c.To >= today))
                .Select(c => c.PupilId).ToListAsync(ct)
            : [];
        return new StaffContext(user.Id, user.FullName, user.TrustId, user.Scope,
            roles.Where(r => r is not null).Select(r => r!).ToHashSet(), schools, years, caseload);
    }
}
