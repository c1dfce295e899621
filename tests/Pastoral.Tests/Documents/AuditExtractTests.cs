using System.Net;
using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Safeguarding;
using Pastoral.Security.Audit;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Documents;

/// <summary>The audit log extract: what each reader sees (restricted entries only for DSLs), its PDF, its own audit entry, bad input.</summary>
public abstract class AuditExtractTests(AppFixture app)
{
    private const string Period = "from=2026-01-01&to=2026-12-31";

    [Fact]
    public async Task An_administrator_gets_the_pupils_entries_without_the_restricted_ones_and_a_dsl_gets_them_marked_sensitive()
    {
        var (pupil, upn) = await PupilOnPlanAsync();
        var dsl = app.Client(await app.TokenForAsync("dsl"));
        Assert.Equal(HttpStatusCode.OK, (await dsl.GetAsync($"/pupils/{pupil}/summary")).StatusCode); // an audited restricted read
        var senco = app.Client(await app.TokenForAsync("senco"));
        Assert.Equal(HttpStatusCode.OK, (await senco.GetAsync($"/pupils/{pupil}/summary")).StatusCode);
        await app.WithDbAsync(async db => Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.PupilId == pupil && a.Action == AuditActions.ViewedRestricted)));

        var admin = app.Client(await app.TokenForAsync("admin"));
        var response = await admin.GetAsync($"/admin/audit/extract.pdf?pupil={upn}&{Period}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var adminText = await PdfText.OfAsync(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains("Audit log extract", adminText, StringComparison.Ordinal);
        Assert.Contains($"UPN {upn}", adminText, StringComparison.Ordinal);
        Assert.Contains("PreferredForename", adminText, StringComparison.Ordinal); // the pupil's own changes are there; the CP record's are not
        Assert.DoesNotContain("Viewed", adminText, StringComparison.Ordinal);
        Assert.DoesNotContain("ChildProtection", adminText, StringComparison.Ordinal);
        Assert.DoesNotContain("OFFICIAL-SENSITIVE", adminText, StringComparison.Ordinal);
        Assert.Contains("OFFICIAL", adminText, StringComparison.Ordinal);

        var dslText = await PdfText.OfAsync(await dsl.GetByteArrayAsync($"/admin/audit/extract.pdf?pupil={upn}&{Period}"));
        Assert.Contains("Viewed", dslText, StringComparison.Ordinal); // "Viewed restricted record", wrapped in its column
        Assert.Contains("Dana Lead", dslText, StringComparison.Ordinal);
        Assert.DoesNotContain($"dsl@{AppFixture.Domain}", dslText, StringComparison.Ordinal); // staff by name, not sign-in e-mail
        Assert.Contains("OFFICIAL-SENSITIVE", dslText, StringComparison.Ordinal);

        await app.WithDbAsync(async db => Assert.Equal(2, await db.AuditEntries.CountAsync(a =>
            a.PupilId == pupil && a.Action == AuditActions.Exported && a.EntityType == "AuditExtract" && a.Detail!.StartsWith("audit extract (PDF)"))));
    }

    [Fact]
    public async Task A_staff_extract_lists_what_that_person_did()
    {
        await app.SignedInAsync("senco");
        var admin = await app.SignedInAsync("admin");
        var page = WebUtility.HtmlDecode(await admin.GetStringAsync($"/admin/audit/extract?staff=senco@{AppFixture.Domain}&{Period}"));
        Assert.Contains("Member of staff: Sol Senco", page, StringComparison.Ordinal);
        Assert.Contains("Signed in", page, StringComparison.Ordinal); // actions in staff's words, not the log's codes
        Assert.DoesNotContain("SignedIn", page, StringComparison.Ordinal);
        Assert.Contains("Staff account: Sol Senco", page, StringComparison.Ordinal); // the account by name, not its key
        Assert.Contains("Download PDF", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("from=2026-01-01&to=2026-12-31", "Enter a pupil&#x27;s UPN or a member of staff&#x27;s email address.")]
    [InlineData("pupil=X&staff=a@b.c&from=2026-01-01&to=2026-12-31", "Enter a pupil or a member of staff, not both.")]
    [InlineData("pupil=Z999999999999&from=2026-01-01&to=2026-12-31", "No pupil with UPN Z999999999999 that you may see.")]
    [InlineData("staff=nobody@example.org&from=2026-01-01&to=2026-12-31", "No member of staff with the email nobody@example.org.")]
    [InlineData("pupil=X&from=2026-05-01&to=2026-04-01", "The last day must be on or after the first day.")]
    [InlineData("pupil=X", "Enter the first day of the period.")]
    public async Task Bad_input_is_a_form_error_in_staff_words(string query, string message)
    {
        var admin = await app.SignedInAsync("admin");
        var response = await admin.GetAsync($"/admin/audit/extract?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var pdf = await admin.GetAsync($"/admin/audit/extract.pdf?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, pdf.StatusCode);
    }

    [Fact]
    public async Task Only_administrators_and_dsls_reach_the_extract()
    {
        var teacher = app.Client(await app.TokenForAsync("senco"));
        Assert.Equal(HttpStatusCode.Forbidden, (await teacher.GetAsync($"/admin/audit/extract.pdf?pupil=X&{Period}")).StatusCode);
        var hoy = await app.SignedInAsync("hoy7");
        Assert.Contains((await hoy.GetAsync("/admin/audit/extract")).StatusCode, new[] { HttpStatusCode.Redirect, HttpStatusCode.Forbidden });
        var dsl = await app.SignedInAsync("dsl");
        Assert.Contains("Audit log extract", await dsl.GetStringAsync("/admin"), StringComparison.Ordinal);
    }

    private async Task<(int Id, string Upn)> PupilOnPlanAsync() => await app.WithDbAsync(async db =>
    {
        var records = db.Set<ChildProtectionRecord>();
        var pupil = await db.Pupils.Where(p => !records.Any(r => r.PupilId == p.Id)).OrderBy(p => p.Id).FirstAsync();
        pupil.PreferredForename = "Extracted"; // an audited change that anyone with the audit permission may see
        records.Add(new ChildProtectionRecord
        {
            PupilId = pupil.Id, Status = ChildProtectionStatus.Cp, StartDate = new DateOnly(2026, 9, 7), RecordedAt = DateTime.UtcNow, RecordedByName = "Dana Lead",
        });
        await db.SaveChangesAsync();
        return (pupil.Id, pupil.Upn);
    });
}

public sealed class AuditExtractTests_Sqlite(SqliteApp app) : AuditExtractTests(app), IClassFixture<SqliteApp>;
public sealed class AuditExtractTests_Postgres(PostgresApp app) : AuditExtractTests(app), IClassFixture<PostgresApp>;
