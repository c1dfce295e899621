using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Tests.Unit;

public sealed class PermissionTableTests
{
    public static TheoryData<string, StaffAction, bool> Table => new()
    {
        { Roles.Dsl, StaffAction.ReadSafeguarding, true },
        { Roles.DeputyDsl, StaffAction.ReadSafeguarding, true },
        { Roles.Administrator, StaffAction.ReadSafeguarding, false },
        { Roles.SeniorLeader, StaffAction.ReadSafeguarding, false },
        { Roles.Teacher, StaffAction.ReadSafeguarding, false },
        { Roles.Teacher, StaffAction.ViewPupils, true },
        { Roles.Teacher, StaffAction.EditPupils, false },
        { Roles.Teacher, StaffAction.ExportPupils, false },
        { Roles.ReadOnly, StaffAction.EditPupils, false },
        { Roles.Administrator, StaffAction.ImportPupils, true },
        { Roles.HeadOfYear, StaffAction.ImportPupils, false },
        { Roles.PastoralStaff, StaffAction.EditPupils, true },
        { Roles.Senco, StaffAction.ManageUsers, false },
        { Roles.Administrator, StaffAction.ManageUsers, true },
        { Roles.Headteacher, StaffAction.BreakGlass, true },
        { Roles.Headteacher, StaffAction.ReadSafeguarding, false },
        { Roles.SeniorLeader, StaffAction.BreakGlass, false },
        { Roles.Dsl, StaffAction.BreakGlass, false },
        { Roles.Administrator, StaffAction.BreakGlass, false },
        { Roles.Dsl, StaffAction.ReviewBreakGlass, true },
        { Roles.Teacher, StaffAction.ReviewBreakGlass, false },
    };

    [Fact]
    public void Only_the_headteacher_breaks_glass_and_it_holds_every_action_a_senior_leader_holds()
    {
        Assert.Equal([Roles.Headteacher], Roles.All.Where(r => Permissions.Allows([r], StaffAction.BreakGlass)));
        Assert.All(Permissions.Actions.Where(a => Permissions.Allows([Roles.SeniorLeader], a)), a => Assert.True(Permissions.Allows([Roles.Headteacher], a), a.Name));
        Assert.Equal("Headteacher", Roles.Parse("headteacher"));
        Assert.Equal("Headteacher", Roles.DisplayName(Roles.Headteacher));
    }

    [Theory, MemberData(nameof(Table))]
    public void Role_may_or_may_not_do_action(string role, StaffAction action, bool expected) =>
        Assert.Equal(expected, Permissions.Allows([role], action));

    [Fact]
    public void Every_role_has_a_row_and_no_role_is_denied_signing_in() =>
        Assert.All(Roles.All, r => Assert.True(Permissions.Allows([r], StaffAction.SignedIn)));

    [Fact]
    public void Only_dsl_roles_read_safeguarding() =>
        Assert.Equal([Roles.Dsl, Roles.DeputyDsl], Roles.All.Where(r => Permissions.Allows([r], StaffAction.ReadSafeguarding)));

    [Fact]
    public void Roles_that_read_safeguarding_need_a_second_factor() =>
        Assert.All(Roles.All.Where(r => Permissions.Allows([r], StaffAction.ReadSafeguarding) || Permissions.Allows([r], StaffAction.BreakGlass)
                || Permissions.Allows([r], StaffAction.ManageUsers)),
            r => Assert.Contains(r, Roles.RequireSecondFactor));

    [Fact]
    public void Totp_matches_the_rfc_6238_test_vector() =>
        // RFC 6238 appendix B, SHA-1 key "12345678901234567890" (base32 GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ) at 59 s → 94287082 (last 6: 287082).
        Assert.Equal("287082", Totp.Code("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", DateTimeOffset.FromUnixTimeSeconds(59)));

    [Theory]
    [InlineData("2026-11-24T09:30:00Z", Session.Am)]
    [InlineData("2026-11-24T12:30:00Z", Session.Pm)]
    [InlineData("2026-06-24T11:30:00Z", Session.Pm)] // 12:30 BST
    [InlineData("2026-06-24T10:30:00Z", Session.Am)] // 11:30 BST
    public void Sessions_follow_london_time_across_summer_time(string utc, Session expected) =>
        Assert.Equal(expected, SchoolClock.SessionAt(DateTime.Parse(utc, null, System.Globalization.DateTimeStyles.AdjustToUniversal)));

    [Fact]
    public void School_days_skip_weekends_and_closures()
    {
        var year = Pastoral.Features.Schools.SchoolsDemoData.CalendarFor(2026);
        var days = Pastoral.Features.Schools.SchoolDays.Between(year, year.StartsOn, year.EndsOn).ToList();
        Assert.All(days, d => Assert.True(d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)));
        Assert.DoesNotContain(days, d => year.ClosureDays.Any(c => c.Date == d));
        Assert.InRange(days.Count, 180, 195);
    }
}
