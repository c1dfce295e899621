using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure.Demo;
using Pastoral.Security;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Accounts;

/// <summary>Two schools, so a school's administrator can be shown another school's staff are not theirs.</summary>
public abstract class AccountsApp(DatabaseProvider provider) : AppFixture(provider)
{
    protected override DemoSize Size => new(2, 60);

    public Task<int> SchoolIdAsync(int index) => WithDbAsync(async db => (await db.Schools.OrderBy(s => s.Id).Select(s => s.Id).ToListAsync())[index]);

    /// <summary>Makes an account with a known password (and authenticator key, for a role that needs one).</summary>
    public Task<CreatedStaff> CreateAsync(string email, string role, ScopeKind kind, int schoolId) => WithServicesAsync(sp =>
        sp.GetRequiredService<StaffAccounts>().CreateAsync(new NewStaff(email, "Made " + role, [role], kind, [schoolId], Password: "a-long-enough-password")));

    /// <summary>Signs in through the form with a password, and the authenticator key's current code where asked.</summary>
    public async Task<HttpClient> SignInAsync(string email, string password, string? key = null)
    {
        var client = Client();
        var response = await WebSignIn.PostFormAsync(client, "/account/sign-in", new() { ["Email"] = email, ["Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        if (response.Headers.Location!.OriginalString.Contains("second-factor", StringComparison.Ordinal))
        {
            await WithDbAsync(db => db.Users.Where(u => u.Email == email).ExecuteUpdateAsync(s => s.SetProperty(u => u.LastSecondFactorStep, (long?)null)));
            response = await WebSignIn.PostFormAsync(client, response.Headers.Location.OriginalString, new() { ["Code"] = Totp.Code(key!, DateTimeOffset.UtcNow) });
        }
        Assert.Equal("/", response.Headers.Location!.OriginalString);
        return client;
    }

    public static string ManualKey(string page) =>
        Regex.Match(page, "id=\"manual-key\"[^>]*>([a-z0-9 ]+)<").Groups[1].Value.Replace(" ", "").ToUpperInvariant();
}

public sealed class SqliteAccountsApp() : AccountsApp(DatabaseProvider.Sqlite);
public sealed class PostgresAccountsApp() : AccountsApp(DatabaseProvider.Postgres);
