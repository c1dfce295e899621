namespace Pastoral.Infrastructure;

/// <summary>An entry in the top navigation. Each feature registers its own; the layout shows those the user's policy allows.</summary>
public sealed record NavItem(string Label, string Path, string Policy, int Order);

public static class NavigationRegistration
{
    public static IServiceCollection AddNavItem(this IServiceCollection services, NavItem item) => services.AddSingleton(item);
}

/// <summary>A panel on the "My day" home page: a view component owned by the feature, shown to those the policy allows.</summary>
public sealed record MyDayPanel(string ViewComponent, string Policy, int Order);

public static class MyDayRegistration
{
    public static IServiceCollection AddMyDayPanel(this IServiceCollection services, MyDayPanel panel) => services.AddSingleton(panel);
}
