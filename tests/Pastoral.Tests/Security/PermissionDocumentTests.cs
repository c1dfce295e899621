using Pastoral.Features;
using Pastoral.Security;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Security;

/// <summary>docs/roles-and-permissions.md says what the one permission table says, so the two cannot drift.</summary>
public sealed class PermissionDocumentTests
{
    private static string Document => File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "roles-and-permissions.md"));

    /// <summary>The markdown table under a heading, as rows of trimmed cells (header first, separator dropped).</summary>
    public static List<string[]> TableUnder(string markdown, string heading)
    {
        var lines = markdown.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var start = lines.FindIndex(l => l.Trim() == heading);
        Assert.True(start >= 0, $"The document has no heading '{heading}'.");
        return lines.Skip(start + 1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|'))
            .Select(l => l.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray())
            .Where(cells => !cells.All(c => c.Replace(":", "").Replace("-", "") == "")).ToList();
    }

    [Fact]
    public void The_role_by_action_table_in_the_document_matches_the_permission_table()
    {
        var table = TableUnder(Document, "## Role × action");
        var roles = table[0].Skip(1).Select(name => Roles.All.SingleOrDefault(r => Roles.DisplayName(r) == name)
            ?? throw new Xunit.Sdk.XunitException($"Unknown role column '{name}'")).ToList();
        Assert.Equal(Roles.All.Order(), roles.Order());
        var documented = table.Skip(1).ToDictionary(row => row[0].Trim('`'), row => row.Skip(1).Select(c => c == "✓").ToArray());
        Assert.Equal(Permissions.Actions.Select(a => a.Name).Order(), documented.Keys.Order());
        foreach (var action in Permissions.Actions)
            for (var i = 0; i < roles.Count; i++)
                Assert.True(Permissions.Allows([roles[i]], action) == documented[action.Name][i],
                    $"{action.Name} for {Roles.DisplayName(roles[i])}: the table says {Permissions.Allows([roles[i]], action)}, the document {documented[action.Name][i]}");
    }

    [Fact]
    public void Every_action_has_a_guards_line_in_the_document()
    {
        var guards = TableUnder(Document, "### What each action guards").Skip(1).Select(r => r[0].Trim('`')).ToHashSet();
        Assert.All(Permissions.Actions, a => Assert.Contains(a.Name, guards));
    }

    [Fact]
    public void A_feature_module_adds_its_own_rows_and_each_action_is_a_policy()
    {
        Assert.Contains(FeatureModules.All.SelectMany(m => m.PermissionRows), r => r.Action == StaffAction.EditPupils);
        Assert.DoesNotContain(Permissions.CoreRows, r => r.Action == StaffAction.ViewPupils);
        Assert.True(Permissions.Allows([Roles.Teacher], StaffAction.ViewPupils), "a module's row reaches the one table");
        Assert.Equal(Permissions.Actions.Count, Permissions.Actions.Select(a => a.Name).Distinct().Count());
    }

    [Fact]
    public void A_governor_may_sign_in_and_nothing_that_shows_a_pupil() =>
        Assert.Equal([StaffAction.SignedIn, Pastoral.Features.Safeguarding.Adults.AdultsModule.ViewGovernorCounts],
            Permissions.Actions.Where(a => Permissions.Allows([Roles.Governor], a)));
}
