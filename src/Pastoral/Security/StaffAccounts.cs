using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security.Audit;

namespace Pastoral.Security;

/// <summary>
/// A new account. <paramref name="Scope"/> and <paramref name="AlsoScopes"/> are the kinds of scope it holds, each applied
/// to <paramref name="SchoolIds"/> (Trust: every school; YearGroups: the listed year groups).
/// </summary>
public sealed record NewStaff(string Email, string FullName, IReadOnlyList<string> Roles, ScopeKind Scope,
    IReadOnlyList<int> SchoolIds, IReadOnlyList<int>? YearGroupIds = null, string? Password = null, bool IsDemo = false,
    IReadOnlyList<ScopeKind>? AlsoScopes = null, bool Invite = false, IReadOnlyList<StaffScope>? ExactScopes = null)
{
    public IReadOnlyList<ScopeKind> Kinds => [.. new[] { Scope }.Concat(AlsoScopes ?? []).Distinct()];
}

/// <summary>The sign-in details to hand to a new member of staff, shown once (none for an invitation: the person chooses them).</summary>
public sealed record CreatedStaff(StaffUser User, string? Password, string? AuthenticatorKey);

public sealed class StaffAccountException(string message) : Exception(message);

/// <summary>Creating staff accounts: used by the command line, the demo generator and (later) the admin pages.</summary>
public sealed class StaffAccounts(UserManager<StaffUser> users, RoleManager<IdentityRole<Guid>> roles, PastoralDbContext db, TimeProvider clock)
{
    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole<Guid>(role));
    }

    public async Task<CreatedStaff> CreateAsync(NewStaff spec)
    {
        if (EmailProblem(spec.Email) is { } bad) throw new StaffAccountException(bad);
        if (string.IsNullOrWhiteSpace(spec.FullName) || spec.FullName.Trim().Length > 200) throw new StaffAccountException("Enter a full name of up to 200 characters.");
        if (spec.Roles.Count == 0) throw new StaffAccountException("Give at least one role.");
        var unknown = spec.Roles.Where(r => !Roles.All.Contains(r)).ToList();
        if (unknown.Count > 0) throw new StaffAccountException($"Unknown role {string.Join(", ", unknown)}. Roles: {string.Join(", ", Roles.All)}.");
        if (await users.FindByEmailAsync(spec.Email) is not null) throw new StaffAccountException($"{spec.Email} already has an account.");
        var trustId = await db.Schools.Where(s => spec.SchoolIds.Contains(s.Id)).Select(s => s.TrustId).FirstOrDefaultAsync();
        if (trustId == 0) trustId = await db.Trusts.Select(t => t.Id).FirstOrDefaultAsync();
        if (trustId == 0) throw new StaffAccountException("There is no school yet: run 'pastoral demo' or import a school first.");

        await EnsureRolesAsync();
        var user = new StaffUser
        {
            UserName = spec.Email, Email = spec.Email, EmailConfirmed = true, FullName = spec.FullName, TrustId = trustId,
            IsDemo = spec.IsDemo, CreatedAt = clock.GetUtcNow().UtcDateTime, Scopes = spec.ExactScopes?.ToList() ?? await GrantsAsync(spec),
        };
        // An invited person has no password until they choose one from the e-mailed link.
        var password = spec.Invite ? null : spec.Password ?? GeneratePassword();
        Check(password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, password));
        Check(await users.AddToRolesAsync(user, spec.Roles));
        string? key = null;
        if (!spec.Invite && spec.Roles.Any(Roles.RequireSecondFactor.Contains))
        {
            Check(await users.ResetAuthenticatorKeyAsync(user));
            key = await users.GetAuthenticatorKeyAsync(user);
            Check(await users.SetTwoFactorEnabledAsync(user, true));
        }
        db.Audit(spec.Invite ? AuditActions.Invited : AuditActions.Created, nameof(StaffUser), user.Id.ToString(), detail: $"{spec.Email}: {string.Join(", ", spec.Roles)}");
        await db.SaveChangesAsync();
        return new CreatedStaff(user, password, key);
    }

    private async Task<List<StaffScope>> GrantsAsync(NewStaff spec)
    {
        var years = spec.YearGroupIds ?? [];
        var yearSchools = await db.YearGroups.Where(y => years.Contains(y.Id)).Select(y => new { y.Id, y.SchoolId }).ToListAsync();
        if (spec.Kinds.Contains(ScopeKind.YearGroups) && yearSchools.Count == 0)
            throw new StaffAccountException("A year-group scope needs at least one year group.");
        return spec.Kinds.SelectMany(kind => kind switch
        {
            ScopeKind.Trust => [new StaffScope { Kind = kind }],
            ScopeKind.YearGroups => yearSchools.Select(y => new StaffScope { Kind = kind, SchoolId = y.SchoolId, YearGroupId = y.Id }),
            _ => spec.SchoolIds.Select(id => new StaffScope { Kind = kind, SchoolId = id }),
        }).ToList();
    }

    /// <summary>Why an e-mail address cannot be a sign-in, in staff's words; null when it can.</summary>
    public static string? EmailProblem(string? email)
    {
        email = email?.Trim();
        if (string.IsNullOrEmpty(email)) return "Enter an e-mail address.";
        if (email.Length > 256) return "An e-mail address can be at most 256 characters.";
        var at = email.LastIndexOf('@');
        var ok = System.Net.Mail.MailAddress.TryCreate(email, out var parsed) && parsed.Address == email && parsed.DisplayName.Length == 0
            && at > 0 && email.IndexOf('.', at) > at + 1 && !email.EndsWith('.') && !email.Any(char.IsWhiteSpace);
        return ok ? null : $"Enter an e-mail address in the correct format, like name@school.org.uk (\"{(email.Length > 60 ? email[..60] + "…" : email)}\" is not).";
    }

    /// <summary>Four words of letters and digits: long enough for the 12-character rule, easy to type once.</summary>
    public static string GeneratePassword()
    {
        const string letters = "abcdefghjkmnpqrstuvwxyz";
        string Chunk() => new(Enumerable.Range(0, 4).Select(_ => letters[RandomNumberGenerator.GetInt32(letters.Length)]).ToArray());
        return $"{Chunk()}-{Chunk()}-{Chunk()}-{RandomNumberGenerator.GetInt32(10, 100)}";
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new StaffAccountException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
