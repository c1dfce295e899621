using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Pastoral.Data;
using Pastoral.Features;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Demo;
using Pastoral.Infrastructure.Scheduling;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral;

/// <summary>Options the command line passes to the web host. Tests build the same host with their own.</summary>
public sealed record ServeOptions
{
    public string Urls { get; init; } = "http://127.0.0.1:5080";
    public bool Demo { get; init; } = true;
    public string? Environment { get; init; }
    public string? ContentRoot { get; init; }
    public Action<IServiceCollection>? Override { get; init; }
    /// <summary>Extra routes a test host adds (one that throws, to prove what every 500 looks like).</summary>
    public Action<IEndpointRouteBuilder>? MapExtra { get; init; }
    public IDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();
}

public static class PastoralApp
{
    public static WebApplication Build(ServeOptions options)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // Razor Pages are found in the application assembly; without this it would be whichever process hosts
            // the app (a test runner, say), and every page would 404 behind the sign-in redirect.
            ApplicationName = typeof(PastoralApp).Assembly.GetName().Name,
            EnvironmentName = options.Environment ?? System.Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Production",
            ContentRootPath = options.ContentRoot ?? ContentRoot.Find(),
            WebRootPath = "wwwroot",
        });
        builder.Configuration.AddEnvironmentVariables("PASTORAL_");
        builder.Configuration.AddInMemoryCollection(options.Settings);
        builder.WebHost.UseUrls(options.Urls);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Warning);
        builder.Logging.AddFilter("Quartz", LogLevel.Warning); // the jobs page and JobRuns say what ran

        AddServices(builder.Services, builder.Configuration);
        options.Override?.Invoke(builder.Services);

        var app = builder.Build();
        UsePipeline(app);
        options.MapExtra?.Invoke(app);
        return app;
    }

    public static void AddServices(IServiceCollection services, IConfiguration config)
    {
        services.AddPastoralCore(config);
        services.AddHttpContextAccessor();
        services.AddScoped<IAuditActor, HttpAuditActor>();
        var keys = services.AddDataProtection().SetApplicationName("Pastoral").PersistKeysToDbContext<PastoralDbContext>();
        // Keys live in the database so every instance shares them; a certificate (a PFX file on each instance) encrypts them at rest.
        if (config["Security:KeyCertificatePath"] is { Length: > 0 } pfx)
            keys.ProtectKeysWithCertificate(System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(
                pfx, config["Security:KeyCertificatePassword"]));
        services.AddPastoralSecurity(config);
        services.AddRazorPages(o => o.RootDirectory = "/Features")
            .AddMvcOptions(o => StaffBindingMessages.Use(o.ModelBindingMessageProvider));
        services.AddProblemDetails();
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApiDocument();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "pastoral.af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            // ASP.NET's default is never Secure; like the sign-in cookie, it is Secure whenever the request is HTTPS
            // (directly, or by X-Forwarded-Proto from a trusted proxy).
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Behind a load balancer on another host, name it so the audit log records the real client address.
            foreach (var entry in (config["Network:TrustedProxies"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (System.Net.IPNetwork.TryParse(entry, out var network)) o.KnownIPNetworks.Add(network);
                else if (System.Net.IPAddress.TryParse(entry, out var address)) o.KnownProxies.Add(address);
                else throw new InvalidOperationException($"Network:TrustedProxies: '{entry}' is not an IP address or CIDR network.");
            }
        });
        services.AddSchedulerHost();
        services.AddHostedService<AuditSealer>();
    }

    /// <summary>Services the command line needs too: data, clock, features.</summary>
    public static IServiceCollection AddPastoralCore(this IServiceCollection services, IConfiguration config)
    {
        var settings = config.GetSection("Database").Get<DatabaseSettings>() ?? new DatabaseSettings();
        services.AddPastoralData(settings);
        services.AddSingleton(AuditKeyRing.From(config, settings));
        services.AddSingleton<AuditAnchors>();
        services.AddSingleton(ClockFrom(config));
        services.AddSingleton<SchoolClock>();
        services.AddScoped<JobLeases>();
        services.AddPastoralScheduler(settings, config);
        services.AddAuditJobs();
        services.AddScoped<DemoGenerator>();
        services.AddScoped<IDemoData, StaffDemoData>();
        services.AddScoped<StaffAccounts>();
        services.AddScoped<RestrictedAccess>(); // the import (web and command line) records CP/CIN status through it
        services.AddSingleton<RestrictedRecordTypes>();
        Infrastructure.Notifications.NotificationKindRegistration.AddNotificationKind(services, RestrictedAccess.BreakGlassAlert);
        foreach (var module in FeatureModules.All) module.AddServices(services);
        return services;
    }

    private static TimeProvider ClockFrom(IConfiguration config) =>
        DateTimeOffset.TryParse(config["Clock:FixedUtc"], out var fixedAt) ? new SettableTimeProvider(fixedAt) : TimeProvider.System;

    private static void UsePipeline(WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseForwardedHeaders();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = "/error",
            StatusCodeSelector = ErrorPages.StatusFor,
            // A value that does not bind (page=abc) is the caller's mistake, answered with a 400 that names it: not an error to log.
            SuppressDiagnosticsCallback = c => c.Exception is BadHttpRequestException,
        });
        app.UseStatusCodePagesWithReExecute(ErrorPages.PathFormat);
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapHealthChecks("/healthz").AllowAnonymous();
        app.MapApiDocs();
        var api = app.MapGroup("/api/v1").WithOpenApi401And403();
        foreach (var module in FeatureModules.All) module.MapEndpoints(api);
        foreach (var module in FeatureModules.All) module.MapPages(app);
        app.MapRazorPages();
    }
}

/// <summary>Finds the folder that holds wwwroot: the project folder under 'dotnet run', the app folder when published.</summary>
public static class ContentRoot
{
    public static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "wwwroot", "css", "site.css"))) return dir.FullName;
                var project = Path.Combine(dir.FullName, "src", "Pastoral");
                if (File.Exists(Path.Combine(project, "wwwroot", "css", "site.css"))) return project;
            }
        }
        return AppContext.BaseDirectory;
    }
}
