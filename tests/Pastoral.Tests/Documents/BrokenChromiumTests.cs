using System.Net;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure.Documents;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Documents;

/// <summary>A Chromium that will not start: the PDF is a 503 in staff's words, never a 500, and the preview still works.</summary>
public sealed class BrokenChromiumTests(BrokenChromiumTests.NoChromiumApp app) : IClassFixture<BrokenChromiumTests.NoChromiumApp>
{
    public sealed class NoChromiumApp() : AppFixture(DatabaseProvider.Sqlite)
    {
        protected override void ConfigureServices(IServiceCollection services) =>
            services.Configure<DocumentSettings>(o => o.ChromiumPath = "/nonexistent/chromium");
    }

    [Fact]
    public async Task Without_a_browser_the_pdf_is_a_503_with_a_clear_message_and_the_preview_still_works()
    {
        var pupil = await app.WithDbAsync(db => db.Pupils.OrderBy(p => p.Id).Select(p => p.Id).FirstAsync());
        var senco = await app.SignedInAsync("senco");
        var pdf = await senco.GetAsync($"/pupils/{pupil}/summary.pdf");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, pdf.StatusCode);
        Assert.Contains("The PDF could not be made just now", await pdf.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await senco.GetAsync($"/pupils/{pupil}/summary")).StatusCode);
    }
}
