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
        services.AddAdminSection(new AdminSection("Staff accounts", "/admin/staff",
            "Invite staff, set their roles and which pupils they see, deactivate accounts, reset authenticators, add staff from a CSV file.",
            Policies.ManageUsers, 10));
    }

    public void ConfigureModel(ModelBuilder model) => AccountLink.ConfigureModel(model);
}
