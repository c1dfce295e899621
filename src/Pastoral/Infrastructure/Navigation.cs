namespace Pastoral.Infrastructure;

/// <summary>
/// An entry in the top navigation. Each feature registers its own; the layout shows those the user's policy allows.
/// Items that share a <paramref name="Group"/> are one menu in the bar (see <see cref="NavBar"/>).
/// </summary>
public sealed record NavItem(string Label, string Path, string Policy, int Order, string? Group = null);

/// <summary>The menus of the top navigation, in staff's words. A group is shown where its first item would be.</summary>
public static class NavGroups
{
    public const string Safeguarding = "Safeguarding";
    public const string Attendance = "Attendance";
    public const string Support = "Support";
    public const string FamiliesAndAgencies = "Families & agencies";
}

/// <summary>One place in the bar: a plain link (one item) or a menu button listing two or more.</summary>
public sealed record NavEntry(string Label, IReadOnlyList<NavItem> Items)
{
    public bool IsMenu => Items.Count > 1;
}

/// <summary>Arranges the items a person may use into the bar they see.</summary>
public static class NavBar
{
    /// <summary>
    /// <paramref name="allowed"/> must already be only the items the viewer's policies allow. A group with two or more of them
    /// is a menu at the position of its first; a group with one is that item as a plain link (nobody opens a menu to reach
    /// their only page); a group with none is not there.
    /// </summary>
    public static IReadOnlyList<NavEntry> Arrange(IEnumerable<NavItem> allowed)
    {
        var entries = new List<(string? Group, List<NavItem> Items)>();
        foreach (var item in allowed.OrderBy(i => i.Order))   // stable: equal orders keep their registration order
        {
            var index = item.Group is null ? -1 : entries.FindIndex(e => e.Group == item.Group);
            if (index >= 0) entries[index].Items.Add(item);
            else entries.Add((item.Group, [item]));
        }
        return entries.Select(e => new NavEntry(e.Items.Count > 1 ? e.Group! : e.Items[0].Label, e.Items)).ToList();
    }

    /// <summary>The item for the page at <paramref name="path"/>: the one with the longest path that the page's path starts with.</summary>
    public static NavItem? Current(IEnumerable<NavItem> allowed, string path) => allowed
        .Where(i => path.StartsWith(i.Path, StringComparison.OrdinalIgnoreCase))
        .MaxBy(i => i.Path.Length);
}

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
