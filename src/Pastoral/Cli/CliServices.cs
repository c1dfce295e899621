using System.CommandLine;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Pastoral.Data;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral.Cli;

/// <summary>The services a command needs: the same data layer, clock and features as the web app, without a web server.</summary>
public static class CliServices
{
    public static async Task<ServiceProvider> BuildAsync(ParseResult result, bool migrate = true, CancellationToken ct = default)
    {
        var config = new ConfigurationBuilder()
            .AddEnvironmentVariables("PASTORAL_")
            .AddInMemoryCollection(PastoralCommandLine.Settings(result))
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(config);
        services.AddLogging(l => l.AddConsole().SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Microsoft.EntityFrameworkCore", LogLevel.None)); // database errors are reported once, by PastoralCommandLine.Guard
        services.AddPastoralCore(config);
        services.AddSingleton<IAuditActor, CommandLineActor>();
        services.AddDataProtection().SetApplicationName("Pastoral").PersistKeysToDbContext<PastoralDbContext>();
        services.AddIdentityCore<StaffUser>(AuthorizationSetup.ConfigureIdentity)
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<PastoralDbContext>()
            .AddDefaultTokenProviders();
        services.AddScoped<ApiTokens>();
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        if (migrate)
        {
            await using var scope = provider.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<PastoralDbContext>().MigrateAsync(ct);
        }
        return provider;
    }
}
