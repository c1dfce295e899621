using Pastoral.Infrastructure;

namespace Pastoral.Tests.Unit;

/// <summary>How the main navigation arranges the items a person may use into links and menus.</summary>
public sealed class NavBarTests
{
    private static readonly NavItem Pupils = new("Pupils", "/pupils", "p", 10);
    private static readonly NavItem Dashboard = new("DSL dashboard", "/safeguarding", "s", 11, NavGroups.Safeguarding);
    private static readonly NavItem Concerns = new("Concerns", "/safeguarding/concerns", "s", 12, NavGroups.Safeguarding);
    private static readonly NavItem Attendance = new("Attendance", "/attendance", "a", 15, NavGroups.Attendance);
    private static readonly NavItem Support = new("Attendance support", "/attendance/support", "a", 15, NavGroups.Attendance);
    private static readonly NavItem Behaviour = new("Behaviour", "/behaviour", "b", 18);
    private static readonly NavItem Emergency = new("Emergency access", "/safeguarding/break-glass", "g", 90, NavGroups.Safeguarding);

    [Fact]
    public void A_group_of_two_or_more_is_one_menu_where_its_first_item_would_be()
    {
        var bar = NavBar.Arrange([Emergency, Behaviour, Support, Concerns, Pupils, Attendance, Dashboard]);
        Assert.Equal(["Pupils", "Safeguarding", "Attendance", "Behaviour"], bar.Select(e => e.Label));
        Assert.Equal([false, true, true, false], bar.Select(e => e.IsMenu));
        Assert.Equal([Dashboard, Concerns, Emergency], bar[1].Items);
        Assert.Equal([Support, Attendance], bar[2].Items);   // equal orders keep the order they were registered in
    }

    [Fact]
    public void A_group_with_one_allowed_item_is_that_item_as_a_plain_link_at_its_own_place()
    {
        var bar = NavBar.Arrange([Pupils, Attendance, Behaviour, Emergency]);
        Assert.Equal(["Pupils", "Attendance", "Behaviour", "Emergency access"], bar.Select(e => e.Label));
        Assert.All(bar, e => Assert.False(e.IsMenu));
    }

    [Theory]
    [InlineData("/safeguarding/concerns/12", "Concerns")]
    [InlineData("/safeguarding", "DSL dashboard")]
    [InlineData("/attendance/support/3", "Attendance support")]
    [InlineData("/account", null)]
    public void The_current_item_is_the_one_with_the_longest_matching_path(string path, string? label) =>
        Assert.Equal(label, NavBar.Current([Pupils, Dashboard, Concerns, Attendance, Support, Behaviour], path)?.Label);
}
