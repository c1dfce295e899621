using Pastoral.Features.Pupils;
using Pastoral.Features.Pupils.Import;

namespace Pastoral.Tests.Features.Pupils;

internal static class CsvTestData
{
    public const string RequiredHeader = "UPN,LegalSurname,LegalForename,DateOfBirth,Sex,Year";

    public static readonly string Upn1 = Upn.Generate(999, 9001, 14, 1);
    public static readonly string Upn2 = Upn.Generate(999, 9001, 14, 2);
    public static readonly string Upn3 = Upn.Generate(999, 9001, 14, 3);

    public static PupilCsvResult Read(string csv) =>
        PupilCsvReader.Read(new StringReader(csv), TestData.SenNeedCodes, TestData.Today);

    /// <summary>The one problem a file with one bad row produces; the bad row itself must not be imported.</summary>
    public static ImportProblem SingleProblem(string csv)
    {
        var result = Read(csv);
        Assert.Empty(result.Rows);
        return Assert.Single(result.Problems);
    }
}
