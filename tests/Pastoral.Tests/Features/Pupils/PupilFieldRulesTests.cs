using Pastoral.Features.Pupils;
using Pastoral.Security;

namespace Pastoral.Tests.Features.Pupils;

/// <summary>Who may change which field, as a table; and how one editor's changes land on a record someone else changed.</summary>
public sealed class PupilFieldRulesTests
{
    private static StaffContext As(string role) => new(Guid.NewGuid(), "Test", 1, new HashSet<ScopeKind> { ScopeKind.Schools },
        new HashSet<string> { role }, [1], [1], [], []);

    public static TheoryData<string, string, bool> Table => new()
    {
        { Roles.PastoralStaff, "PreferredForename", true },
        { Roles.PastoralStaff, "YoungCarer", true },
        { Roles.PastoralStaff, "Eal", true },
        { Roles.PastoralStaff, "SenProvision", false },
        { Roles.PastoralStaff, "PupilPremium", false },
        { Roles.PastoralStaff, "Fsm", false },
        { Roles.PastoralStaff, "LookedAfter", false },
        { Roles.PastoralStaff, "CareAuthority", false },
        { Roles.HeadOfYear, "PreferredSurname", true },
        { Roles.HeadOfYear, "SenProvision", false },
        { Roles.Senco, "SenProvision", true },
        { Roles.Senco, "PupilPremium", false },
        { Roles.Senco, "LookedAfter", false },
        { Roles.Administrator, "PupilPremium", true },
        { Roles.Administrator, "Fsm", true },
        { Roles.Administrator, "LookedAfter", true },
        { Roles.Administrator, "SenProvision", false },
        { Roles.Dsl, "LookedAfter", true },
        { Roles.Dsl, "CareAuthority", true },
        { Roles.Dsl, "Fsm", false },
        { Roles.DeputyDsl, "LookedAfter", false },
        { Roles.SeniorLeader, "PupilPremium", false },
        { Roles.Administrator, "LegalSurname", false },
        { Roles.Administrator, "DateOfBirth", false },
        { Roles.Senco, "LegalForename", false },
        // No EditPupils, no field at all.
        { Roles.Teacher, "PreferredForename", false },
        { Roles.ReadOnly, "YoungCarer", false },
        { Roles.Governor, "PreferredForename", false },
    };

    [Theory, MemberData(nameof(Table))]
    public void Role_may_or_may_not_change_field(string role, string field, bool expected) =>
        Assert.Equal(expected, PupilFields.Find(field)!.MayChange(As(role)));

    [Fact]
    public void Restricted_status_is_never_a_field_so_never_in_the_change_history()
    {
        Assert.Null(PupilFields.Find("ChildProtection"));
        Assert.False(PupilFields.InHistory("ChildProtection"));
    }

    [Theory]
    [InlineData("PreferredForename", 101, "Preferred forename can be at most 100 characters")]
    [InlineData("CareAuthority", 150, "Care authority can be at most 100 characters")]
    public void Too_long_says_so_in_staff_words(string field, int length, string message) =>
        Assert.Equal(message, PupilFields.Find(field)!.Normalise(new string('a', length)).Problem);

    [Fact]
    public void Unknown_choice_lists_the_choices_in_staff_words() =>
        Assert.Equal("Choose SEN provision from the list: N — no special educational need, K — SEN support, E — EHC plan",
            PupilFields.Find("SenProvision")!.Normalise("X").Problem);

    [Fact]
    public void A_stale_edit_applies_only_my_changed_fields_on_top_of_theirs()
    {
        var started = new Dictionary<string, string?> { ["PreferredForename"] = null, ["YoungCarer"] = "false", ["Eal"] = "false" };
        var mine = new Dictionary<string, string?> { ["PreferredForename"] = "Jo", ["YoungCarer"] = "false", ["Eal"] = "false" };
        var saved = new Dictionary<string, string?> { ["PreferredForename"] = null, ["YoungCarer"] = "true", ["Eal"] = "false" };
        var outcome = PupilEdit.Compare(started, mine, saved);
        Assert.Equal(["PreferredForename"], outcome.Mine);
        Assert.Equal(["YoungCarer"], outcome.Theirs);
        Assert.Empty(outcome.Clashes);
        Assert.Equal("true", outcome.Merged["YoungCarer"]);
        Assert.Equal("Jo", outcome.Merged["PreferredForename"]);
    }

    [Fact]
    public void Both_changing_one_field_differently_is_a_clash_and_the_same_value_is_not()
    {
        var started = new Dictionary<string, string?> { ["PreferredForename"] = null, ["Eal"] = "false" };
        var saved = new Dictionary<string, string?> { ["PreferredForename"] = "Jojo", ["Eal"] = "true" };
        var outcome = PupilEdit.Compare(started, new Dictionary<string, string?> { ["PreferredForename"] = "Jo", ["Eal"] = "true" }, saved);
        Assert.Equal(["PreferredForename"], outcome.Clashes);
    }
}
