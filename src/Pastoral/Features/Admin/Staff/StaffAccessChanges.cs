using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Admin.Staff;

/// <summary>The scopes chosen on a form: the whole trust, whole schools, year groups, and a caseload in some schools.</summary>
public sealed record AccessChoice(bool Trust, IReadOnlyList<int> SchoolIds, IReadOnlyList<int> YearGroupIds, IReadOnlyList<int> CaseloadSchoolIds);

/// <summary>A problem with a form, naming the field it belongs to.</summary>
public sealed class StaffFormException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>Every change an administrator makes to someone's account: each checks reach, is audited and saved in one transaction.</summary>
public sealed class StaffAccessChanges(PastoralDbContext db, StaffDirectory directory, StaffAccounts accounts, AccountLinks links,
    StaffSessions sessions, AuthenticatorSetup authenticator, UserManager<StaffUser> users, TimeProvider clock)
{
    /// <summary>Turns a choice into grants, refusing anything outside the administrator's reach.</summary>
    public async Task<List<StaffScope>> GrantsAsync(StaffContext admin, AccessChoice choice, CancellationToken ct = default)
    {
        var reach = await directory.ReachAsync(admin, ct);
        var schools = reach.Select(s => s.Id).ToHashSet();
        var years = reach.SelectMany(s => s.YearGroups.Select(y => (y.Id, School: s.Id))).ToDictionary(y => y.Id, y => y.School);
        if (choice.Trust && !StaffDirectory.IsTrustWide(admin))
            throw new StaffFormException("Trust", "Only a trust administrator can give access to every school.");
        if (choice.SchoolIds.Concat(choice.CaseloadSchoolIds).Any(id => !schools.Contains(id)) || choice.YearGroupIds.Any(id => !years.ContainsKey(id)))
            throw new StaffFormException("Schools", "Choose schools and year groups from the lists.");
        var grants = new List<StaffScope>();
        if (choice.Trust) grants.Add(new StaffScope { Kind = ScopeKind.Trust });
        grants.AddRange(choice.SchoolIds.Distinct().Select(id => new StaffScope { Kind = ScopeKind.Schools, SchoolId = id }));
        grants.AddRange(choice.YearGroupIds.Distinct().Select(id => new StaffScope { Kind = ScopeKind.YearGroups, SchoolId = years[id], YearGroupId = id }));
        grants.AddRange(choice.CaseloadSchoolIds.Distinct().Select(id => new StaffScope { Kind = ScopeKind.Caseload, SchoolId = id }));
        if (grants.Count == 0) throw new StaffFormException("Schools", "Choose which pupils they work with: a school, a year group or a caseload.");
        return grants;
    }

    private static List<string> CheckRoles(IReadOnlyList<string> roles)
    {
        var known = roles.Select(r => Roles.Parse(r)).ToList();
        if (known.Count == 0) throw new StaffFormException("Roles", "Choose at least one role.");
        if (known.Any(r => r is null)) throw new StaffFormException("Roles", "Choose roles from the list.");
        return [.. known.Select(r => r!).Distinct()];
    }

    /// <summary>Creates the account with no password and queues the invitation e-mail, all or nothing.</summary>
    public async Task<StaffUser> InviteAsync(StaffContext admin, string email, string name, IReadOnlyList<string> roles, AccessChoice choice, CancellationToken ct = default)
    {
        if (StaffAccounts.EmailProblem(email) is { } bad) throw new StaffFormException("Email", bad);
        if (string.IsNullOrWhiteSpace(name)) throw new StaffFormException("Name", "Enter their full name.");
        if (name.Trim().Length > 200) throw new StaffFormException("Name", "A full name can be at most 200 characters.");
        var roleList = CheckRoles(roles);
        var grants = await GrantsAsync(admin, choice, ct);
        if (await users.FindByEmailAsync(email.Trim()) is not null) throw new StaffFormException("Email", $"{email.Trim()} already has an account.");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var created = await CreateInTransactionAsync(email.Trim(), name.Trim(), roleList, grants, ct);
        await tx.CommitAsync(ct);
        return created;
    }

    /// <summary>For the bulk import: creates and invites inside the caller's transaction.</summary>
    internal async Task<StaffUser> CreateInTransactionAsync(string email, string name, List<string> roles, List<StaffScope> grants, CancellationToken ct)
    {
        StaffUser user;
        try
        {
            user = (await accounts.CreateAsync(new NewStaff(email, name, roles, grants[0].Kind, [], Invite: true, ExactScopes: grants))).User;
        }
        catch (StaffAccountException e) { throw new StaffFormException("Email", e.Message); }
        await links.SendAsync(user, AccountLinkPurpose.Invitation, ct);
        await db.SaveChangesAsync(ct);
        return user;
    }

    /// <summary>Replaces the person's roles and scopes.</summary>
    public async Task SetAccessAsync(StaffContext admin, Guid id, IReadOnlyList<string> roles, AccessChoice choice, CancellationToken ct = default)
    {
        var user = await FindAsync(admin, id, ct);
        var roleList = CheckRoles(roles);
        var grants = await GrantsAsync(admin, choice, ct);
        if (user.Id == admin.UserId && !Permissions.Allows(roleList, StaffAction.ManageUsers))
            throw new StaffFormException("Roles", "You cannot take away your own administrator role: ask another administrator.");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var current = await users.GetRolesAsync(user);
        var remove = current.Except(roleList).ToList();
        var add = roleList.Except(current).ToList();
        if (add.Count > 0) await accounts.EnsureRolesAsync(); // a role added since the database was made (Headteacher) exists once given
        if (remove.Count > 0) Check(await users.RemoveFromRolesAsync(user, remove));
        if (add.Count > 0) Check(await users.AddToRolesAsync(user, add));
        await db.StaffScopes.Where(s => s.UserId == user.Id).ExecuteDeleteAsync(ct);
        foreach (var g in grants) { g.UserId = user.Id; db.StaffScopes.Add(g); }
        db.Audit(AuditActions.AccessChanged, nameof(StaffUser), user.Id.ToString(),
            detail: $"{user.Email}: roles {string.Join(", ", roleList)}; scopes {string.Join(", ", grants.Select(g => $"{g.Kind}:{g.SchoolId?.ToString() ?? "-"}/{g.YearGroupId?.ToString() ?? "-"}"))}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Deactivated: cannot sign in, every session ends at once, API tokens and e-mailed links stop working.</summary>
    public async Task DeactivateAsync(StaffContext admin, Guid id, CancellationToken ct = default)
    {
        var user = await FindAsync(admin, id, ct);
        if (user.Id == admin.UserId) throw new StaffFormException("", "You cannot deactivate your own account.");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        user.IsActive = false;
        Check(await users.UpdateSecurityStampAsync(user));
        await links.RetireAllAsync(user.Id, ct);
        await sessions.EndAllAsync(user.Id, ct);
        db.Audit(AuditActions.Deactivated, nameof(StaffUser), user.Id.ToString(), detail: user.Email);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    public async Task ReactivateAsync(StaffContext admin, Guid id, CancellationToken ct = default)
    {
        var user = await FindAsync(admin, id, ct);
        user.IsActive = true;
        db.Audit(AuditActions.Reactivated, nameof(StaffUser), user.Id.ToString(), detail: user.Email);
        Check(await users.UpdateAsync(user));
    }

    /// <summary>The old authenticator and recovery codes stop working, sessions end, and a set-up link is e-mailed.</summary>
    public async Task ResetSecondFactorAsync(StaffContext admin, Guid id, CancellationToken ct = default)
    {
        var user = await FindAsync(admin, id, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await authenticator.ClearAsync(user, ct);
        await sessions.EndAllAsync(user.Id, ct);
        await links.SendAsync(user, AccountLinkPurpose.AuthenticatorReset, ct);
        db.Audit(AuditActions.SecondFactorReset, nameof(StaffUser), user.Id.ToString(), detail: user.Email);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Sends a fresh invitation (the earlier link stops working).</summary>
    public async Task ResendInvitationAsync(StaffContext admin, Guid id, CancellationToken ct = default)
    {
        var user = await FindAsync(admin, id, ct);
        await links.SendAsync(user, user.PasswordHash is null ? AccountLinkPurpose.Invitation : AccountLinkPurpose.PasswordReset, ct);
        db.Audit(AuditActions.Invited, nameof(StaffUser), user.Id.ToString(), detail: $"{user.Email}: link sent again");
        await db.SaveChangesAsync(ct);
    }

    public async Task<int> RevokeTokensAsync(StaffContext admin, Guid id, CancellationToken ct = default)
    {
        var user = await FindAsync(admin, id, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var tokens = await db.ApiTokens.Where(t => t.UserId == user.Id && t.RevokedAt == null).ToListAsync(ct);
        foreach (var t in tokens)
        {
            t.RevokedAt = now;
            db.Audit(AuditActions.TokenRevoked, nameof(ApiToken), t.Id.ToString(), detail: $"{user.Email}: {t.Name} (by an administrator)");
        }
        await db.SaveChangesAsync(ct);
        return tokens.Count;
    }

    private async Task<StaffUser> FindAsync(StaffContext admin, Guid id, CancellationToken ct) =>
        await directory.FindAsync(admin, id, ct) ?? throw new StaffNotFoundException();

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new StaffFormException("", string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}

/// <summary>The account is not one this administrator may manage: it does not exist for them (404).</summary>
public sealed class StaffNotFoundException : Exception;
