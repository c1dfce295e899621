using System.Net;
using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Safeguarding;
using Pastoral.Security.Audit;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Documents;

/// <summary>The one-page pupil summary, as a PDF and its preview: what each viewer gets, its marking, and that CP reads are audited.</summary>
public abstract class PupilSummaryTests(AppFixture app)
{
    private const string SocialWorker = "Robin Ashdown-Summary";

    [Fact]
    public async Task A_viewer_without_safeguarding_access_gets_no_cp_text_and_the_marking_official()
    {
        var pupil = await PupilOnPlanAsync(skip: 0);
        var senco = app.Client(await app.TokenForAsync("senco"));
        var response = await senco.GetAsync($"/pupils/{pupil}/summary.pdf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        var text = await PdfText.OfAsync(await response.Content.ReadAsByteArrayAsync());
        var name = await NameAsync(pupil);
        Assert.Contains(name, text, StringComparison.Ordinal);
        Assert.Contains("Key contacts", text, StringComparison.Ordinal);
        Assert.Contains("Page 1 of 1", text, StringComparison.Ordinal);
        Assert.Contains("OFFICIAL", text, StringComparison.Ordinal);
        Assert.DoesNotContain("OFFICIAL-SENSITIVE", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Child protection", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(SocialWorker, text, StringComparison.Ordinal);
        Assert.DoesNotContain("(CP)", text, StringComparison.Ordinal);
        var preview = await senco.GetStringAsync($"/pupils/{pupil}/summary");
        Assert.Contains(name, preview, StringComparison.Ordinal);
        Assert.DoesNotContain(SocialWorker, preview, StringComparison.Ordinal);
        Assert.Contains($"href=\"/pupils/{pupil}/summary.pdf\"", preview, StringComparison.Ordinal);
        Assert.Equal(0, await SummaryReadsAsync(pupil));
    }

    [Fact]
    public async Task A_dsl_gets_the_cp_status_marked_official_sensitive_and_the_read_is_audited()
    {
        var pupil = await PupilOnPlanAsync(skip: 1);
        var dsl = app.Client(await app.TokenForAsync("dsl"));
        var text = await PdfText.OfAsync(await dsl.GetByteArrayAsync($"/pupils/{pupil}/summary.pdf"));
        Assert.Contains("OFFICIAL-SENSITIVE", text, StringComparison.Ordinal);
        Assert.Contains("Child protection plan", text, StringComparison.Ordinal);
        Assert.Contains(SocialWorker, text, StringComparison.Ordinal);
        Assert.Equal(1, await PdfText.PagesAsync(await dsl.GetByteArrayAsync($"/pupils/{pupil}/summary.pdf")));
        Assert.Equal(2, await SummaryReadsAsync(pupil)); // one audited read per document made
    }

    [Fact]
    public async Task A_pupil_out_of_scope_is_not_found_for_the_pdf_and_the_preview()
    {
        var year8 = await app.WithDbAsync(db => db.Pupils.Where(p => p.YearGroup!.NcYear == 8).Select(p => p.Id).FirstAsync());
        var hoy7 = app.Client(await app.TokenForAsync("hoy7"));
        Assert.Equal(HttpStatusCode.NotFound, (await hoy7.GetAsync($"/pupils/{year8}/summary.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await hoy7.GetAsync($"/pupils/{year8}/summary")).StatusCode);
        var governor = app.Client(await app.TokenForAsync("governor"));
        Assert.Equal(HttpStatusCode.Forbidden, (await governor.GetAsync($"/pupils/{year8}/summary.pdf")).StatusCode);
    }

    [Fact]
    public async Task The_summary_lists_current_plans_for_those_who_see_plans_and_leaves_them_out_for_reception()
    {
        // A pupil with an active plan from the demo, and a draft one added here that the summary must not list.
        var first = await app.WithDbAsync(db => db.Set<Pastoral.Features.Plans.Plan>().Where(x => x.Status == Pastoral.Features.Plans.PlanStatus.Active)
            .OrderBy(x => x.Id).Select(x => new { x.PupilId, Type = x.Type!.Name, x.Title }).FirstAsync());
        var (pupil, type, title) = (first.PupilId, first.Type, first.Title);
        var drafts = await app.WithDbAsync(db => db.Set<Pastoral.Features.Plans.Plan>().Where(x => x.PupilId == pupil && x.Status == Pastoral.Features.Plans.PlanStatus.Draft).Select(x => x.Title).ToListAsync());
        var archived = await app.WithDbAsync(db => db.Set<Pastoral.Features.Plans.Plan>().Where(x => x.PupilId == pupil && x.Status == Pastoral.Features.Plans.PlanStatus.Archived).Select(x => x.Title).ToListAsync());

        var senco = app.Client(await app.TokenForAsync("senco"));
        var text = await PdfText.OfAsync(await senco.GetByteArrayAsync($"/pupils/{pupil}/summary.pdf"));
        Assert.Contains("Current plans", text, StringComparison.Ordinal);
        Assert.Contains(type, text, StringComparison.Ordinal);
        var preview = WebUtility.HtmlDecode(await senco.GetStringAsync($"/pupils/{pupil}/summary"));
        Assert.Contains(title, preview, StringComparison.Ordinal);
        foreach (var other in drafts.Concat(archived).Where(t => t != title)) Assert.DoesNotContain(other, preview, StringComparison.Ordinal);

        // Reception (read-only) may see the pupil but not plans: no section at all, not even "No active plans".
        var reception = app.Client(await app.TokenForAsync("readonly"));
        var theirs = WebUtility.HtmlDecode(await reception.GetStringAsync($"/pupils/{pupil}/summary"));
        Assert.DoesNotContain("Current plans", theirs, StringComparison.Ordinal);
        Assert.DoesNotContain(title, theirs, StringComparison.Ordinal);
    }

    private async Task<int> PupilOnPlanAsync(int skip) => await app.WithDbAsync(async db =>
    {
        var records = db.Set<ChildProtectionRecord>();
        var id = await db.Pupils.Where(p => !records.Any(r => r.PupilId == p.Id)).OrderByDescending(p => p.Id).Skip(skip).Select(p => p.Id).FirstAsync();
        records.Add(new ChildProtectionRecord
        {
            PupilId = id, Status = ChildProtectionStatus.Cp, StartDate = new DateOnly(2026, 9, 7), LocalAuthority = "999 Demo County Council",
            SocialWorkerName = SocialWorker, SocialWorkerPhone = "07700 900555", RecordedAt = new DateTime(2026, 9, 7, 10, 0, 0, DateTimeKind.Utc), RecordedByName = "Dana Lead",
        });
        await db.SaveChangesAsync();
        return id;
    });

    private Task<string> NameAsync(int pupil) => app.WithDbAsync(async db => (await db.Pupils.SingleAsync(p => p.Id == pupil)).DisplayName);

    private Task<int> SummaryReadsAsync(int pupil) => app.WithDbAsync(db => db.AuditEntries.CountAsync(a =>
        a.PupilId == pupil && a.Action == AuditActions.ViewedRestricted && a.Detail != null && a.Detail.StartsWith("pupil summary")));
}

public sealed class PupilSummaryTests_Sqlite(SqliteApp app) : PupilSummaryTests(app), IClassFixture<SqliteApp>;
public sealed class PupilSummaryTests_Postgres(PostgresApp app) : PupilSummaryTests(app), IClassFixture<PostgresApp>;
