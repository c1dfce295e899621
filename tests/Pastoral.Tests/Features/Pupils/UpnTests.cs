using FsCheck.Xunit;
using Pastoral.Features.Pupils;

namespace Pastoral.Tests.Features.Pupils;

public sealed class UpnTests
{
    [Theory]
    [InlineData("B801200005001")]
    [InlineData("R674123101121")]
    [InlineData("P207000016049")]
    public void Upns_from_the_reference_are_valid(string upn)
    {
        Assert.True(Upn.IsValid(upn));
        Assert.Null(Upn.Problem(upn));
    }

    [Fact]
    public void Upn_with_wrong_check_letter_is_rejected()
    {
        // The widely copied help-page example: its sum is 266, which gives P.
        Assert.False(Upn.IsValid("Q207000016049"));
        Assert.Equal("UPN Q207000016049 has the wrong check letter: expected P, found Q", Upn.Problem("Q207000016049"));
    }

    [Fact]
    public void Upn_with_a_changed_digit_names_the_expected_check_letter()
    {
        Assert.StartsWith("UPN B801200005002 has the wrong check letter: expected ", Upn.Problem("B801200005002"));
    }

    [Theory]
    [InlineData("B80120000500")]
    [InlineData("B8012000050011")]
    [InlineData("B80120000500A1")]
    [InlineData("B8012000X5001")]
    [InlineData("1801200005001")]
    public void Upn_with_the_wrong_shape_is_rejected(string upn)
    {
        Assert.False(Upn.IsValid(upn));
        Assert.StartsWith(
            "UPN must be 13 characters: a check letter then 12 digits (or 11 digits and a letter for a temporary UPN)",
            Upn.Problem(upn));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Missing_upn_is_rejected(string? upn) => Assert.Equal("UPN is missing", Upn.Problem(upn));

    [Fact]
    public void Upn_is_checked_after_trimming_and_upper_casing()
    {
        Assert.Equal("B801200005001", Upn.Normalise("  b801200005001 "));
        Assert.True(Upn.IsValid(" b801200005001"));
    }

    [Fact]
    public void Temporary_upn_final_letter_counts_as_its_index_in_the_check_alphabet()
    {
        // Final letter C is index 2 and carries weight 13: 93 - 1*13 + 2*13 = 106, and 106 mod 23 = 14 -> Q.
        Assert.Equal('Q', Upn.CheckLetter("80120000500C"));
        Assert.True(Upn.IsValid("Q80120000500C"));
        Assert.False(Upn.IsValid("B80120000500C"));
    }

    [Theory]
    [InlineData('I')]
    [InlineData('O')]
    [InlineData('S')]
    public void Temporary_upn_cannot_end_in_a_letter_left_out_of_the_alphabet(char last)
    {
        Assert.Contains("cannot be I, O or S", Upn.Problem($"A80120000500{last}"));
    }

    [Fact]
    public void Check_letter_of_a_malformed_body_is_an_argument_error()
    {
        Assert.Throws<ArgumentException>(() => Upn.CheckLetter("12345"));
    }

    [Fact]
    public void Generate_rejects_parts_that_do_not_fit()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Upn.Generate(1000, 1, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Upn.Generate(1, 1, 1, -1));
    }

    [Theory]
    [InlineData(801, 2000, 5, 1, "B801200005001")]
    [InlineData(674, 1231, 1, 121, "R674123101121")]
    public void Generate_lays_out_la_establishment_year_and_serial(int la, int estab, int year, int serial, string expected)
    {
        Assert.Equal(expected, Upn.Generate(la, estab, year, serial));
    }

    [Property(MaxTest = 300)]
    public bool Every_generated_upn_is_valid_and_any_single_digit_change_makes_it_invalid(
        int la, int estab, int year, int serial)
    {
        var upn = Upn.Generate(Math.Abs(la % 1000), Math.Abs(estab % 10000), Math.Abs(year % 100), Math.Abs(serial % 1000));
        if (!Upn.IsValid(upn))
            return false;

        for (var position = 1; position < Upn.Length; position++)
        {
            for (var digit = '0'; digit <= '9'; digit++)
            {
                if (digit == upn[position])
                    continue;
                var changed = upn[..position] + digit + upn[(position + 1)..];
                if (Upn.IsValid(changed))
                    return false;
            }
        }

        return true;
    }

    [Theory]
    [InlineData("R900400001001", "900")]
    [InlineData("E000200005001", "000")]
    public void A_upn_with_the_right_check_letter_but_no_local_authority_is_refused(string upn, string la)
    {
        Assert.True(Upn.IsValid(upn));
        Assert.Contains($"has {la} as its local-authority number", LocalAuthorityNumbers.UpnProblem(upn), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("P207000016049")] // Kensington and Chelsea
    [InlineData("R674123101121")] // Rhondda Cynon Taf: Welsh pupils move to English schools
    [InlineData("G335311012004")] // Walsall, from the real SIMS fixture
    public void A_real_local_authority_is_accepted(string upn) => Assert.Null(LocalAuthorityNumbers.UpnProblem(upn));

    [Fact]
    public void The_synthetic_number_999_is_accepted_and_the_list_is_read_from_the_reference_file()
    {
        Assert.Null(LocalAuthorityNumbers.UpnProblem(Upn.Generate(999, 4000, 24, 1)));
        Assert.Contains("838", LocalAuthorityNumbers.All);
        Assert.All(LocalAuthorityNumbers.All, n => Assert.Matches("^[0-9]{3}$", n));
        Assert.DoesNotContain("706", LocalAuthorityNumbers.All); // Guernsey is not an English or Welsh authority
    }

    [Fact]
    public void A_school_can_add_an_authority_to_the_list()
    {
        var upn = Upn.Generate(706, 2008, 19, 999);
        Assert.NotNull(LocalAuthorityNumbers.Problem(upn));
        Assert.Null(LocalAuthorityNumbers.Problem(upn, new HashSet<string>(LocalAuthorityNumbers.All) { "706" }));
    }
}
