using System.Text;
using Pastoral.Features.Pupils.Import;

namespace Pastoral.Tests.Features.Pupils;

public sealed class CtfReaderTests
{
    private static CtfResult ReadSample(string fileName)
    {
        using var stream = File.OpenRead(TestData.SamplePath(fileName));
        return CtfReader.Read(stream, TestData.SenNeedCodes, TestData.Today);
    }

    private static CtfResult ReadXml(string xml)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(xml));
        return CtfReader.Read(stream, TestData.SenNeedCodes, TestData.Today);
    }

    private static string Wrap(string pupils) =>
        "<CTfile>\n<Header><DateTime>2025-10-01T09:30:00</DateTime><DocumentQualifier>full</DocumentQualifier></Header>\n"
        + $"<CTFpupilData>\n{pupils}\n</CTFpupilData>\n</CTfile>";

    [Fact]
    public void Full_file_header_is_read()
    {
        var result = ReadSample("full.xml");

        Assert.Empty(result.Errors);
        Assert.Equal(
            new CtfHeader("25.0", false, "999", "9001", "Nowhere Imaginary Primary School", "999", "9002", "2025/2026") { SourceUrn = "999001" },
            result.Header);
    }

    [Fact]
    public void Full_file_pupil_with_ehc_plan_is_read_with_every_carried_value()
    {
        var pupil = ReadSample("full.xml").Pupils[0];

        Assert.Equal(23, pupil.Line);
        Assert.Equal("N999900114001", pupil.Upn);
        Assert.Equal(("Testington", "Zebedee"), (pupil.LegalSurname, pupil.LegalForename));
        Assert.Equal(("Testington", "Zeb", "Quentin Example"), (pupil.PreferredSurname, pupil.PreferredForename, pupil.MiddleNames));
        Assert.Equal(new DateOnly(2014, 5, 12), pupil.DateOfBirth);
        Assert.Equal("M", pupil.Sex);
        Assert.Equal(7, pupil.NcYear);
        Assert.Equal("E", pupil.SenProvision);
        Assert.Equal(["ASD", "SLCN"], pupil.SenNeeds);
        Assert.True(pupil.Ehcp);
        Assert.True(pupil.Fsm);
        Assert.Equal("", pupil.LookedAfter);
        Assert.Null(pupil.ChildProtection);
        Assert.Null(pupil.PupilPremium);
    }

    [Fact]
    public void Contacts_are_ordered_with_readable_relationships_phones_and_addresses()
    {
        var contacts = ReadSample("full.xml").Pupils[0].Contacts;

        Assert.Equal(
            [
                new ContactImportRow(1, "Ms", "Philippa", "Testington", "Mother", true, "01632 960002", "07700 900003",
                    "philippa.testington@example.invalid", "1 Pretend Street, Fictionville, ZZ99 9ZY"),
                new ContactImportRow(2, "Mr", "Horatio", "Testington", "Father", true, "01632 960001", null, null,
                    "Flat 2, 14, Imaginary Road, Madeupton, Fictionville, Nowhereshire, Fictionville, ZZ99 9ZZ") { AddressAsPupil = true },
            ],
            contacts);
    }

    [Fact]
    public void Looked_after_pupil_with_lapsed_free_school_meals_is_read()
    {
        var pupil = ReadSample("full.xml").Pupils[1];

        Assert.Equal(("C999900114002", 125), (pupil.Upn, pupil.Line));
        Assert.Equal("F", pupil.Sex);
        Assert.Equal(0, pupil.NcYear);
        Assert.Equal("LAC", pupil.LookedAfter);
        Assert.False(pupil.Fsm);
        Assert.Equal("K", pupil.SenProvision);
        Assert.False(pupil.Ehcp);
        Assert.Equal(["SEMH"], pupil.SenNeeds);
        Assert.Equal(["Foster mother", "XYZ"], pupil.Contacts!.Select(c => c.Relationship));
        Assert.Equal("sam.casework@example.invalid", pupil.Contacts![1].Email);
        Assert.Equal("07700 900004", pupil.Contacts![0].MobilePhone);
        Assert.False(pupil.Contacts![0].ParentalResponsibility);
    }

    [Fact]
    public void Free_school_meals_ending_after_the_file_date_are_current()
    {
        var pupil = ReadSample("full.xml").Pupils[2];

        Assert.Equal("F999900113003", pupil.Upn);
        Assert.True(pupil.Fsm);
        Assert.Null(pupil.SenProvision);
        Assert.Null(pupil.SenNeeds);
        Assert.Null(pupil.Ehcp);
        Assert.Null(pupil.LookedAfter);
        var contact = Assert.Single(pupil.Contacts!);
        Assert.Equal(("Grandmother", "01632 960006"), (contact.Relationship, contact.Phone));
    }

    [Fact]
    public void Pupil_with_wrong_check_letter_is_skipped_with_its_line_and_reason()
    {
        var result = ReadSample("full.xml");

        Assert.Equal(3, result.Pupils.Count);
        Assert.DoesNotContain(result.Pupils, p => p.LegalSurname == "Wrongletter");
        Assert.Contains(
            new ImportProblem(224, "UPN",
                "Pupil at line 224 skipped: UPN G999900114004 has the wrong check letter: expected F, found G"),
            result.Skipped);
    }

    [Fact]
    public void Unknown_sen_need_code_is_dropped_with_a_note_and_the_pupil_kept()
    {
        var result = ReadSample("full.xml");

        Assert.Contains(
            new ImportProblem(159, "SENtype",
                "Pupil at line 125 (UPN C999900114002): SEN need code \"ZZZ\" is not recognised and was left out"),
            result.Skipped);
        Assert.Equal(2, result.Skipped.Count);
    }

    [Fact]
    public void Partial_file_leaves_blocks_it_does_not_carry_as_null()
    {
        var result = ReadSample("partial.xml");

        Assert.True(result.Header!.Partial);
        Assert.Empty(result.Errors);
        Assert.Empty(result.Skipped);
        var pupil = Assert.Single(result.Pupils);
        Assert.Equal(("N999900114001", "Testington", "Zebedee"), (pupil.Upn, pupil.LegalSurname, pupil.LegalForename));
        Assert.Null(pupil.SenProvision);
        Assert.Null(pupil.SenNeeds);
        Assert.Null(pupil.Ehcp);
        Assert.Null(pupil.Fsm);
        Assert.Null(pupil.LookedAfter);
        Assert.Null(pupil.NcYear);
        Assert.Null(pupil.PreferredForename);
        Assert.Null(pupil.MiddleNames);
        var contact = Assert.Single(pupil.Contacts!);
        Assert.Equal(("Mother", "07700 900099"), (contact.Relationship, contact.MobilePhone));
    }

    [Fact]
    public void Malformed_xml_is_an_error_with_its_line()
    {
        var result = ReadXml("<CTfile>\n<Header>\n<CTFversion>25.0</CTFversion>\n</Headr>\n</CTfile>");

        Assert.Empty(result.Pupils);
        var error = Assert.Single(result.Errors);
        Assert.Equal(4, error.Line);
        Assert.StartsWith("The file is not well-formed XML", error.Message);
    }

    [Fact]
    public void Doctype_with_external_entity_is_rejected_without_reading_the_file()
    {
        var secretPath = Path.Combine(AppContext.BaseDirectory, $"pastoral-xxe-{Guid.NewGuid():N}.txt");
        File.WriteAllText(secretPath, "TOP-SECRET-MARKER");
        try
        {
            var xml = "<?xml version=\"1.0\"?>\n"
                + $"<!DOCTYPE CTfile [ <!ENTITY xxe SYSTEM \"{new Uri(secretPath).AbsoluteUri}\"> ]>\n"
                + Wrap("<Pupil><UPN>N999900114001</UPN><Surname>&xxe;</Surname><Forename>A</Forename><DOB>2014-05-12</DOB><Sex>M</Sex></Pupil>");

            var result = ReadXml(xml);

            Assert.Empty(result.Pupils);
            var error = Assert.Single(result.Errors);
            Assert.Contains("DOCTYPE", error.Message);
            Assert.DoesNotContain("TOP-SECRET-MARKER", error.Message);
        }
        finally
        {
            File.Delete(secretPath);
        }
    }

    [Fact]
    public void Root_other_than_ctfile_is_an_error()
    {
        var error = Assert.Single(ReadXml("<?xml version=\"1.0\"?>\n<Roster><Pupil/></Roster>").Errors);

        Assert.Equal(new ImportProblem(2, null, "The root element is <Roster>: a Common Transfer File starts with <CTfile>"), error);
    }

    [Fact]
    public void Pupil_without_date_of_birth_is_skipped()
    {
        var result = ReadXml(Wrap("<Pupil><UPN>N999900114001</UPN><Surname>Testington</Surname><Forename>Zebedee</Forename><Sex>M</Sex></Pupil>"));

        Assert.Empty(result.Pupils);
        Assert.Equal("Line 4, DOB: Pupil at line 4 skipped: UPN N999900114001 has no date of birth", Assert.Single(result.Skipped).ToString());
    }

    [Fact]
    public void Second_pupil_with_the_same_upn_is_skipped_naming_the_first()
    {
        const string pupil = "<Pupil><UPN>N999900114001</UPN><Surname>Testington</Surname><Forename>Zebedee</Forename><DOB>2014-05-12</DOB><Sex>M</Sex></Pupil>";

        var result = ReadXml(Wrap(pupil + "\n" + pupil));

        Assert.Single(result.Pupils);
        Assert.Equal("Pupil at line 5 skipped: UPN N999900114001 is also used by the pupil at line 4", Assert.Single(result.Skipped).Message);
    }

    [Theory]
    [InlineData("R", 0)]
    [InlineData("10", 10)]
    [InlineData("N1", null)]
    [InlineData("N2", null)]
    [InlineData("X", null)]
    public void National_curriculum_year_maps_reception_to_zero_and_nursery_to_nothing(string ncYear, int? expected)
    {
        var result = ReadXml(Wrap(
            "<Pupil><UPN>N999900114001</UPN><Surname>Testington</Surname><Forename>Zebedee</Forename><DOB>2014-05-12</DOB>"
            + $"<Sex>M</Sex><BasicDetails><NCyearActual>{ncYear}</NCyearActual></BasicDetails></Pupil>"));

        Assert.Equal(expected, Assert.Single(result.Pupils).NcYear);
    }

    [Theory]
    [InlineData("PAM", "Mother")]
    [InlineData("paf", "Father")]
    [InlineData("SWR", "Social worker")]
    [InlineData("HTC", "Head teacher")]
    [InlineData("QQQ", "QQQ")]
    public void Relationship_codes_become_words_and_unknown_codes_are_kept(string code, string expected)
    {
        Assert.Equal(expected, CtfContacts.Relationship(code));
    }

    [Fact]
    public void A_deeply_nested_file_is_refused_with_a_clear_message()
    {
        const int depth = 160_000;
        var xml = new StringBuilder("<CTfile>", depth * 8);
        for (var i = 0; i < depth; i++) xml.Append("<a>");
        for (var i = 0; i < depth; i++) xml.Append("</a>");
        xml.Append("</CTfile>");

        var result = CtfReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(xml.ToString())), TestData.SenNeedCodes, TestData.Today);

        var error = Assert.Single(result.Errors);
        Assert.Equal($"Elements are nested more than {CtfReader.MaxDepth} deep, which no Common Transfer File needs, so the file was not read", error.Message);
        Assert.Empty(result.Pupils);
    }

    [Fact]
    public void A_file_with_too_many_elements_is_refused_with_a_clear_message()
    {
        var xml = new StringBuilder("<CTfile><CTFpupilData>");
        for (var i = 0; i <= CtfReader.MaxElements; i++) xml.Append("<a/>");
        xml.Append("</CTFpupilData></CTfile>");

        var result = CtfReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(xml.ToString())), TestData.SenNeedCodes, TestData.Today);

        Assert.Contains("more than 1,000,000 elements", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stream_that_cannot_seek_is_still_read()
    {
        var bytes = File.ReadAllBytes(TestData.SamplePath("full.xml"));
        var result = CtfReader.Read(new NonSeekable(bytes), TestData.SenNeedCodes, TestData.Today);
        Assert.Empty(result.Errors);
        Assert.NotEmpty(result.Pupils);
    }

    private sealed class NonSeekable(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
