using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Pastoral.Data;
using Pastoral.Security.Audit;

namespace Pastoral.Security;

/// <summary>
/// Identity's sign-in with two changes: every sign-in starts a server-side <see cref="StaffSession"/> (audited in the
/// same save), and every refused password check costs one password-hash verification, so a locked, inactive or
/// unknown account cannot be told from a wrong password.
/// </summary>
public sealed class StaffSignIn(UserManager<StaffUser> users, IHttpContextAccessor http, IUserClaimsPrincipalFactory<StaffUser> claims,
    IOptions<IdentityOptions> options, ILogger<SignInManager<StaffUser>> logger, IAuthenticationSchemeProvider schemes,
    IUserConfirmation<StaffUser> confirmation, PastoralDbContext db, StaffSessions sessions)
    : SignInManager<StaffUser>(users, http, claims, options, logger, schemes, confirmation)
{
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<StaffUser>().HashPassword(new StaffUser { FullName = "" }, Guid.NewGuid().ToString()));
    private Claim? _keepSession;

    /// <summary>For an e-mail with no active account: the same verification a real account gets, and a refusal.</summary>
    public SignInResult RefuseWithoutAccount(string password)
    {
        UserManager.PasswordHasher.VerifyHashedPassword(new StaffUser { FullName = "" }, DummyHash.Value, password);
        return SignInResult.Failed;
    }

    public override async Task<SignInResult> CheckPasswordSignInAsync(StaffUser user, string password, bool lockoutOnFailure)
    {
        if (!user.IsActive) return RefuseWithoutAccount(password);
        if (await UserManager.IsLockedOutAsync(user))
        {
            // Identity answers a locked account without checking the password, in a fraction of the time: do the same work.
            UserManager.PasswordHasher.VerifyHashedPassword(user, user.PasswordHash ?? DummyHash.Value, password);
            return SignInResult.LockedOut;
        }
        return await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);
    }

    public override async Task SignInWithClaimsAsync(StaffUser user, AuthenticationProperties? authenticationProperties, IEnumerable<Claim> additionalClaims)
    {
        var all = additionalClaims.Where(c => c.Type != StaffSessions.ClaimType).ToList();
        if (_keepSession is { } kept) all.Add(kept);
        else
        {
            all.Add(sessions.Start(user.Id, Context));
            var how = all.Any(c => c.Type == "amr" && c.Value == "mfa") ? "password and authenticator" : "password";
            db.Audit(AuditActions.SignedIn, nameof(StaffUser), user.Id.ToString(), actorId: user.Id, actorName: user.Email, detail: how);
            await db.SaveChangesAsync();
        }
        await base.SignInWithClaimsAsync(user, authenticationProperties, all);
    }

    /// <summary>Re-issuing the cookie (after a change to the account) keeps the browser's session rather than starting another.</summary>
    public override async Task RefreshSignInAsync(StaffUser user)
    {
        var current = await Context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        _keepSession = current.Principal?.FindFirst(StaffSessions.ClaimType);
        try { await base.RefreshSignInAsync(user); }
        finally { _keepSession = null; }
    }
}

/// <summary>
/// The authenticator check (RFC 6238, as Identity's: 30-second steps, two steps either side for clock drift), with each
/// code usable once: the matched step is claimed with one conditional UPDATE, so of two sign-ins racing with one code
/// only one wins, on SQLite and PostgreSQL alike.
/// </summary>
public sealed class SingleUseAuthenticator(PastoralDbContext db) : IUserTwoFactorTokenProvider<StaffUser>
{
    public const string Name = "SingleUseAuthenticator";

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<StaffUser> manager, StaffUser user) =>
        !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));

    public Task<string> GenerateAsync(string purpose, UserManager<StaffUser> manager, StaffUser user) => Task.FromResult("");

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<StaffUser> manager, StaffUser user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrWhiteSpace(key) || token.Length != 6 || !token.All(char.IsAsciiDigit)) return false;
        // The phone's clock, not the school's: the code is what the authenticator app shows now.
        var now = Totp.StepAt(DateTimeOffset.UtcNow);
        long? matched = null;
        for (var step = now - 2; step <= now + 2 && matched is null; step++)
            if (System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                    System.Text.Encoding.ASCII.GetBytes(Totp.CodeForStep(key, step)), System.Text.Encoding.ASCII.GetBytes(token)))
                matched = step;
        if (matched is not { } used) return false;
        var claimed = await db.Users
            .Where(u => u.Id == user.Id && (u.LastSecondFactorStep == null || u.LastSecondFactorStep < used))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LastSecondFactorStep, used));
        return claimed == 1;
    }
}
