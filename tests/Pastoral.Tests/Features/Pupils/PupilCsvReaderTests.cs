using Pastoral.Features.Pupils;
using Pastoral.Features.Pupils.Import;
using static Pastoral.Tests.Features.Pupils.CsvTestData;

namespace Pastoral.Tests.Features.Pupils;

public sealed class PupilCsvReaderTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Template_reads_without_problems_and_its_examples_are_left_out_with_a_note(bool mayWriteChildProtection)
    {
        var result = Read(PupilCsvReader.TemplateFor(mayWriteChildProtection));

        Assert.Empty(result.Problems);
        Assert.Empty(result.Rows);
        Assert.Equal([2, 3], result.Examples.Select(e => e.Line));
        Assert.All(result.Examples, e => Assert.Contains("example", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Template_has_the_child_protection_column_only_for_those_who_may_set_it()
    {
        Assert.Contains(",ChildProtection,", PupilCsvReader.TemplateFor(true).Split("\r\n")[0], StringComparison.Ordinal);
        Assert.DoesNotContain("ChildProtection", PupilCsvReader.TemplateFor(false), StringComparison.Ordinal);
    }

    [Fact]
    public void Template_example_rows_are_valid_rows_apart_from_being_examples()
    {
        // The examples show real values: with their UPNs changed they import cleanly.
        var lines = PupilCsvReader.TemplateFor(true).Split("\r\n");
        var csv = string.Join("\n", lines[0], Upn1 + lines[1][13..], Upn2 + lines[2][13..]);
        var result = Read(csv);
        Assert.Empty(result.Problems);
        Assert.Equal(2, result.Rows.Count);
        Assert.Equal("1 Example Road", result.Rows[0].Address!.Line1);
    }

    [Fact]
    public void Row_with_every_column_maps_to_every_field()
    {
        var csv = "upn, Legal Surname,LEGAL_FORENAME,Preferred Surname,PreferredForename,MiddleNames,Date of Birth,Sex,Year,Form,"
            + "OnRollFrom,OnRollTo,SenProvision,SenNeeds,EHCP,PupilPremium,FSM,LookedAfter,ChildProtection,YoungCarer,EAL\n"
            + $"{Upn1.ToLowerInvariant()},Examplesson,Alexandra,Sample,Alex,Jane Mary,14/03/2014,female,R,RB,"
            + "2025-09-03,2026-07-22,e,asd; slcn,Yes,1,true,lac,cin,n,No\n";

        var row = Assert.Single(Read(csv).Rows);

        Assert.Equal(
            new PupilImportRow(2, Upn1, "Examplesson", "Alexandra", "Sample", "Alex", "Jane Mary", new DateOnly(2014, 3, 14), "F",
                0, "RB", new DateOnly(2025, 9, 3), new DateOnly(2026, 7, 22), "E", row.SenNeeds, true, true, true, "LAC", "CIN",
                false, false, null),
            row);
        Assert.Equal(["ASD", "SLCN"], row.SenNeeds);
    }

    [Fact]
    public void Absent_optional_columns_are_not_carried()
    {
        var row = Assert.Single(Read($"{RequiredHeader}\n{Upn1},Examplesson,Alexandra,2014-03-14,M,7\n").Rows);

        Assert.Equal(7, row.NcYear);
        Assert.Null(row.PreferredForename);
        Assert.Null(row.SenProvision);
        Assert.Null(row.SenNeeds);
        Assert.Null(row.Ehcp);
        Assert.Null(row.Fsm);
        Assert.Null(row.LookedAfter);
        Assert.Null(row.ChildProtection);
        Assert.Null(row.Contacts);
    }

    [Fact]
    public void Blank_cells_in_present_columns_clear_the_field()
    {
        var csv = $"{RequiredHeader},SenNeeds,FSM,LookedAfter,ChildProtection,PreferredForename\n"
            + $"{Upn1},Examplesson,Alexandra,2014-03-14,M,7,,,,,\n";

        var row = Assert.Single(Read(csv).Rows);

        Assert.Equal([], row.SenNeeds);
        Assert.False(row.Fsm);
        Assert.Equal("", row.LookedAfter);
        Assert.Equal("", row.ChildProtection);
        Assert.Equal("", row.PreferredForename);
    }

    [Fact]
    public void Missing_required_column_is_reported_on_the_header_line()
    {
        var problem = SingleProblem($"UPN,LegalSurname,LegalForename,Sex,Year\n{Upn1},Examplesson,Alexandra,M,7\n");

        Assert.Equal(new ImportProblem(1, "DateOfBirth", "The required column DateOfBirth is missing from the header row"), problem);
    }

    [Fact]
    public void Misspelt_column_is_reported_rather_than_ignored()
    {
        var problem = Assert.Single(Read($"{RequiredHeader},ChildProtecton\n{Upn1},Examplesson,Alexandra,2014-03-14,M,7,CP\n").Problems);

        Assert.Equal(1, problem.Line);
        Assert.StartsWith("Unknown column: \"ChildProtecton\"", problem.Message);
    }

    [Fact]
    public void Duplicate_upn_is_reported_naming_both_lines()
    {
        var csv = $"{RequiredHeader}\n{Upn1},Examplesson,Alexandra,2014-03-14,F,7\n{Upn2},Sampleton,Ben,2014-04-01,M,7\n"
            + $"{Upn1},Examplesson,Alex,2014-03-14,F,7\n";

        var result = Read(csv);

        Assert.Equal(2, result.Rows.Count);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(4, problem.Line);
        Assert.Equal($"UPN {Upn1} is on both line 2 and line 4: each pupil must appear once", problem.Message);
    }

    [Fact]
    public void Duplicate_upn_is_reported_even_when_the_first_copy_has_other_problems()
    {
        var csv = $"{RequiredHeader}\n{Upn1},Examplesson,Alexandra,not a date,F,7\n{Upn1},Examplesson,Alexandra,2014-03-14,F,7\n";

        var result = Read(csv);

        Assert.Empty(result.Rows);
        Assert.Equal([(2, "DateOfBirth"), (3, "UPN")], result.Problems.Select(p => (p.Line, p.Field)));
    }

    [Fact]
    public void Badly_quoted_header_stops_the_read_rather_than_taking_the_next_line_as_the_header()
    {
        var problem = SingleProblem($"UPN,\"Legal\"Surname,LegalForename,DateOfBirth,Sex,Year\n{Upn1},Examplesson,Alexandra,2014-03-14,F,7\n");

        Assert.Equal(1, problem.Line);
        Assert.Contains("badly quoted", problem.Message);
    }

    [Fact]
    public void Line_numbers_count_line_breaks_inside_quoted_cells()
    {
        var csv = $"{RequiredHeader},MiddleNames\r\n"
            + $"{Upn1},\"Examplesson\",Alexandra,2014-03-14,F,7,\"Jane\r\nMary\r\nAnne\"\r\n"
            + "\r\n"
            + $"{Upn2},Sampleton,Ben,2099-01-01,M,7,\n"
            + $"{Upn3},Otherfake,\"Clara\nBelle\",2014-05-01,F,7,\n"
            + $"{Upn1},Examplesson,Alexandra,2014-03-14,F,7,\n";

        var result = Read(csv);

        Assert.Equal([2, 7], result.Rows.Select(r => r.Line));
        Assert.Equal("Jane\r\nMary\r\nAnne", result.Rows[0].MiddleNames);
        Assert.Equal(
            [(6, "DateOfBirth"), (9, "UPN")],
            result.Problems.Select(p => (p.Line, p.Field)));
        Assert.Contains("line 2 and line 9", result.Problems[1].Message);
    }

    [Fact]
    public void Badly_quoted_cell_is_a_problem_on_its_line()
    {
        var csv = $"{RequiredHeader}\n{Upn1},Examplesson,Alexandra,2014-03-14,F,7\n{Upn2},Sample\"ton,Ben,2014-04-01,M,7\n";

        var result = Read(csv);

        Assert.Single(result.Rows);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(3, problem.Line);
        Assert.Contains("badly quoted", problem.Message);
    }

    [Fact]
    public void Unclosed_quote_is_a_problem_not_an_exception()
    {
        var csv = $"{RequiredHeader}\n{Upn1},Examplesson,Alexandra,2014-03-14,F,7\n{Upn2},\"Sampleton,Ben,2014-04-01,M,7\n{Upn3},A,B,2014-04-01,M,7\n";

        var result = Read(csv);

        Assert.Single(result.Rows);
        Assert.Equal(3, Assert.Single(result.Problems).Line);
    }

    [Fact]
    public void Wrong_number_of_cells_is_a_problem_on_its_line()
    {
        var csv = $"{RequiredHeader}\n{Upn1},Examplesson,Alexandra,2014-03-14,F,7,extra\n{Upn2},Sampleton,Ben,2014-04-01,M\n";

        var result = Read(csv);

        Assert.Empty(result.Rows);
        Assert.Equal(
            [
                "Line 2: The line has 7 cells but the header has 6: check for a stray comma or quote",
                "Line 3: The line has 5 cells but the header has 6: check for a stray comma or quote",
            ],
            result.Problems.Select(p => p.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\r\n\r\n")]
    public void Empty_file_is_a_problem(string csv)
    {
        Assert.Equal("Line 1: The file is empty: expected a header row", SingleProblem(csv).ToString());
    }

    [Fact]
    public void Header_only_file_has_no_rows_and_no_problems()
    {
        var result = Read(RequiredHeader + "\n");

        Assert.Empty(result.Rows);
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void A_header_of_a_million_unknown_columns_is_one_short_problem_and_the_rows_are_still_checked()
    {
        var csv = new System.Text.StringBuilder(RequiredHeader);
        for (var i = 0; i < 1_000_000; i++) csv.Append(",col").Append(i);
        csv.Append('\n').Append("A12345,Examplesson,Alexandra,2014-03-14,M,7\n");

        var result = Read(csv.ToString());

        var header = Assert.Single(result.Problems, p => p.Line == 1);
        Assert.StartsWith("1,000,000 unknown columns: \"col0\", \"col1\"", header.Message, StringComparison.Ordinal);
        Assert.True(header.Message.Length < 600, $"the message is {header.Message.Length:N0} characters");
        Assert.Contains(result.Problems, p => p.Line == 2); // one pass: the row's problem too
    }

    [Fact]
    public void Only_the_first_hundred_problems_are_kept_and_the_rest_are_counted()
    {
        var csv = new System.Text.StringBuilder(RequiredHeader).Append('\n');
        for (var i = 0; i < 1_000; i++) csv.Append("A12345,Examplesson,Alexandra,2014-03-14,M,7\n");

        var result = Read(csv.ToString());

        Assert.Equal(ImportProblemList.Shown, result.Problems.Count);
        Assert.Equal(2, result.Problems[0].Line);
        Assert.Equal(900, result.ProblemsNotShown);
    }

    [Fact]
    public void Address_columns_carry_the_home_address_and_without_them_it_is_left_alone()
    {
        var with = Read($"{RequiredHeader},AddressLine1,Town,Postcode\n{Upn1},Examplesson,Alexandra,2014-03-14,M,7, 1 Example Road ,Sampletown,ZZ99 9ZZ\n");
        Assert.Equal(new PupilAddress("1 Example Road", null, null, "Sampletown", null, "ZZ99 9ZZ"),
            Assert.Single(with.Rows).Address! with { Line2 = null, Line3 = null, County = null });
        Assert.Null(Assert.Single(Read($"{RequiredHeader}\n{Upn1},Examplesson,Alexandra,2014-03-14,M,7\n").Rows).Address);
    }
}
