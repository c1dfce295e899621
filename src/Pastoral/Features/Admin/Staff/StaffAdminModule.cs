using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Security;

namespace Pastoral.Features.Admin.Staff;

/// <summary>Staff accounts: the list, invitations, roles and scopes, deactivation, second-factor resets, the CSV of staff.</summary>
public sealed class StaffAdminModule : IFeatureModule
{
    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<AccountLinks>();
        services.AddScoped<AuthenticatorSetup>();
        services.AddScoped<StaffDirectory>();
        services.AddScoped<StaffAccessChanges>();
        services.AddScoped<StaffCsvImport>();
        // Until the notify part's outbox is merged: a queue that only logs that a message was not sent (never its link).
        services.TryAddScoped<IMailQueue, UnsentMailQueue>();
        services.AddAdminSection(new AdminSection("Staff accounts", "/admin/staff",
            "Invite staff, set their roles and which pupils they see, deactivate accounts, reset authenticators, add staff from a CSV file.",
            Policies.ManageUsers, 10));
    }

    public void ConfigureModel(ModelBuilder model) => AccountLink.ConfigureModel(model);
}

/// <summary>PLACEHOLDER until the notify part's IMailQueue is merged (which replaces this registration): logs and drops.</summary>
internal sealed class UnsentMailQueue(ILogger<UnsentMailQueue> log) : IMailQueue
{
    public void Enqueue(Pastoral.Data.PastoralDbContext db, MailMessage message) =>
        log.LogWarning("No e-mail sender in this build: a {Kind} message was not sent.", message.Kind);
}
