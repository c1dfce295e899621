using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Pastoral.Features.Safeguarding.Transfers;
using Pastoral.Tests.Browser;
using static Microsoft.Playwright.Assertions;
using static Pastoral.Tests.Browser.BrowserFixture;

namespace Pastoral.Tests.Features.Safeguarding;

/// <summary>The DSL opens the demo's overdue CP file transfer, reads the redaction review, and is told by keyboard that a sent date cannot be in the future.</summary>
public sealed class CpFileTransferBrowserTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(1280, 1000)]
    [InlineData(820, 1100)]
    public async Task A_dsl_reviews_an_overdue_transfer_and_the_send_form_refuses_a_future_date(int width, int height)
    {
        var transfer = await fx.App.WithDbAsync(db => db.Set<CpFileTransfer>().Where(t => t.SentOn == null).OrderBy(t => t.Id).Select(t => new { t.Id, t.PupilId }).FirstAsync());
        await using var dsl = await fx.NewSessionAsync(new() { Width = width, Height = height });
        var page = dsl.Page;
        await fx.SignInAsync(page, "dsl");
        await VisitAsync(page, $"/pupils/{transfer.PupilId}/safeguarding/records");
        await Expect(page.Locator("#cp-transfers")).ToContainTextAsync("Not sent within 5 school days");
        await ScreenshotAsync(page, "cp-transfers-records");
        await VisitAsync(page, $"/pupils/{transfer.PupilId}/safeguarding/cp-transfers/{transfer.Id}");
        await Expect(page.Locator("#review")).ToContainTextAsync("Redaction review");
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "cp-transfer-review");

        await page.GetByRole(AriaRole.Link, new() { Name = "Record sending or receipt of the CP file" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => url.Contains("/safeguarding/records/cp-transfers/", StringComparison.Ordinal));
        await page.GetByLabel("Date sent").FillAsync("2030-01-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes", Exact = true }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#error-summary")).ToContainTextAsync("The date sent cannot be in the future.");
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "cp-transfer-send-errors");

        await VisitAsync(page, $"/pupils/{transfer.PupilId}/safeguarding/cp-files/received");
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "cp-file-received");
        Assert.Null(await fx.App.WithDbAsync(db => db.Set<CpFileTransfer>().Where(t => t.Id == transfer.Id).Select(t => t.SentOn).SingleAsync()));
    }
}
