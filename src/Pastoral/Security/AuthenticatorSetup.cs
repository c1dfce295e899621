using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security.Audit;
using QRCoder;

namespace Pastoral.Security;

/// <summary>A key offered for set-up: the QR code (SVG drawn here, no external request) and the key to type by hand.</summary>
public sealed record OfferedKey(string Protected, string ManualKey, string QrSvg);

/// <summary>
/// Setting up (or replacing) an authenticator app. The new key travels in the form, protected, and replaces the old one
/// only when a code from it is entered, so a half-finished reset never locks anyone out. Recovery codes are Identity's:
/// each works once, and they are shown once.
/// </summary>
public sealed class AuthenticatorSetup(UserManager<StaffUser> users, IUserStore<StaffUser> store, IDataProtectionProvider protection, PastoralDbContext db)
{
    public const int RecoveryCodeCount = 10;
    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("Pastoral.AuthenticatorSetup").ToTimeLimitedDataProtector();

    public OfferedKey Offer(StaffUser user)
    {
        var key = users.GenerateNewAuthenticatorKey();
        return Describe(user, key, _protector.Protect($"{user.Id}|{key}", TimeSpan.FromMinutes(30)));
    }

    /// <summary>The same offer again (after a wrong code), or null if it is not this person's or has timed out.</summary>
    public OfferedKey? Reopen(StaffUser user, string? offered) => KeyOf(user, offered) is { } key ? Describe(user, key, offered!) : null;

    private static OfferedKey Describe(StaffUser user, string key, string protectedKey)
    {
        var uri = $"otpauth://totp/Pastoral:{Uri.EscapeDataString(user.Email ?? "")}?secret={key}&issuer=Pastoral&digits=6";
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(4);
        var manual = string.Join(' ', key.Chunk(4).Select(c => new string(c))).ToLowerInvariant();
        return new OfferedKey(protectedKey, manual, svg);
    }

    private string? KeyOf(StaffUser user, string? offered)
    {
        if (string.IsNullOrEmpty(offered)) return null;
        try
        {
            var parts = _protector.Unprotect(offered).Split('|');
            return parts.Length == 2 && parts[0] == user.Id.ToString() ? parts[1] : null;
        }
        catch (CryptographicException) { return null; }
    }

    /// <summary>Checks a code against the offered key (the step used is claimed, so the code cannot then sign in too).</summary>
    public bool Matches(StaffUser user, string? offered, string? code, out long step)
    {
        step = 0;
        var key = KeyOf(user, offered);
        code = code?.Replace(" ", "").Trim();
        if (key is null || code is not { Length: 6 } || !code.All(char.IsAsciiDigit)) return false;
        var now = Totp.StepAt(DateTimeOffset.UtcNow);
        for (var s = now - 2; s <= now + 2; s++)
            if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Totp.CodeForStep(key, s)), Encoding.ASCII.GetBytes(code)))
            {
                step = s;
                return true;
            }
        return false;
    }

    /// <summary>Makes the offered key the account's authenticator and returns new recovery codes (shown once). Call in the caller's transaction.</summary>
    public async Task<IReadOnlyList<string>> ApplyAsync(StaffUser user, string offered, long step, CancellationToken ct = default)
    {
        var key = KeyOf(user, offered) ?? throw new InvalidOperationException("The offered key is not valid.");
        await ((IUserAuthenticatorKeyStore<StaffUser>)store).SetAuthenticatorKeyAsync(user, key, ct);
        user.TwoFactorEnabled = true;
        Check(await users.UpdateSecurityStampAsync(user));
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))?.ToList() ?? [];
        await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.LastSecondFactorStep, step), ct);
        db.Audit(AuditActions.AuthenticatorSet, nameof(StaffUser), user.Id.ToString(), detail: $"{user.Email}: new authenticator, {codes.Count} recovery codes");
        await db.SaveChangesAsync(ct);
        return codes;
    }

    /// <summary>The administrator's reset: the old app and recovery codes stop working at once.</summary>
    public async Task ClearAsync(StaffUser user, CancellationToken ct = default)
    {
        await ((IUserAuthenticatorKeyStore<StaffUser>)store).SetAuthenticatorKeyAsync(user, users.GenerateNewAuthenticatorKey(), ct);
        await users.RemoveAuthenticationTokenAsync(user, "[AspNetUserStore]", "RecoveryCodes");
        user.TwoFactorEnabled = false;
        Check(await users.UpdateSecurityStampAsync(user));
    }

    public Task<int> RecoveryCodesLeftAsync(StaffUser user) => users.CountRecoveryCodesAsync(user);

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new StaffAccountException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
