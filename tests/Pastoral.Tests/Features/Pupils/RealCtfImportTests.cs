using Microsoft.EntityFrameworkCore;
using Pastoral.Cli;
using Pastoral.Features.Pupils;
using Pastoral.Features.Pupils.Import;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Pupils;

/// <summary>The four real SIMS exports in ../shared/fixtures/ctf/ import as its README says.</summary>
public abstract class RealCtfImportTests(AppFixture app)
{
    private static string Fixture(string name) => Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "fixtures", "ctf", name));

    private Task<string> UrnAsync() => app.WithDbAsync(db => db.Schools.Select(s => s.Urn).FirstAsync());

    private Task<ImportReport> ImportAsync(string file, ImportOptions options) => app.WithServicesAsync(async sp =>
    {
        await using var stream = File.OpenRead(Fixture(file));
        return await sp.GetRequiredService<RosterImport>().CtfAsync(stream, options, null, null, CancellationToken.None);
    });

    private Task<Pupil?> PupilAsync(string upn) => app.WithDbAsync(db => db.Pupils.AsNoTracking().Include(p => p.YearGroup)
        .Include(p => p.Contacts).Include(p => p.SenNeeds).FirstOrDefaultAsync(p => p.Upn == upn));

    private Task<(int Pupils, int Audit)> CountsAsync() => app.WithDbAsync(async db => (await db.Pupils.CountAsync(), await db.AuditEntries.CountAsync()));

    [Fact]
    public async Task A_year_6_transfer_joins_the_chosen_year_from_the_chosen_date_and_the_bad_upn_is_skipped_by_name()
    {
        var start = new DateOnly(2026, 9, 2);
        var args = app.CliArgs("import", "ctf", Fixture("gryphon_y7_2_students.xml"), "--school", await UrnAsync(), "--year", "7", "--start", "2026-09-02");
        Assert.Equal(0, await PastoralCommandLine.RunAsync(args));

        var pupil = await PupilAsync("G335311012004");
        Assert.NotNull(pupil);
        Assert.Equal(7, pupil.YearGroup!.NcYear);
        Assert.Equal(start, pupil.OnRollFrom);
        Assert.Null(await PupilAsync("U865346313703"));
        // The home address is kept, trimmed; the contacts who live with the pupil show it.
        Assert.Equal(("God's Illa", "Hake's Brill", "Melbury Osmond", "Dorchester", "DT2 0NS"),
            (pupil.AddressLine1, pupil.AddressLine2, pupil.AddressLine3, pupil.Town, pupil.Postcode));
        Assert.NotEmpty(pupil.Contacts);
        Assert.All(pupil.Contacts.Where(c => c.AddressAsPupil), c => Assert.Equal(pupil.HomeAddress, c.AddressFor(pupil)));
        Assert.Contains(pupil.Contacts, c => c.AddressAsPupil);

        var again = await ImportAsync("gryphon_y7_2_students.xml", new ImportOptions(await UrnAsync(), 7, start, DryRun: true));
        var skipped = Assert.Single(again.Outcome.Skipped);
        Assert.Contains("U865346313703", skipped.Message, StringComparison.Ordinal);
        Assert.Equal(1, again.Outcome.Unchanged);
    }

    [Fact]
    public async Task Without_a_chosen_year_a_year_6_file_says_to_choose_one_and_changes_nothing()
    {
        var before = await CountsAsync();
        var report = await ImportAsync("gryphon_y7_2_students.xml", new ImportOptions(await UrnAsync()));
        Assert.Contains(report.Outcome.Skipped, s => s.Message.Contains("choose the year", StringComparison.Ordinal));
        Assert.Equal(0, report.Outcome.Created);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task The_year_12_file_brings_four_contacts_in_order_current_sen_and_fsm_and_the_address()
    {
        var report = await ImportAsync("gryphon_y12.xml", new ImportOptions(await UrnAsync()));
        Assert.True(report.Outcome.Succeeded);
        var pupil = await PupilAsync("Z801209809069");
        Assert.NotNull(pupil);
        Assert.Equal([1, 2, 3, 4], pupil.Contacts.Select(c => c.Priority).Order());
        Assert.Equal(SenProvision.N, pupil.SenProvision);
        Assert.Equal(["NSA"], pupil.SenNeeds.Select(n => n.Code));
        Assert.False(pupil.Fsm);
        Assert.Equal(("11 Lea Close", "Yeovil", "Somerset", "BA21 4PJ"), (pupil.AddressLine1, pupil.Town, pupil.County, pupil.Postcode));
    }

    [Theory]
    [InlineData("gryphon_y7_partial.xml", "J933207636549")]
    [InlineData("gryphon_y7_spaced_numbers.xml", "C706200819999")]
    public async Task A_file_whose_only_pupil_has_a_wrong_check_letter_is_reported_and_changes_nothing(string file, string upn)
    {
        var before = await CountsAsync();
        var report = await ImportAsync(file, new ImportOptions(await UrnAsync(), JoinYear: 7));
        var skipped = Assert.Single(report.Outcome.Skipped);
        Assert.Contains($"UPN {upn} has the wrong check letter", skipped.Message, StringComparison.Ordinal);
        Assert.Equal(0, report.Outcome.Total);
        Assert.Equal(before, await CountsAsync());
        Assert.Null(await PupilAsync(upn));
    }
}

public sealed class RealCtfImportTests_Sqlite(SqliteApp app) : RealCtfImportTests(app), IClassFixture<SqliteApp>;
public sealed class RealCtfImportTests_Postgres(PostgresApp app) : RealCtfImportTests(app), IClassFixture<PostgresApp>;
