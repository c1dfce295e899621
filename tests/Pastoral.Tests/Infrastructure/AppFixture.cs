using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Demo;
using Pastoral.Security;

namespace Pastoral.Tests.Infrastructure;

/// <summary>
/// The real app on a real port over a real database, started once per test class. It holds a small demo school
/// (one account per role) and a clock the tests can move.
/// </summary>
public abstract class AppFixture : IAsyncLifetime
{
    private readonly DatabaseProvider _provider;

    protected AppFixture(DatabaseProvider provider)
    {
        _provider = provider;
        Mail = new Mailbox(this);
    }

    public static readonly DateTimeOffset Start = new(2026, 11, 24, 9, 30, 0, TimeSpan.Zero);
    public const string Domain = StaffDemoData.Domain;

    public TestDatabase Database { get; private set; } = null!;
    public WebApplication App { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;
    public SettableTimeProvider Clock { get; } = new(Start);
    public DemoSummary Demo { get; private set; } = null!;
    public string Password => Demo.SignIns[0].Password;
    public DatabaseProvider Provider => _provider;

    protected virtual DemoSize Size => new(1, 120);

    /// <summary>
    /// Whether this fixture starts from a copy of the run's demo school made by a fixture of its own type (so the same
    /// settings and services wrote it, at the same clock) instead of migrating and generating its own: most classes share
    /// a fixture type, and a copy takes a fraction of the seconds a build does. A fixture whose demo must be its own says no.
    /// </summary>
    protected virtual bool CopiesDemoTemplate => true;

    public virtual async Task InitializeAsync()
    {
        await Mail.Server.StartAsync();
        if (CopiesDemoTemplate)
        {
            var template = await DemoTemplates.GetAsync(GetType(), _provider, Size, BuildTemplateAsync);
            (Database, Demo) = (await template.CopyAsync(), template.Demo);
            App = BuildApp();
        }
        else
        {
            Database = await TestDatabase.CreateAsync(_provider);
            App = BuildApp();
            await using var scope = App.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<PastoralDbContext>().MigrateAsync();
            Demo = await scope.ServiceProvider.GetRequiredService<DemoGenerator>().GenerateAsync(Size, null, default);
        }
        await App.StartAsync();
        BaseAddress = new Uri(App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    /// <summary>Migrates a fresh database and writes the demo school into it with an app that is never started.</summary>
    private async Task<DemoTemplate> BuildTemplateAsync()
    {
        Database = await TestDatabase.CreateAsync(_provider);
        var app = BuildApp();
        DemoSummary demo;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<PastoralDbContext>().MigrateAsync();
            demo = await scope.ServiceProvider.GetRequiredService<DemoGenerator>().GenerateAsync(Size, null, default);
        }
        await app.DisposeAsync();
        return DemoTemplate.Seal(Database, demo);
    }

    /// <summary>Another instance over the same database, as a second node of a fleet would be.</summary>
    public WebApplication BuildApp() => PastoralApp.Build(new ServeOptions
    {
        Urls = "http://127.0.0.1:0",
        Environment = "Development",
        ContentRoot = RepoPaths.AppProject,
        Settings = SettingsWithPublicUrl().Concat(ExtraSettings).ToDictionary(),
        Override = services =>
        {
            // Mail goes to this fixture's own SMTP server (a fixture may change that in ConfigureServices).
            services.PostConfigure<Pastoral.Infrastructure.Notifications.MailSettings>(o =>
            {
                o.Host = "127.0.0.1";
                o.Port = Mail.Server.Port;
                o.Tls = Pastoral.Infrastructure.Notifications.MailTls.None;
                o.PickupFolder = null;
                o.TimeoutSeconds = 10;
            });
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            services.RemoveAll<IHostedService>();
            // The audit sealer stays: audited writes are chained by it, as in production (tests that read sequences seal first).
            services.AddHostedService<Pastoral.Security.Audit.AuditSealer>();
            ConfigureServices(services);
        },
        MapExtra = endpoints => endpoints.Map(FailingPath, string () => throw new InvalidOperationException("A test asked for a 500.")).AllowAnonymous(),
    });

    /// <summary>The address e-mailed links name (App:PublicUrl); tests follow a link by its path and query.</summary>
    public const string PublicUrl = "https://pastoral.school.test";

    /// <summary>The real SMTP server the app sends to, and what it received.</summary>
    public Mailbox Mail { get; }

    private Dictionary<string, string?> SettingsWithPublicUrl()
    {
        var settings = Database.Settings();
        settings["App:PublicUrl"] = PublicUrl;
        return settings;
    }

    /// <summary>A test-only route that always throws: what every 500 looks like (any method).</summary>
    public const string FailingPath = "/test/fail";

    /// <summary>Settings a fixture adds to the database's (a scheduler that looks for due work every second).</summary>
    protected virtual IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();

    /// <summary>For a fixture that needs to watch or replace a service (a counting password hasher, a log sink).</summary>
    protected virtual void ConfigureServices(IServiceCollection services) { }

    public async Task DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        await Database.DisposeAsync();
        await Mail.Server.DisposeAsync();
    }

    public async Task<T> WithDbAsync<T>(Func<PastoralDbContext, Task<T>> work)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<PastoralDbContext>());
    }

    public async Task WithDbAsync(Func<PastoralDbContext, Task> work)
    {
        await using var scope = App.Services.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<PastoralDbContext>());
    }

    public async Task<T> WithServicesAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    /// <summary>Chains the pending audit entries now (the app's sealer does so within a moment), so a test can read sequences and heads.</summary>
    public Task<int> SealAuditAsync() => WithServicesAsync(sp =>
        Pastoral.Security.Audit.AuditChain.SealPendingAsync(sp.GetRequiredService<PastoralDbContext>(), sp.GetRequiredService<Pastoral.Security.Audit.AuditKeyRing>()));

    /// <summary>Arguments for running a command in-process against this fixture's database.</summary>
    public string[] CliArgs(params string[] args) =>
        [.. args, "--data", Database.DataDirectory, "--database", Provider.ToString().ToLowerInvariant(),
         .. Database.Connection is { } c ? new[] { "--connection", c } : []];

    public string? AuthenticatorKey(string local) => Demo.SignIns.Single(s => s.Email == $"{local}@{Domain}").AuthenticatorKey;

    /// <summary>
    /// The code the account's authenticator shows now, usable even if a test already signed in with it: each code works
    /// once (issue 5, 1.2), so this forgets the account's last used step. Tests about reuse use <see cref="Totp.Code"/> directly.
    /// </summary>
    public string TotpNow(string local)
    {
        WithDbAsync(db => db.Users.Where(u => u.Email == $"{local}@{Domain}")
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LastSecondFactorStep, (long?)null))).GetAwaiter().GetResult();
        return Totp.Code(AuthenticatorKey(local)!, DateTimeOffset.UtcNow);
    }

    public async Task<string> TokenForAsync(string local, string name = "test") => await WithServicesAsync(async sp =>
    {
        var user = await sp.GetRequiredService<UserManager<StaffUser>>().FindByEmailAsync($"{local}@{Domain}");
        return (await sp.GetRequiredService<ApiTokens>().CreateAsync(user!, name)).Token;
    });

    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new() }) { BaseAddress = BaseAddress };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    /// <summary>A demo member of staff as the app sees them on a request (roles and scopes read fresh), by the local part of their address.</summary>
    public Task<Pastoral.Security.StaffContext> StaffAsync(string local) => WithServicesAsync(async sp =>
    {
        var db = sp.GetRequiredService<PastoralDbContext>();
        var id = await db.Users.Where(u => u.Email == $"{local}@{Domain}").Select(u => u.Id).SingleAsync();
        return (await Pastoral.Security.CurrentStaff.LoadAsync(db, id, Clock))!;
    });

    public Task<int> PupilIdAsync(Func<Pastoral.Features.Pupils.Pupil, bool>? where = null) => WithDbAsync(async db =>
        (await db.Pupils.AsNoTracking().OrderBy(p => p.Id).ToListAsync()).First(where ?? (_ => true)).Id);
}

public sealed class SqliteApp() : AppFixture(DatabaseProvider.Sqlite);
public sealed class PostgresApp() : AppFixture(DatabaseProvider.Postgres);

public static class RepoPaths
{
    public static string Root { get; } = FindRoot();
    public static string AppProject => Path.Combine(Root, "src", "Pastoral");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Pastoral.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find the repository root (Pastoral.slnx).");
    }
}
