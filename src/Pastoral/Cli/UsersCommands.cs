using System.CommandLine;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Cli;

public static class UsersCommands
{
    private static readonly Argument<string> Email = new("email") { Description = "The member of staff's e-mail address (their sign-in)" };

    public static Command Create() => new("users", "Staff accounts and API tokens") { Add(), List(), Token(), Revoke(), TotpCode() };

    private static Command Add()
    {
        var name = new Option<string>("--name") { Description = "Full name", Required = true };
        var role = new Option<string[]>("--role") { Description = $"Role (repeatable): {string.Join(", ", Roles.All)}", Required = true, AllowMultipleArgumentsPerToken = true };
        var school = new Option<string[]>("--school") { Description = "School URN (repeatable); default: every school", AllowMultipleArgumentsPerToken = true };
        var scope = new Option<ScopeKind[]>("--scope")
        {
            Description = "trust, schools, yeargroups or caseload (repeatable: the person sees the pupils of every scope they hold); default schools",
            AllowMultipleArgumentsPerToken = true,
        };
        var year = new Option<int[]>("--year") { Description = "National curriculum year for yeargroups scope (repeatable)", AllowMultipleArgumentsPerToken = true };
        var password = new Option<string?>("--password") { Description = "Initial password (default: generated and printed)" };
        var add = new Command("add", "Create a staff account; prints its password and, for roles that need one, the authenticator key")
        { Email, name, role, school, scope, year, password };
        add.SetAction((r, ct) => PastoralCommandLine.Guard(async () =>
        {
            await using var services = await CliServices.BuildAsync(r, ct: ct);
            await using var s = services.CreateAsyncScope();
            var db = s.ServiceProvider.GetRequiredService<PastoralDbContext>();
            var roles = r.GetValue(role)!.Select(x => Roles.Parse(x) ?? throw new CliException($"Unknown role '{x}'. Roles: {string.Join(", ", Roles.All)}.")).ToList();
            var urns = r.GetValue(school) ?? [];
            var schools = urns.Length == 0
                ? await db.Schools.Select(x => new { x.Id, x.Urn }).ToListAsync(ct)
                : await db.Schools.Where(x => urns.Contains(x.Urn)).Select(x => new { x.Id, x.Urn }).ToListAsync(ct);
            var missing = urns.Except(schools.Select(x => x.Urn)).ToList();
            if (missing.Count > 0) throw new CliException($"No school with URN {string.Join(", ", missing)}.");
            var ncYears = r.GetValue(year) ?? [];
            var schoolIds = schools.Select(x => x.Id).ToList();
            var yearIds = await db.YearGroups.Where(y => schoolIds.Contains(y.SchoolId) && ncYears.Contains(y.NcYear)).Select(y => y.Id).ToListAsync(ct);
            var kinds = (r.GetValue(scope) is { Length: > 0 } given ? given : [ScopeKind.Schools]).Distinct().ToList();
            if (kinds.Contains(ScopeKind.YearGroups) && yearIds.Count == 0) throw new CliException("Scope yeargroups needs --year with a year the school has.");
            var created = await s.ServiceProvider.GetRequiredService<StaffAccounts>()
                .CreateAsync(new NewStaff(r.GetValue(Email)!, r.GetValue(name)!, roles, kinds[0], schoolIds, yearIds, r.GetValue(password), AlsoScopes: kinds[1..]));
            Console.WriteLine($"Created {created.User.Email} ({string.Join(", ", roles.Select(Roles.DisplayName))}).");
            Console.WriteLine($"Password: {created.Password}");
            if (created.AuthenticatorKey is not null)
                Console.WriteLine($"Authenticator key (needed at every sign-in for this role): {created.AuthenticatorKey}");
            return 0;
        }));
        return add;
    }

