using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Pastoral.Data;

namespace Pastoral.Security;

/// <summary>Met when the staff member may take any one of <see cref="Actions"/> (one action for each action's own policy).</summary>
public sealed record PermissionRequirement(params StaffAction[] Actions) : IAuthorizationRequirement;

/// <summary>The single decision point: the user's current roles (from the database) allow the action, and the second factor was used where the role needs one.</summary>
public sealed class PermissionHandler(CurrentStaff current) : AuthorizationHandler<PermissionRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        var staff = await current.FindAsync(context.User);
        if (staff is null || !requirement.Actions.Any(staff.May)) return;
        if (staff.NeedsSecondFactor && !context.User.HasClaim(c => c.Type == "amr" && c.Value is "mfa" or "token")) return;
        context.Succeed(requirement);
    }
}

public static class AuthorizationSetup
{
    private const string Smart = "CookieOrBearer";

    public static IServiceCollection AddPastoralSecurity(this IServiceCollection services, IConfiguration config)
    {
        services.AddIdentity<StaffUser, IdentityRole<Guid>>(ConfigureIdentity)
            .AddEntityFrameworkStores<PastoralDbContext>()
            .AddDefaultTokenProviders()
            .AddSignInManager<StaffSignIn>()
            .AddTokenProvider<SingleUseAuthenticator>(SingleUseAuthenticator.Name);
        services.Configure<IdentityOptions>(o => o.Tokens.AuthenticatorTokenProvider = SingleUseAuthenticator.Name);
        services.AddScoped<StaffSessions>();

        var idle = TimeSpan.FromMinutes(config.GetValue("Security:IdleTimeoutMinutes", 30));
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "pastoral";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = idle;
            o.SlidingExpiration = true;
            o.LoginPath = "/account/sign-in";
            o.LogoutPath = "/account/sign-out";
            o.AccessDeniedPath = "/account/denied";
            o.Events.OnRedirectToLogin = c => ApiAware(c, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = c => ApiAware(c, StatusCodes.Status403Forbidden);
            // The cookie's own expiry and renewal do not decide alone: its server-side session must still be open.
            o.Events.OnValidatePrincipal = StaffSessions.Validator(o.Events.OnValidatePrincipal);
        });
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            // Every minute the cookie is checked against the account, so a reset or a role change reaches every instance quickly.
            o.ValidationInterval = TimeSpan.FromMinutes(1);
            // Identity rebuilds the principal then and drops how the user signed in ("amr") and which session the cookie
            // belongs to; without them a DSL would lose access a minute after signing in. Carry them across.
            o.OnRefreshingPrincipal = context =>
            {
                if (context.NewPrincipal?.Identity is ClaimsIdentity identity && context.CurrentPrincipal is { } current)
                    foreach (var kept in current.Claims.Where(c => c.Type is "amr" or StaffSessions.ClaimType && !identity.HasClaim(c.Type, c.Value)).ToList())
                        identity.AddClaim(new Claim(kept.Type, kept.Value));
                return Task.CompletedTask;
            };
        });

        services.AddAuthentication(o =>
            {
                // AddIdentity set the application cookie as the default for these; the API needs bearer tokens too.
                o.DefaultScheme = Smart;
                o.DefaultAuthenticateScheme = Smart;
                o.DefaultChallengeScheme = Smart;
                o.DefaultForbidScheme = Smart;
            })
            .AddPolicyScheme(Smart, "Cookie or bearer token", o => o.ForwardDefaultSelector = c =>
                c.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? ApiTokenAuthentication.SchemeName : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthentication>(ApiTokenAuthentication.SchemeName, null);

        services.AddAuthorization(o =>
        {
            foreach (var action in Permissions.Actions)
                o.AddPolicy(action.Name, p => p.RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(action)));
            // The administration page: open to anyone who may use one of its sections (accounts, school set-up, the audit log,
            // plan types, the agency directory…). Options are built after every module has registered its sections.
            o.AddPolicy(Features.Admin.AdminModule.AdminPolicy, p => p.RequireAuthenticatedUser()
                .AddRequirements(new PermissionRequirement([.. Features.Admin.AdminSections.PoliciesOf(services).Select(n => new StaffAction(n))])));
            // Deny by default: anything that forgets to name a policy still needs a signed-in member of staff.
            o.FallbackPolicy = o.GetPolicy(StaffAction.SignedIn.Name);
        });
        services.AddScoped<IAuthorizationHandler, PermissionHandler>();
        services.AddScoped<CurrentStaff>();
        services.AddScoped<StaffHeader>();
        services.AddScoped<ApiTokens>();
        return services;
    }

    /// <summary>Shared by the web app and the command line. Length beats composition rules (NCSC guidance).</summary>
    public static void ConfigureIdentity(IdentityOptions o)
    {
        o.Lockout.MaxFailedAccessAttempts = 5;
        o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        o.Lockout.AllowedForNewUsers = true;
        o.User.RequireUniqueEmail = true;
        o.Password.RequiredLength = 12;
        o.Password.RequireNonAlphanumeric = false;
        o.Password.RequireUppercase = false;
        o.Password.RequireLowercase = false;
        o.Password.RequireDigit = false;
    }

    private static Task ApiAware(RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> c, int status)
    {
        if (c.Request.Path.StartsWithSegments("/api")) c.Response.StatusCode = status;
        else c.Response.Redirect(c.RedirectUri);
        return Task.CompletedTask;
    }

    public static bool IsApi(this HttpContext c) => c.Request.Path.StartsWithSegments("/api");

    public static Guid? UserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}
