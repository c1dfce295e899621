using Pastoral.Features.Pupils.Import;
using static Pastoral.Tests.Features.Pupils.CsvTestData;

namespace Pastoral.Tests.Features.Pupils;

public sealed class PupilCsvValidationTests
{
    [Fact]
    public void Missing_required_value_is_reported_with_its_line()
    {
        var problem = SingleProblem($"{RequiredHeader}\n{Upn1},,Alexandra,2014-03-14,M,7\n");

        Assert.Equal("Line 2, LegalSurname: LegalSurname is required", problem.ToString());
    }

    [Fact]
    public void Row_with_wrong_upn_check_letter_is_rejected()
    {
        var problem = SingleProblem($"{RequiredHeader}\nQ207000016049,Examplesson,Alexandra,2014-03-14,M,7\n");

        Assert.Equal(new ImportProblem(2, "UPN", "UPN Q207000016049 has the wrong check letter: expected P, found Q"), problem);
    }

    [Theory]
    [InlineData("2014-13-01", "\"2014-13-01\" is not a date: use yyyy-mm-dd or dd/mm/yyyy")]
    [InlineData("31/02/2014", "\"31/02/2014\" is not a date: use yyyy-mm-dd or dd/mm/yyyy")]
    [InlineData("2025-10-02", "Date of birth 2025-10-02 is in the future")]
    [InlineData("1989-12-31", "Date of birth 1989-12-31 is before 1990-01-01: check the year")]
    public void Unusable_date_of_birth_is_rejected(string dateOfBirth, string message)
    {
        var problem = SingleProblem($"{RequiredHeader}\n{Upn1},Examplesson,Alexandra,{dateOfBirth},F,7\n");

        Assert.Equal(new ImportProblem(2, "DateOfBirth", message), problem);
    }

    [Theory]
    [InlineData("Male", "M")]
    [InlineData("f", "F")]
    [InlineData("U", "U")]
    public void Sex_is_normalised(string sex, string expected)
    {
        var row = Assert.Single(Read($"{RequiredHeader}\n{Upn1},Examplesson,Alexandra,2014-03-14,{sex},7\n").Rows);

        Assert.Equal(expected, row.Sex);
    }

    [Theory]
    [InlineData("Sex", "Q", "\"Q\" is not a recognised sex: use M, F or U (unknown)")]
    [InlineData("Year", "15", "\"15\" is not a national curriculum year: use 0 to 14, or R for reception")]
    [InlineData("FSM", "maybe", "\"maybe\" is not yes or no: use Y/N, Yes/No, True/False or 1/0")]
    [InlineData("SenNeeds", "ASD;DYS", "\"DYS\" is not an SEN need code: use ASD, HI, MLD, MSI, NSA, OTH, PD, PMLD, SEMH, SLCN, SLD, SPLD, VI, separated by ;")]
    [InlineData("SenProvision", "S", "\"S\" is not an SEN provision: use E (EHC plan), K (SEN support) or N (no SEN)")]
    [InlineData("LookedAfter", "yes", "\"yes\" is not recognised: use LAC or PLAC, or leave it blank for neither")]
    [InlineData("ChildProtection", "CPP", "\"CPP\" is not recognised: use CP or CIN, or leave it blank for neither")]
    public void Unrecognised_value_is_rejected_saying_what_is_accepted(string column, string value, string message)
    {
        var header = RequiredHeader.Replace($",{column}", "", StringComparison.Ordinal) + $",{column}";
        var cells = new Dictionary<string, string>
        {
            ["UPN"] = Upn1, ["LegalSurname"] = "Examplesson", ["LegalForename"] = "Alexandra",
            ["DateOfBirth"] = "2014-03-14", ["Sex"] = "F", ["Year"] = "7", [column] = value,
        };
        var line = string.Join(",", header.Split(',').Select(h => cells[h]));

        Assert.Equal(new ImportProblem(2, column, message), SingleProblem($"{header}\n{line}\n"));
    }

    [Fact]
    public void Ehcp_without_sen_provision_e_is_rejected()
    {
        var problem = SingleProblem($"{RequiredHeader},SenProvision,EHCP\n{Upn1},Examplesson,Alexandra,2014-03-14,F,7,K,Y\n");

        Assert.Equal("Line 2, EHCP: EHCP is Y but SenProvision is K: a pupil with an EHC plan has SEN provision E", problem.ToString());
    }

    [Fact]
    public void Over_long_names_are_rejected_naming_the_limit()
    {
        var longName = new string('a', 101);
        var csv = $"{RequiredHeader},Form,SenNeeds\n"
            + $"{Upn1},{longName},{new string('b', 100)},2014-03-14,F,7,{new string('c', 21)},{new string('d', 201)}\n";

        var result = Read(csv);

        Assert.Empty(result.Rows);
        Assert.Equal(
            [
                "Line 2, LegalSurname: LegalSurname is 101 characters long; the limit is 100",
                "Line 2, Form: Form is 21 characters long; the limit is 20",
                "Line 2, SenNeeds: SenNeeds is 201 characters long; the limit is 200",
            ],
            result.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void On_roll_to_before_on_roll_from_is_rejected()
    {
        var problem = SingleProblem($"{RequiredHeader},OnRollFrom,OnRollTo\n{Upn1},Examplesson,Alexandra,2014-03-14,F,7,03/09/2025,2025-09-02\n");

        Assert.Equal("Line 2, OnRollTo: OnRollTo 2025-09-02 is before OnRollFrom 2025-09-03", problem.ToString());
    }
}
