using Microsoft.Playwright;
using Pastoral.Infrastructure.Scheduling;
using static Microsoft.Playwright.Assertions;
using static Pastoral.Tests.Browser.BrowserFixture;

namespace Pastoral.Tests.Browser;

/// <summary>Administration → Scheduled jobs in a real Chromium: the jobs, the runs and the failed-only filter, by keyboard, at 1400 and 820 px.</summary>
public sealed class JobsPageBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly ViewportSize Wide = new() { Width = 1400, Height = 1000 };
    private static readonly ViewportSize Narrow = new() { Width = 820, Height = 1100 };

    [Theory]
    [InlineData(1400)]
    [InlineData(820)]
    public async Task An_administrator_sees_each_job_and_its_runs_and_can_show_only_the_failed_ones(int width)
    {
        const string job = "audit-chain-check";
        await browser.App.WithDbAsync(async db =>
        {
            if (db.JobRuns.Any()) return;
            var at = browser.App.Clock.GetUtcNow().UtcDateTime;
            db.JobRuns.AddRange(
                new JobRun { FireId = "b1", Job = "audit-anchor", Instance = "pastoral-1-4412-a81f3c", Occurrence = at.AddHours(-2), StartedAt = at.AddHours(-2), EndedAt = at.AddHours(-2).AddSeconds(1), Outcome = JobRunOutcome.Succeeded },
                new JobRun { FireId = "b2", Job = job, Instance = "pastoral-1-4412-a81f3c", Occurrence = at.AddHours(-1), StartedAt = at.AddHours(-1), EndedAt = at.AddHours(-1).AddSeconds(3), Outcome = JobRunOutcome.Failed, RetryScheduled = true,
                    Error = "The audit log is broken: 1 problem(s), first: Chain school-1: the log ends at entry 41 but 44 were written (entries removed from the end)." },
                new JobRun { FireId = "b3", Job = job, Instance = "pastoral-2-3107-0bd2e9", Occurrence = at.AddHours(-1), StartedAt = at.AddMinutes(-59), EndedAt = at.AddMinutes(-59).AddSeconds(2), Outcome = JobRunOutcome.Succeeded, Attempt = 1 });
            await db.SaveChangesAsync();
        });
        await using var session = await browser.NewSessionAsync(width == 1400 ? Wide : Narrow);
        var page = session.Page;
        await browser.SignInAsync(page, "admin");
        await VisitAsync(page, "/admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Scheduled jobs" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Scheduled jobs", Level = 1 })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        var jobs = page.Locator("#jobs");
        await Expect(jobs).ToContainTextAsync("audit-anchor-daily");
        await Expect(jobs).ToContainTextAsync("every day at 02:30");
        await Expect(page.Locator("#runs tbody tr")).ToHaveCountAsync(3);
        await Expect(page.Locator("#runs")).ToContainTextAsync("Failed, will retry");
        await Expect(page.Locator("#runs")).ToContainTextAsync("entries removed from the end");
        await AssertNoHorizontalOverflowAsync(page);
        await ScreenshotAsync(page, "admin-jobs");

        // Keyboard only: tick "Failed runs only" and apply.
        await page.GetByLabel("Failed runs only").FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("failedOnly=true"));
        await Expect(page.Locator("#runs tbody tr")).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("1 run");
        await AssertAccessibleAsync(page);
    }

    private static async Task AssertNoHorizontalOverflowAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        Assert.True(widths[0] <= widths[1] + 1, $"{page.Url} is {widths[0]}px wide in a {widths[1]}px window");
    }

    [Fact]
    public async Task A_teacher_is_refused_the_jobs_page()
    {
        await using var session = await browser.NewSessionAsync();
        var page = session.Page;
        await browser.SignInAsync(page, "teacher");
        var response = await page.GotoAsync("/admin/jobs");
        Assert.Equal(403, response!.Status);
        await Expect(page.Locator("body")).Not.ToContainTextAsync("audit-chain-check");
    }
}
