using Pastoral.Features.Pupils;
using Pastoral.Features.Pupils.Import;

namespace Pastoral.Tests.Features.Pupils;

public sealed class CareAuthorityTests
{
    [Fact]
    public void The_ctf_care_authority_is_read_for_a_looked_after_pupil()
    {
        using var xml = File.OpenRead(TestData.SamplePath("full.xml"));
        var lac = CtfReader.Read(xml, TestData.SenNeedCodes, TestData.Today).Pupils.Single(p => p.LookedAfter == "LAC");
        Assert.Equal("999", lac.CareAuthority);
    }

    [Fact]
    public void The_care_authority_is_kept_only_while_the_pupil_is_looked_after()
    {
        var pupil = new Pupil { Upn = CsvTestData.Upn1, LegalSurname = "S", LegalForename = "F" };
        var row = CsvTestData.Read($"{CsvTestData.RequiredHeader},LookedAfter\n{CsvTestData.Upn1},S,F,2014-01-01,F,7,LAC\n").Rows.Single();
        PupilRowMapping.Apply(row with { CareAuthority = "Demo County" }, pupil, null, null, _ => { });
        Assert.Equal(LookedAfterStatus.Lac, pupil.LookedAfter);
        Assert.Equal("Demo County", pupil.CareAuthority);
        PupilRowMapping.Apply(row with { LookedAfter = "" }, pupil, null, null, _ => { });
        Assert.Null(pupil.CareAuthority);
    }
}