    private static Command List()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON: email, name, roles, scopes, schools" };
        var list = new Command("list", "List staff accounts") { json };
        list.SetAction((r, ct) => PastoralCommandLine.Guard(async () =>
        {
            await using var services = await CliServices.BuildAsync(r, ct: ct);
            await using var s = services.CreateAsyncScope();
            var db = s.ServiceProvider.GetRequiredService<PastoralDbContext>();
            // Scopes are read on their own and joined here: SQLite cannot run a correlated list per user (no APPLY).
            var grants = (await db.StaffScopes.AsNoTracking().OrderBy(x => x.Id).Select(x => new
            {
                x.UserId, x.SchoolId, Scope = new ListedScope(x.Kind, db.Schools.Where(sc => sc.Id == x.SchoolId).Select(sc => sc.Urn).FirstOrDefault(),
                    db.YearGroups.Where(y => y.Id == x.YearGroupId).Select(y => (int?)y.NcYear).FirstOrDefault()),
            }).ToListAsync(ct)).ToLookup(x => x.UserId);
            var accounts = await db.Users.AsNoTracking().OrderBy(u => u.Email).Select(u => new
            {
                u.Id, u.Email, u.FullName, u.IsActive, u.TwoFactorEnabled,
                Roles = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, ro => ro.Id, (_, ro) => ro.Name).ToList(),
            }).ToListAsync(ct);
            var users = accounts.Select(u => new
            {
                email = u.Email,
                name = u.FullName,
                roles = u.Roles,
                schools = grants[u.Id].Select(g => g.Scope.School).OfType<string>().Distinct().Order().ToList(),
                scopes = grants[u.Id].Select(g => g.Scope).ToList(),
                active = u.IsActive,
                secondFactor = u.TwoFactorEnabled,
            }).ToList();
            if (r.GetValue(json))
                Console.WriteLine(JsonSerializer.Serialize(users, new JsonSerializerOptions { WriteIndented = true, Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } }));
            else
                foreach (var u in users)
                    Console.WriteLine($"{u.email,-36} {string.Join(", ", u.roles),-28} {string.Join("; ", u.scopes.Select(ScopeText))}{(u.active ? "" : "  (inactive)")}");
            return 0;
        }));
        return list;
    }

    private sealed record ListedScope(
        [property: System.Text.Json.Serialization.JsonPropertyName("kind")] ScopeKind Kind,
        [property: System.Text.Json.Serialization.JsonPropertyName("school")] string? School,
        [property: System.Text.Json.Serialization.JsonPropertyName("year")] int? Year);

    private static string ScopeText(ListedScope x) => x.Kind switch
    {
        ScopeKind.Trust => "trust",
        ScopeKind.YearGroups => $"year {x.Year} at {x.School}",
        ScopeKind.Caseload => $"caseload at {x.School}",
        _ => $"school {x.School}",
    };

    private static Command Token()
    {
        var name = new Option<string>("--name") { Description = "What the token is for (to revoke it later)", Required = true };
        var token = new Command("token", "Create a personal API token; the token is the last line printed") { Email, name };
        token.SetAction((r, ct) => PastoralCommandLine.Guard(async () =>
        {
            await using var services = await CliServices.BuildAsync(r, ct: ct);
            await using var s = services.CreateAsyncScope();
            var user = await FindAsync(s.ServiceProvider, r.GetValue(Email)!);
            var tokenName = r.GetValue(name)!.Trim();
            if (tokenName.Length is 0 or > 100) throw new CliException("--name must be 1 to 100 characters.");
            var roles = await s.ServiceProvider.GetRequiredService<UserManager<StaffUser>>().GetRolesAsync(user);
            if (roles.Any(Roles.RequireSecondFactor.Contains) && !user.TwoFactorEnabled)
                throw new CliException($"{user.Email} must set up an authenticator before an API token can be issued for this role.");
            var created = await s.ServiceProvider.GetRequiredService<ApiTokens>().CreateAsync(user, tokenName, ct);
            Console.WriteLine($"API token '{tokenName}' for {user.Email}. It is shown once; send it as 'Authorization: Bearer <token>'.");
            Console.WriteLine(created.Token);
            return 0;
        }));
        return token;
    }

    private static Command Revoke()
    {
        var name = new Option<string>("--name") { Description = "The token's name", Required = true };
        var revoke = new Command("revoke-token", "Revoke a personal API token") { Email, name };
        revoke.SetAction((r, ct) => PastoralCommandLine.Guard(async () =>
        {
            await using var services = await CliServices.BuildAsync(r, ct: ct);
            await using var s = services.CreateAsyncScope();
            var user = await FindAsync(s.ServiceProvider, r.GetValue(Email)!);
            var n = await s.ServiceProvider.GetRequiredService<ApiTokens>().RevokeAsync(user.Id, r.GetValue(name)!, ct);
            if (n == 0) throw new CliException($"{user.Email} has no active token named '{r.GetValue(name)}'.");
            Console.WriteLine($"Revoked {n} token(s).");
            return 0;
        }));
        return revoke;
    }

    private static Command TotpCode()
    {
        var code = new Command("totp-code", "Print the current authenticator code of a DEMO account (refused for real accounts)") { Email };
        code.SetAction((r, ct) => PastoralCommandLine.Guard(async () =>
        {
            await using var services = await CliServices.BuildAsync(r, ct: ct);
            await using var s = services.CreateAsyncScope();
            var user = await FindAsync(s.ServiceProvider, r.GetValue(Email)!);
            if (!user.IsDemo) throw new CliException("Only demo accounts: a real account's code comes from its owner's authenticator app.");
            var key = await s.ServiceProvider.GetRequiredService<UserManager<StaffUser>>().GetAuthenticatorKeyAsync(user)
                      ?? throw new CliException($"{user.Email} has no authenticator.");
            Console.WriteLine(Totp.Code(key, s.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow()));
            return 0;
        }));
        return code;
    }

    private static async Task<StaffUser> FindAsync(IServiceProvider services, string email) =>
        await services.GetRequiredService<UserManager<StaffUser>>().FindByEmailAsync(email.Trim())
        ?? throw new CliException($"No staff account for {email}.");
}
