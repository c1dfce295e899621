using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Pastoral.Features.Safeguarding.Orders;
using Pastoral.Tests.Browser;
using static Microsoft.Playwright.Assertions;
using static Pastoral.Tests.Browser.BrowserFixture;

namespace Pastoral.Tests.Features.Safeguarding;

/// <summary>The DSL records a court order by keyboard; a teacher then sees the plain warning on the pupil's contacts, and not the order.</summary>
public sealed class CourtOrderBrowserTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(1400, 1000)]
    [InlineData(820, 1100)]
    public async Task A_dsl_adds_an_order_by_keyboard_and_a_teacher_sees_only_the_warning(int width, int height)
    {
        var (pupil, contact, contactName) = await fx.App.WithDbAsync(async db =>
        {
            var used = await db.Set<CourtOrder>().Select(o => o.PupilId).ToListAsync();
            var p = await db.Pupils.Where(x => x.YearGroup!.NcYear == 8 && x.Contacts.Count >= 2 && !used.Contains(x.Id)).OrderBy(x => x.Id).Select(x => x.Id).FirstAsync();
            var c = await db.PupilContacts.Where(x => x.PupilId == p).OrderBy(x => x.Priority).ThenBy(x => x.Id).Skip(1).FirstAsync();
            return (p, c.Id, $"{c.Forename} {c.Surname}");
        });
        await using (var dsl = await fx.NewSessionAsync(new() { Width = width, Height = height }))
        {
            var page = dsl.Page;
            await fx.SignInAsync(page, "dsl");
            await VisitAsync(page, $"/pupils/{pupil}/safeguarding/records");
            await ScreenshotAsync(page, "safeguarding-records-empty");
            await page.GetByRole(AriaRole.Link, new() { Name = "Add court order or contact restriction" }).FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForURLAsync(url => url.EndsWith("/safeguarding/records/orders", StringComparison.Ordinal));
            await AssertAccessibleAsync(page);
            // Saving with nothing chosen: the error summary, in staff's words.
            await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.Locator("#error-summary")).ToContainTextAsync("Choose the kind of order.");
            await AssertAccessibleAsync(page);
            await ScreenshotAsync(page, "court-order-form-errors");

            await Choose(page, "Prohibited steps order");
            await Choose(page, contactName, exact: false);
            await Choose(page, "May not collect the child");
            await Choose(page, "May not be given information about the child");
            await page.GetByLabel("Court", new() { Exact = true }).FillAsync("Demo Family Court");
            await page.GetByLabel("Court reference").FillAsync("ZZ26P01234");
            await page.GetByLabel("Terms of the order").FillAsync("BROWSERMARKER: the respondent may not remove the child from school.");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForURLAsync(url => url.Contains("saved=orders", StringComparison.Ordinal));
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("court order or contact restriction is saved");
            await Expect(page.Locator("#orders")).ToContainTextAsync("BROWSERMARKER");
            await AssertAccessibleAsync(page);
            await ScreenshotAsync(page, "safeguarding-records");
            await VisitAsync(page, $"/pupils/{pupil}");
            await ScreenshotAsync(page, "profile-dsl-orders");
        }
        await using var teacher = await fx.NewSessionAsync(new() { Width = width, Height = height });
        await fx.SignInAsync(teacher.Page, "teacher");
        await VisitAsync(teacher.Page, $"/pupils/{pupil}");
        await Expect(teacher.Page.Locator($"[data-contact-warning='{contact}']").First).ToContainTextAsync("Do not release the child to this person or give them any information");
        Assert.DoesNotContain("BROWSERMARKER", await teacher.Page.ContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("Prohibited steps", await teacher.Page.ContentAsync(), StringComparison.Ordinal);
        await ScreenshotAsync(teacher.Page, "profile-teacher-contact-warning");
        await fx.App.WithDbAsync(db => db.Set<CourtOrder>().Where(o => o.PupilId == pupil).ExecuteDeleteAsync()); // the next viewport starts empty
    }

    /// <summary>Selects a radio button or ticks a box from the keyboard: focus it, then Space.</summary>
    private static async Task Choose(IPage page, string label, bool exact = true)
    {
        await page.GetByLabel(label, new() { Exact = exact }).First.FocusAsync();
        await page.Keyboard.PressAsync("Space");
    }
}
