using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Pastoral.Data;
using Pastoral.Security.Audit;

namespace Pastoral.Security;

/// <summary>Personal API tokens: "Authorization: Bearer pst_…". Only a SHA-256 of the token is stored.</summary>
public sealed class ApiTokenAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger,
    UrlEncoder encoder, PastoralDbContext db, TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    public const string TokenPrefix = "pst_";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var token = header["Bearer ".Length..].Trim();
        if (!token.StartsWith(TokenPrefix, StringComparison.Ordinal) || token.Length > 100)
            return AuthenticateResult.Fail("Not a Pastoral API token.");
        var hash = ApiTokens.Hash(token);
        var now = clock.GetUtcNow().UtcDateTime;
        var found = await db.ApiTokens.AsNoTracking().Where(t => t.Hash == hash && t.RevokedAt == null && (t.ExpiresAt == null || t.ExpiresAt > now) && t.User!.IsActive)
            .Select(t => new { t.Id, t.UserId, t.User!.Email, t.LastUsedAt }).SingleOrDefaultAsync(Context.RequestAborted);
        if (found is null) return AuthenticateResult.Fail("The token is unknown, expired or revoked.");
        if (found.LastUsedAt is null || found.LastUsedAt < now.AddMinutes(-5))
            await db.ApiTokens.Where(t => t.Id == found.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now));
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, found.UserId.ToString()), new Claim(ClaimTypes.Name, found.Email ?? ""), new Claim("amr", "token")],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}

public sealed record CreatedToken(int Id, string Token);

public sealed class ApiTokens(PastoralDbContext db, TimeProvider clock)
{
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public async Task<CreatedToken> CreateAsync(StaffUser user, string name, CancellationToken ct = default) => await CreateAsync(user, name, null, ct);

    public async Task<CreatedToken> CreateAsync(StaffUser user, string name, DateTime? expiresAt, CancellationToken ct = default)
    {
        var token = ApiTokenAuthentication.TokenPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var row = new ApiToken { UserId = user.Id, Name = name, Prefix = token[..8], Hash = Hash(token), CreatedAt = clock.GetUtcNow().UtcDateTime, ExpiresAt = expiresAt };
        db.ApiTokens.Add(row);
        db.Audit(AuditActions.TokenCreated, nameof(ApiToken), null, detail: $"{user.Email}: {name}");
        await db.SaveChangesAsync(ct);
        return new CreatedToken(row.Id, token);
    }

    public async Task<int> RevokeAsync(Guid userId, string name, CancellationToken ct = default)
    {
        var tokens = await db.ApiTokens.Where(t => t.UserId == userId && t.Name == name && t.RevokedAt == null).ToListAsync(ct);
        foreach (var t in tokens)
        {
            t.RevokedAt = clock.GetUtcNow().UtcDateTime;
            db.Audit(AuditActions.TokenRevoked, nameof(ApiToken), t.Id.ToString(), detail: name);
        }
        await db.SaveChangesAsync(ct);
        return tokens.Count;
    }

    /// <summary>Revokes one of the person's own tokens (My account); false if it is not theirs or already revoked.</summary>
    public async Task<bool> RevokeOwnAsync(Guid userId, int id, CancellationToken ct = default)
    {
        var t = await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == id && t.UserId == userId && t.RevokedAt == null, ct);
        if (t is null) return false;
        t.RevokedAt = clock.GetUtcNow().UtcDateTime;
        db.Audit(AuditActions.TokenRevoked, nameof(ApiToken), t.Id.ToString(), detail: t.Name);
        await db.SaveChangesAsync(ct);
        return true;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
