using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Pastoral.Tests.Browser;
using static Microsoft.Playwright.Assertions;
using static Pastoral.Tests.Browser.BrowserFixture;

namespace Pastoral.Tests.Documents;

/// <summary>The Documents section, the pupil summary preview and the audit extract in a real Chromium, with axe on every page, at desktop and tablet width.</summary>
public sealed class DocumentsBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(1400, 1000)]
    [InlineData(820, 1180)]
    public async Task A_senco_adds_a_document_from_the_profile_and_opens_the_summary_preview(int width, int height)
    {
        var pupil = await browser.App.WithDbAsync(db => db.Pupils.OrderBy(p => p.Id).Skip(width == 1400 ? 3 : 4).Select(p => p.Id).FirstAsync());
        await using var session = await browser.NewSessionAsync(new ViewportSize { Width = width, Height = height });
        var page = session.Page;
        await browser.SignInAsync(page, "senco");
        await VisitAsync(page, $"/pupils/{pupil}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Documents" })).ToBeVisibleAsync();
        await Expect(page.GetByText("No documents yet.")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Add a document" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Add a document", Level = 1 })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await page.GetByLabel("Title").FillAsync("Speech and language assessment");
        await page.GetByLabel("SaLT report").CheckAsync();
        await page.GetByLabel("File").SetInputFilesAsync(new FilePayload { Name = "assessment.pdf", MimeType = "application/pdf", Buffer = AttachmentTests.Png });
        await page.GetByRole(AriaRole.Button, new() { Name = "Add document" }).ClickAsync();
        await Expect(page.GetByText("There is a problem")).ToBeVisibleAsync();
        await Expect(page.GetByText("its content is a PNG image").First).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Title")).ToHaveValueAsync("Speech and language assessment");
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "documents-add-error");

        await page.GetByLabel("File").SetInputFilesAsync(new FilePayload { Name = "assessment.pdf", MimeType = "application/pdf", Buffer = AttachmentTests.Pdf });
        await page.GetByRole(AriaRole.Button, new() { Name = "Add document" }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith($"/pupils/{pupil}#documents", StringComparison.Ordinal));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Speech and language assessment", Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator("#documents").GetByText("added by Sol Senco")).ToBeVisibleAsync();
        await Expect(page.GetByText("Document added: Speech and language assessment")).ToBeVisibleAsync(); // on the timeline too
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "documents-profile");

        await page.GetByRole(AriaRole.Link, new() { Name = "Pupil summary (PDF)" }).ClickAsync();
        await Expect(page.GetByText("Pupil summary ·")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Download PDF" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "summary-preview");
        Assert.DoesNotContain(session.ConsoleErrors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData(1400, 1000)]
    [InlineData(820, 1180)]
    public async Task An_administrator_finds_a_pupils_entries_and_previews_the_extract(int width, int height)
    {
        var upn = await browser.App.WithDbAsync(async db =>
        {
            var p = await db.Pupils.OrderBy(x => x.Id).Skip(width == 1400 ? 5 : 6).FirstAsync();
            p.PreferredForename = "Sunny"; // an audited change to find
            await db.SaveChangesAsync();
            return p.Upn;
        });
        await using var session = await browser.NewSessionAsync(new ViewportSize { Width = width, Height = height });
        var page = session.Page;
        await browser.SignInAsync(page, "admin");
        await VisitAsync(page, "/admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Audit log extract" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Audit log extract", Level = 1 })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Show entries" }).ClickAsync();
        await Expect(page.GetByText("Enter a pupil's UPN or a member of staff's email address.").First).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);

        await page.GetByLabel("Pupil's UPN").FillAsync(upn);
        await page.GetByLabel("From").FillAsync("2026-01-01");
        await page.GetByLabel("To").FillAsync("2026-12-31");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show entries" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "PreferredForename" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "audit-extract");

        await page.GetByRole(AriaRole.Link, new() { Name = "Preview" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Audit log extract", Level = 1 })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "audit-extract-preview");
    }
}
