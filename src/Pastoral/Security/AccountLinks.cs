using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Security.Audit;

namespace Pastoral.Security;

/// <summary>What an e-mailed link lets its holder do.</summary>
public enum AccountLinkPurpose
{
    /// <summary>A new account: choose a password (and set up the authenticator if the role needs one).</summary>
    Invitation,
    /// <summary>"Forgot password?": choose a new password.</summary>
    PasswordReset,
    /// <summary>An administrator reset the second factor: set up the authenticator again.</summary>
    AuthenticatorReset,
}

/// <summary>
/// A single-use, expiring link sent by e-mail. Only a SHA-256 of the token is stored; the token is in the e-mail alone.
/// A row with no user is the decoy written for an address with no account, so asking for a link costs the same either way.
/// </summary>
public sealed class AccountLink
{
    public Guid Id { get; set; }
    public Guid? UserId { get; set; }
    public AccountLinkPurpose Purpose { get; set; }
    public required string Hash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    /// <summary>Set once, by the one conditional UPDATE that redeems the link, or when a newer link replaces it.</summary>
    public DateTime? UsedAt { get; set; }

    public static void ConfigureModel(ModelBuilder b) => b.Entity<AccountLink>(e =>
    {
        e.ToTable("AccountLinks");
        e.HasIndex(l => l.Hash).IsUnique();
        e.HasIndex(l => new { l.UserId, l.UsedAt });
        e.Property(l => l.Hash).HasMaxLength(64);
        e.Property(l => l.Purpose).HasConversion<string>().HasMaxLength(30);
        e.HasOne<StaffUser>().WithMany().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.Cascade);
    });
}

/// <summary>Why a link cannot be used, in the words the page shows.</summary>
public enum LinkProblem { None, Unknown, Used, Expired }

public sealed record FoundLink(Guid Id, StaffUser User, AccountLinkPurpose Purpose);

/// <summary>
/// Invitation, password-reset and authenticator-reset links. Own hashed tokens rather than Identity's data-protection
/// tokens because a link must be single-use on every instance (redeemed by one conditional UPDATE, as the authenticator
/// step is), expire by the app's clock, be replaced when a newer one is sent, and die with a deactivated account.
/// </summary>
public sealed class AccountLinks(PastoralDbContext db, TimeProvider clock, IConfiguration config, IMailQueue mail)
{
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(7);
    public static readonly TimeSpan ResetLifetime = TimeSpan.FromHours(1);
    public const string Path = "/account/set-password";

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The configured public address (<c>App:PublicUrl</c>), never the request's Host header.</summary>
    public Uri PublicUrl => Uri.TryCreate(config["App:PublicUrl"], UriKind.Absolute, out var u) && u.Scheme is "https" or "http"
        ? u : throw new InvalidOperationException("Set App:PublicUrl (for example https://pastoral.example-school.org.uk) so e-mailed links can name the app.");

    public static TimeSpan LifetimeOf(AccountLinkPurpose purpose) => purpose == AccountLinkPurpose.Invitation ? InvitationLifetime : ResetLifetime;

    /// <summary>
    /// Adds a link for <paramref name="user"/> (retiring their earlier unused links) and queues its e-mail, both in the
    /// caller's next SaveChanges. With no user, only the decoy row is added: nothing is sent.
    /// </summary>
    public async Task SendAsync(StaffUser? user, AccountLinkPurpose purpose, CancellationToken ct = default)
    {
        var token = "pl_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = Now;
        if (user is not null)
            foreach (var old in await db.Set<AccountLink>().Where(l => l.UserId == user.Id && l.UsedAt == null).ToListAsync(ct))
                old.UsedAt = now;
        db.Set<AccountLink>().Add(new AccountLink
        {
            Id = Guid.NewGuid(), UserId = user?.Id, Purpose = purpose, Hash = Hash(token), CreatedAt = now, ExpiresAt = now + LifetimeOf(purpose),
        });
        if (user?.Email is not { } email) return;
        var link = new Uri(PublicUrl, $"{Path}?token={Uri.EscapeDataString(token)}");
        mail.Enqueue(db, Message(email, user.FullName, purpose, link));
    }

    private static MailMessage Message(string email, string name, AccountLinkPurpose purpose, Uri link) => purpose switch
    {
        AccountLinkPurpose.Invitation => new MailMessage(email, name, "Your Pastoral account",
            $"Hello {name},\n\nAn account has been made for you on Pastoral, the school's pastoral record system.\n\n" +
            $"Choose your password here (the link works once, for 7 days):\n{link}\n\n" +
            "If you did not expect this, you can ignore this e-mail.", "account-invitation"),
        AccountLinkPurpose.PasswordReset => new MailMessage(email, name, "Choose a new Pastoral password",
            $"Hello {name},\n\nSomeone asked to reset the password of your Pastoral account.\n\n" +
            $"Choose a new password here (the link works once, for 1 hour):\n{link}\n\n" +
            "If it was not you, ignore this e-mail: your password has not changed.", "account-password-reset"),
        _ => new MailMessage(email, name, "Set up your Pastoral authenticator again",
            $"Hello {name},\n\nAn administrator has reset the authenticator app of your Pastoral account.\n\n" +
            $"Set it up again here (the link works once, for 1 hour):\n{link}", "account-authenticator-reset"),
    };

    /// <summary>The link's account, or why it cannot be used. Looks only; <see cref="RedeemAsync"/> uses it up.</summary>
    public async Task<(FoundLink? Link, LinkProblem Problem)> FindAsync(string? token, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100) return (null, LinkProblem.Unknown);
        var hash = Hash(token.Trim());
        var row = await db.Set<AccountLink>().AsNoTracking().SingleOrDefaultAsync(l => l.Hash == hash, ct);
        if (row?.UserId is not { } userId) return (null, LinkProblem.Unknown);
        if (row.UsedAt is not null) return (null, LinkProblem.Used);
        if (row.ExpiresAt <= Now) return (null, LinkProblem.Expired);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId && u.IsActive, ct);
        return user is null ? (null, LinkProblem.Unknown) : (new FoundLink(row.Id, user, row.Purpose), LinkProblem.None);
    }

    /// <summary>Uses the link up: true for exactly one caller, however many race, on any instance.</summary>
    public async Task<bool> RedeemAsync(Guid linkId, CancellationToken ct = default)
    {
        var now = Now;
        return await db.Set<AccountLink>().Where(l => l.Id == linkId && l.UsedAt == null && l.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.UsedAt, now), ct) == 1;
    }

    /// <summary>
    /// "Forgot password?": the same rows, the same audit entry and the same answer whether or not the address has an
    /// active account; only a real account gets the e-mail.
    /// </summary>
    public async Task RequestResetAsync(string email, CancellationToken ct = default)
    {
        var normalized = email.Trim().ToUpperInvariant();
        var user = await db.Users.SingleOrDefaultAsync(u => u.NormalizedEmail == normalized && u.IsActive, ct);
        await SendAsync(user, AccountLinkPurpose.PasswordReset, ct);
        db.Audit(AuditActions.PasswordResetRequested, nameof(StaffUser), user?.Id.ToString(), actorId: user?.Id,
            actorName: user?.Email ?? "unknown account", detail: user is null ? "no such active account: nothing sent" : "link sent");
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Retires every unused link of the account (deactivation).</summary>
    public Task RetireAllAsync(Guid userId, CancellationToken ct = default)
    {
        var now = Now;
        return db.Set<AccountLink>().Where(l => l.UserId == userId && l.UsedAt == null).ExecuteUpdateAsync(s => s.SetProperty(l => l.UsedAt, now), ct);
    }
}
