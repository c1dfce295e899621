using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Pastoral.Features.Attendance;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Attendance;

/// <summary>The codes are the shared reference's, exactly; each code's category is proved by what it does to the figures.</summary>
public sealed class AttendanceCodeTests
{
    private static readonly string SharedCsv = Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "reference", "attendance-codes.csv"));

    [Fact]
    public void The_code_list_is_the_shared_reference_exactly()
    {
        var shared = File.ReadAllLines(SharedCsv).Skip(1).Where(l => l.Length > 0).ToList();
        var current = AttendanceCodes.InForceOn(new DateOnly(2026, 11, 26));
        Assert.Equal(shared.Count, current.Count);
        foreach (var line in shared)
        {
            var cells = line.Split(',');
            var code = Assert.Single(current, c => c.Code == cells[0]);
            Assert.Equal(cells[^1] == "yes", code.CountsAsPossible);
        }
    }

    public static TheoryData<string, string> EveryCode()
    {
        var data = new TheoryData<string, string>();
        foreach (var line in File.ReadAllLines(SharedCsv).Skip(1).Where(l => l.Length > 0))
        {
            var cells = line.Split(',');
            data.Add(cells[0], cells[^2]);
        }
        return data;
    }

    /// <summary>One session with the code, among four present sessions: where it lands in the figures is its category.</summary>
    [Theory]
    [MemberData(nameof(EveryCode))]
    public void Each_code_counts_where_the_reference_puts_it(string code, string category)
    {
        var s = AttendanceSummary.From([("/", 4), (code, 1)]);
        switch (category)
        {
            case "present" or "approved_educational_activity":
                Assert.Equal((5, 5, 0, 0), (s.PossibleSessions, s.AttendedSessions, s.AuthorisedAbsenceSessions, s.UnauthorisedAbsenceSessions));
                break;
            case "authorised_absence":
                Assert.Equal((5, 4, 1, 0), (s.PossibleSessions, s.AttendedSessions, s.AuthorisedAbsenceSessions, s.UnauthorisedAbsenceSessions));
                break;
            case "unauthorised_absence":
                Assert.Equal((5, 4, 0, 1), (s.PossibleSessions, s.AttendedSessions, s.AuthorisedAbsenceSessions, s.UnauthorisedAbsenceSessions));
                break;
            case "not_possible" or "administrative":
                Assert.Equal((4, 4, 0, 0), (s.PossibleSessions, s.AttendedSessions, s.AuthorisedAbsenceSessions, s.UnauthorisedAbsenceSessions));
                break;
            default:
                Assert.Fail($"Unknown category {category}");
                break;
        }
        var expected = category switch
        {
            "present" => AttendanceCategory.Present,
            "approved_educational_activity" => AttendanceCategory.ApprovedEducationalActivity,
            "authorised_absence" => AttendanceCategory.AuthorisedAbsence,
            "unauthorised_absence" => AttendanceCategory.UnauthorisedAbsence,
            "not_possible" => AttendanceCategory.NotPossible,
            _ => AttendanceCategory.Administrative,
        };
        Assert.Equal(expected, AttendanceCodes.CategoryOf(code));
    }

    [Theory]
    [InlineData("H", AttendanceCategory.AuthorisedAbsence, true)]
    [InlineData("J", AttendanceCategory.AuthorisedAbsence, true)]
    [InlineData("Y", AttendanceCategory.NotPossible, false)]
    public void Codes_withdrawn_in_2024_are_known_before_and_refused_after(string code, AttendanceCategory category, bool possible)
    {
        var before = AttendanceCodes.Find(code, new DateOnly(2024, 7, 19));
        Assert.NotNull(before);
        Assert.Equal(category, before.Category);
        Assert.Equal(possible, before.CountsAsPossible);
        Assert.Null(AttendanceCodes.Find(code, new DateOnly(2024, 9, 4)));
    }

    [Theory]
    [InlineData("J1")]
    [InlineData("Y3")]
    [InlineData("C2")]
    [InlineData("K")]
    public void Codes_introduced_in_2024_are_refused_before_it(string code)
    {
        Assert.Null(AttendanceCodes.Find(code, new DateOnly(2023, 10, 2)));
        Assert.NotNull(AttendanceCodes.Find(code, new DateOnly(2024, 9, 2)));
    }

    [Fact]
    public void Letters_are_read_in_either_case_and_unknown_codes_are_null()
    {
        Assert.Equal("J1", AttendanceCodes.Find("j1")?.Code);
        Assert.Equal("\\", AttendanceCodes.Find(" \\ ")?.Code);
        Assert.Null(AttendanceCodes.Find("ZZ"));
        Assert.Null(AttendanceCodes.Find(""));
    }

    [Theory]
    [InlineData(90, 10, 0, true, false)]    // exactly 10% absent: persistent
    [InlineData(91, 9, 0, false, false)]
    [InlineData(50, 25, 25, true, true)]    // exactly 50% absent: severe
    [InlineData(51, 49, 0, true, false)]
    public void Persistent_and_severe_absence_start_at_exactly_10_and_50_percent(int present, int authorised, int unauthorised, bool persistent, bool severe)
    {
        var s = AttendanceSummary.From([("/", present), ("I", authorised), ("O", unauthorised)]);
        Assert.Equal(persistent, s.PersistentAbsence);
        Assert.Equal(severe, s.SevereAbsence);
    }

    [Fact]
    public void Attendance_percent_is_attended_over_possible_to_one_place_and_none_without_possible_sessions()
    {
        Assert.Equal(66.7m, AttendanceSummary.From([("/", 1), ("V", 1), ("N", 1), ("X", 5)]).AttendancePercent);
        Assert.Null(AttendanceSummary.From([("X", 3), ("#", 2)]).AttendancePercent);
        Assert.False(AttendanceSummary.From([("X", 3)]).PersistentAbsence);
    }

    private static readonly string[] Codes = AttendanceCodes.All.Select(c => c.Code).ToArray();
    private static readonly string[] NotPossible = AttendanceCodes.All.Where(c => !c.CountsAsPossible).Select(c => c.Code).ToArray();

    private static Arbitrary<(string, int)[]> Marks() =>
        Gen.ArrayOf(Gen.Zip(Gen.Elements(Codes), Gen.Choose(0, 400))).ToArbitrary();

    [Property(MaxTest = 300)]
    public Property Attended_plus_authorised_plus_unauthorised_is_possible() =>
        Prop.ForAll(Marks(), marks =>
        {
            var s = AttendanceSummary.From(marks);
            return s.AttendedSessions + s.AuthorisedAbsenceSessions + s.UnauthorisedAbsenceSessions == s.PossibleSessions
                && s.PossibleSessions == marks.Where(m => AttendanceCodes.Find(m.Item1)!.CountsAsPossible).Sum(m => m.Item2);
        });

    [Property(MaxTest = 300)]
    public Property Adding_a_not_possible_code_changes_nothing() =>
        Prop.ForAll(Marks(), Gen.Elements(NotPossible).ToArbitrary(), Gen.Choose(1, 50).ToArbitrary(), (marks, code, n) =>
            AttendanceSummary.From(marks) == AttendanceSummary.From([.. marks, (code, n)]));

    [Property(MaxTest = 300)]
    public Property Summing_parts_equals_counting_the_whole() =>
        Prop.ForAll(Marks(), Marks(), (a, b) =>
            AttendanceSummary.Sum([AttendanceSummary.From(a), AttendanceSummary.From(b)]) == AttendanceSummary.From([.. a, .. b]));
}
