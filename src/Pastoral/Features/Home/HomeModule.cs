using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Home;

/// <summary>"My day": the page staff land on. Features add panels to it with AddMyDayPanel.</summary>
public sealed class HomeModule : IFeatureModule
{
    public void AddServices(IServiceCollection services) =>
        services.AddMyDayPanel(new MyDayPanel("MyPupils", Policies.ViewPupils, 10));
}
