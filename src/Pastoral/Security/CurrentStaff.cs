using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;

namespace Pastoral.Security;

/// <summary>Who is asking, read from the database on each request so a changed role or scope applies at once on every instance.</summary>
/// <param name="Scopes">The kinds of scope the person holds (several at once: a head of year who also mentors a caseload).</param>
/// <param name="SchoolIds">Every school the person reaches in any scope: their safeguarding reach as DSL or deputy, and the schools their filters offer.</param>
/// <param name="WholeSchoolIds">Schools where they see every pupil (a trust or school scope).</param>
/// <param name="YearGroupIds">Year groups where they see every pupil.</param>
/// <param name="CaseloadPupilIds">Pupils on their current caseload, in the schools of their caseload scopes.</param>
public sealed record StaffContext(
    Guid UserId, string Name, int TrustId, IReadOnlySet<ScopeKind> Scopes, IReadOnlySet<string> Roles,
    IReadOnlyList<int> SchoolIds, IReadOnlyList<int> WholeSchoolIds, IReadOnlyList<int> YearGroupIds, IReadOnlyList<int> CaseloadPupilIds)
{
    public bool May(StaffAction action) => Permissions.Allows(Roles, action);
    public bool NeedsSecondFactor => Roles.Overlaps(Security.Roles.RequireSecondFactor);
    public bool HasCaseload => Scopes.Contains(ScopeKind.Caseload);
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
            .Select(u => new { u.Id, u.FullName, u.TrustId }).SingleOrDefaultAsync(ct);
        if (user is null) return null;
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id
                           where ur.UserId == id select r.Name).ToListAsync(ct);
        var grants = await db.StaffScopes.AsNoTracking().Where(s => s.UserId == id)
            .Select(s => new { s.Kind, s.SchoolId, s.YearGroupId, YearSchool = db.YearGroups.Where(y => y.Id == s.YearGroupId).Select(y => (int?)y.SchoolId).FirstOrDefault() })
            .ToListAsync(ct);
        var trustSchools = grants.Any(g => g.Kind == ScopeKind.Trust)
            ? await db.Schools.Where(s => s.TrustId == user.TrustId).Select(s => s.Id).ToListAsync(ct)
            : [];
        var wholeSchools = trustSchools.Concat(grants.Where(g => g.Kind == ScopeKind.Schools && g.SchoolId != null).Select(g => g.SchoolId!.Value)).Distinct().ToList();
        var years = grants.Where(g => g.Kind == ScopeKind.YearGroups && g.YearGroupId != null).Select(g => g.YearGroupId!.Value).Distinct().ToList();
        var caseloadSchools = grants.Where(g => g.Kind == ScopeKind.Caseload && g.SchoolId != null).Select(g => g.SchoolId!.Value).Distinct().ToList();
        var today = new SchoolClock(clock).Today(); // a caseload runs by the school's date, not UTC
        var caseload = caseloadSchools.Count > 0
            ? await db.Caseloads.Where(c => c.StaffId == id && c.From <= today && (c.To == null || c.To >= today)
                    && db.Pupils.Any(p => p.Id == c.PupilId && caseloadSchools.Contains(p.SchoolId)))
                .Select(c => c.PupilId).Distinct().ToListAsync(ct)
            : [];
        var reach = wholeSchools.Concat(caseloadSchools).Concat(grants.Where(g => g.Kind == ScopeKind.YearGroups)
            .Select(g => g.YearSchool ?? g.SchoolId).Where(s => s != null).Select(s => s!.Value)).Distinct().ToList();
        return new StaffContext(user.Id, user.FullName, user.TrustId, grants.Select(g => g.Kind).ToHashSet(),
            roles.Where(r => r is not null).Select(r => r!).ToHashSet(), reach, wholeSchools, years, caseload);
    }
}
