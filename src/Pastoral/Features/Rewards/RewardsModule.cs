namespace Pastoral.Features.Rewards;

/// <summary>Rewards (issue 9 item 12): the year group leaderboard by form. Postcards, certificates and reward trips are still to come.</summary>
public sealed class RewardsModule : IFeatureModule
{
    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<FormLeaderboard>();
    }
}
