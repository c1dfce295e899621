using System.Text;
using FsCheck.Xunit;
using Pastoral.Features.Pupils.Import;

namespace Pastoral.Tests.Features.Pupils;

/// <summary>Whatever arrives in an upload, the readers answer with problems, never an exception (which would be a 500).</summary>
public sealed class ImportRobustnessTests
{
    private static readonly string[] CsvPieces =
    [
        CsvTestData.RequiredHeader, "\n", "\r\n", ",", "\"", "\"\"", "B801200005001", "Smith", "2013-02-01", "31/02/2013", "F", "8", "R",
        "SenNeeds", "ASD;ZZZ", "Y", "maybe", "=HYPERLINK(\"x\")", "\u0000", "é", new string('x', 300), "UPN", ";", " ",
    ];

    private static readonly string[] XmlPieces =
    [
        "<CTfile>", "</CTfile>", "<Header>", "</Header>", "<CTFpupilData>", "</CTFpupilData>", "<Pupil>", "</Pupil>", "<UPN>B801200005001</UPN>",
        "<Surname>Smith</Surname>", "<DOB>2013-02-01</DOB>", "<DOB>nonsense</DOB>", "<Sex>F</Sex>", "<Contacts><Contact>", "</Contact></Contacts>",
        "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>", "&e;", "<?xml version=\"1.0\"?>", "<", ">", "&", "<NCyearActual>R</NCyearActual>",
        "<SENhistory><SEN><SENprovision>Q</SENprovision></SEN></SENhistory>", "<DocumentQualifier>partial</DocumentQualifier>",
    ];

    [Property(MaxTest = 400)]
    public void Any_csv_text_gives_rows_or_problems_never_an_exception(int[] picks)
    {
        var text = new StringBuilder();
        foreach (var p in picks ?? []) text.Append(CsvPieces[Math.Abs(p % CsvPieces.Length)]);
        var result = PupilCsvReader.Read(new StringReader(text.ToString()), TestData.SenNeedCodes, TestData.Today);
        Assert.All(result.Problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Message)));
    }

    [Property(MaxTest = 400)]
    public void Any_xml_gives_pupils_or_errors_never_an_exception(int[] picks)
    {
        var text = new StringBuilder();
        foreach (var p in picks ?? []) text.Append(XmlPieces[Math.Abs(p % XmlPieces.Length)]);
        var result = CtfReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text.ToString())), TestData.SenNeedCodes, TestData.Today);
        Assert.All(result.Errors.Concat(result.Skipped), p => Assert.False(string.IsNullOrWhiteSpace(p.Message)));
        if (text.ToString().Contains("DOCTYPE", StringComparison.Ordinal)) Assert.Empty(result.Pupils);
    }

    [Property(MaxTest = 300)]
    public void Random_bytes_never_throw(byte[] bytes)
    {
        var data = bytes ?? [];
        _ = PupilCsvReader.Read(new StreamReader(new MemoryStream(data)), TestData.SenNeedCodes, TestData.Today);
        _ = CtfReader.Read(new MemoryStream(data), TestData.SenNeedCodes, TestData.Today);
    }
}
