using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security.Audit;

namespace Pastoral.Security;

/// <summary>
/// One signed-in browser. The sign-in cookie carries only its id; every request checks the row, so ending it
/// (sign-out, sign out everywhere, idle) refuses that cookie on every instance at once.
/// </summary>
public sealed class StaffSession
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime LastSeenAt { get; set; }
    public DateTime? EndedAt { get; set; }
    /// <summary>"Chrome on Windows, 10.0.0.7": enough for a person to recognise their own device.</summary>
    public required string Device { get; set; }

    public static void ConfigureModel(ModelBuilder b) => b.Entity<StaffSession>(e =>
    {
        e.HasIndex(s => new { s.UserId, s.EndedAt });
        e.Property(s => s.Device).HasMaxLength(200);
        e.HasOne<StaffUser>().WithMany().HasForeignKey(s => s.UserId);
    });
}

public sealed record SessionSummary(Guid Id, DateTime CreatedAt, DateTime LastSeenAt, string Device, bool IsThisOne);

public sealed class StaffSessions(PastoralDbContext db, TimeProvider clock, IConfiguration config)
{
    /// <summary>The claim in the sign-in cookie that names its session.</summary>
    public const string ClaimType = "pastoral:sid";

    /// <summary>How often a session's "last seen" is written: often enough for the idle timeout, rarely enough not to write on every request.</summary>
    private static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(1);

    private TimeSpan Idle => TimeSpan.FromMinutes(config.GetValue("Security:IdleTimeoutMinutes", 30));
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Adds a session row (saved with whatever else is pending) and returns the claim that names it.</summary>
    public Claim Start(Guid userId, HttpContext? http)
    {
        var session = new StaffSession { Id = Guid.NewGuid(), UserId = userId, CreatedAt = Now, LastSeenAt = Now, Device = DeviceSummary.Describe(http) };
        db.Add(session);
        return new Claim(ClaimType, session.Id.ToString());
    }

    public static Guid? IdOf(ClaimsPrincipal? user) => Guid.TryParse(user?.FindFirstValue(ClaimType), out var id) ? id : null;

    /// <summary>True while the cookie's session is open and not idle; notes the activity.</summary>
    public async Task<bool> IsLiveAsync(ClaimsPrincipal principal, CancellationToken ct = default)
    {
        if (IdOf(principal) is not { } id || principal.UserId() is not { } userId) return false;
        var now = Now;
        var session = await db.Set<StaffSession>().AsNoTracking().Where(s => s.Id == id && s.UserId == userId && s.EndedAt == null)
            .Select(s => new { s.LastSeenAt }).SingleOrDefaultAsync(ct);
        if (session is null) return false;
        if (session.LastSeenAt + Idle < now)
        {
            // Idle: ended here too, so a cookie renewed elsewhere cannot bring it back.
            await db.Set<StaffSession>().Where(s => s.Id == id && s.EndedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, session.LastSeenAt + Idle), ct);
            return false;
        }
        if (session.LastSeenAt + TouchEvery <= now)
            await db.Set<StaffSession>().Where(s => s.Id == id && s.EndedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastSeenAt, now), ct);
        return true;
    }

    /// <summary>Ends the session the cookie names and audits the sign-out.</summary>
    public async Task EndAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        var id = IdOf(user);
        var userId = user.UserId();
        var ended = id is { } sid && userId is { } uid
            ? await db.Set<StaffSession>().Where(s => s.Id == sid && s.UserId == uid && s.EndedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, Now), ct)
            : 0;
        db.Audit(AuditActions.SignedOut, nameof(StaffUser), userId?.ToString(), detail: ended == 1 ? "this browser" : "no open session");
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Ends every open session of the user (API tokens are separate and stay), audited with the count.</summary>
    public async Task<int> EndAllAsync(Guid userId, CancellationToken ct = default) => await EndAllAsync(userId, null, ct);

    /// <summary>Ends every open session but <paramref name="keep"/> (this browser, after a password change).</summary>
    public async Task<int> EndAllAsync(Guid userId, Guid? keep, CancellationToken ct = default)
    {
        var ended = await db.Set<StaffSession>().Where(s => s.UserId == userId && s.EndedAt == null && s.Id != keep)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, Now), ct);
        db.Audit(AuditActions.SignedOutEverywhere, nameof(StaffUser), userId.ToString(), detail: $"{ended} session(s) ended{(keep is null ? "" : ", this one kept")}");
        await db.SaveChangesAsync(ct);
        return ended;
    }

    /// <summary>The user's open sessions, newest activity first.</summary>
    public async Task<IReadOnlyList<SessionSummary>> ListAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (user.UserId() is not { } userId) return [];
        var current = IdOf(user);
        var since = Now - Idle;
        return await db.Set<StaffSession>().AsNoTracking()
            .Where(s => s.UserId == userId && s.EndedAt == null && s.LastSeenAt >= since)
            .OrderByDescending(s => s.LastSeenAt)
            .Select(s => new SessionSummary(s.Id, s.CreatedAt, s.LastSeenAt, s.Device, s.Id == current))
            .ToListAsync(ct);
    }

    /// <summary>
    /// Runs before Identity's security-stamp check on every cookie request: a cookie whose session has ended is refused
    /// and cleared, whatever its own expiry says.
    /// </summary>
    public static Func<CookieValidatePrincipalContext, Task> Validator(Func<CookieValidatePrincipalContext, Task> next) => async context =>
    {
        var sessions = context.HttpContext.RequestServices.GetRequiredService<StaffSessions>();
        if (context.Principal is null || !await sessions.IsLiveAsync(context.Principal, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
        await next(context);
    };
}

/// <summary>A short, recognisable name for the browser a session was started from.</summary>
public static class DeviceSummary
{
    public static string Describe(HttpContext? http)
    {
        if (http is null) return "unknown device";
        var agent = http.Request.Headers.UserAgent.ToString();
        var browser = agent switch
        {
            _ when agent.Contains("Edg/", StringComparison.Ordinal) => "Edge",
            _ when agent.Contains("Firefox/", StringComparison.Ordinal) => "Firefox",
            _ when agent.Contains("Chrome/", StringComparison.Ordinal) || agent.Contains("Chromium/", StringComparison.Ordinal) => "Chrome",
            _ when agent.Contains("Safari/", StringComparison.Ordinal) => "Safari",
            _ => "a browser",
        };
        var system = agent switch
        {
            _ when agent.Contains("iPad", StringComparison.Ordinal) => "iPad",
            _ when agent.Contains("iPhone", StringComparison.Ordinal) => "iPhone",
            _ when agent.Contains("Android", StringComparison.Ordinal) => "Android",
            _ when agent.Contains("Windows", StringComparison.Ordinal) => "Windows",
            _ when agent.Contains("CrOS", StringComparison.Ordinal) => "ChromeOS",
            _ when agent.Contains("Mac OS", StringComparison.Ordinal) => "Mac",
            _ when agent.Contains("Linux", StringComparison.Ordinal) => "Linux",
            _ => null,
        };
        var where = http.Connection.RemoteIpAddress?.ToString();
        var text = (system is null ? browser : $"{browser} on {system}") + (where is null ? "" : $", {where}");
        return text.Length > 200 ? text[..200] : text;
    }
}
