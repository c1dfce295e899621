using System.Collections.Concurrent;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure.Scheduling;
using Pastoral.Tests.Infrastructure;
using Quartz;

namespace Pastoral.Tests.Platform;

/// <summary>What the test jobs did, shared by every instance of one fixture.</summary>
public sealed class SchedulerProbe
{
    public ConcurrentQueue<string> Ran { get; } = new();
}

/// <summary>The app with its scheduler running (other fixtures leave hosted services out) and two test jobs declared.</summary>
public abstract class SchedulerApp(DatabaseProvider provider) : AppFixture(provider)
{
    public SchedulerProbe Probe { get; } = new();
    /// <summary>Far enough ahead that the job is planned but never fires by itself; tests move it.</summary>
    public DateTimeOffset OnceAt { get; } = Start.AddDays(30);

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton(Probe);
        services.AddScheduledJob<FlakyJob>("test-flaky", JobSchedule.Once(OnceAt), "Fails on its first attempt",
            RetryPolicy.Fixed(2, TimeSpan.FromSeconds(1)));
        services.AddScheduledJob<CountingJob>("test-once", JobSchedule.Once(OnceAt), "Counts its runs", RetryPolicy.None);
        services.AddScheduledJob<CountingJob>("test-school-day", JobSchedule.SchoolDaysAt("08:45"), "Counts its runs on school days", RetryPolicy.None);
        services.AddSchedulerHost();
    }

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Scheduler:IdleWaitSeconds"] = "1" };

    public IScheduler Scheduler(Microsoft.AspNetCore.Builder.WebApplication? instance = null) =>
        (instance ?? App).Services.GetRequiredService<ISchedulerFactory>().GetScheduler().AsTask().GetAwaiter().GetResult();

    public async Task<List<JobRun>> WaitForRunsAsync(string job, Func<List<JobRun>, bool> done)
    {
        var runs = new List<JobRun>();
        for (var i = 0; i < 300; i++)
        {
            runs = await WithDbAsync(db => db.JobRuns.AsNoTracking().Where(r => r.Job == job).OrderBy(r => r.Id).ToListAsync());
            if (done(runs)) return runs;
            await Task.Delay(100);
        }
        throw new TimeoutException($"The runs of {job} never came to the expected state: " +
            string.Join("; ", runs.Select(r => $"{r.Attempt} {r.Outcome} {r.RetryScheduled} {r.Error}")));
    }
}

public sealed class FlakyJob(SchedulerProbe probe) : IScheduledJob
{
    public Task RunAsync(ScheduledRun run, CancellationToken ct)
    {
        if (run.Attempt == 0) throw new InvalidOperationException("The register export failed on purpose");
        probe.Ran.Enqueue($"flaky attempt {run.Attempt}");
        return Task.CompletedTask;
    }
}

public sealed class CountingJob(SchedulerProbe probe) : IScheduledJob
{
    public async Task RunAsync(ScheduledRun run, CancellationToken ct)
    {
        probe.Ran.Enqueue($"once {run.Occurrence:O}");
        await Task.Delay(300, ct);
    }
}

public abstract class SchedulerTests(SchedulerApp app)
{
    [Fact]
    public async Task A_job_that_throws_is_recorded_as_failed_with_its_error_and_retried()
    {
        var scheduler = app.Scheduler();
        var key = new TriggerKey("test-flaky", JobTriggers.Group);
        var trigger = (await scheduler.GetTrigger(key))!.GetTriggerBuilder().StartAt(app.Clock.GetUtcNow()).Build();
        await scheduler.RescheduleJob(key, trigger);

        // The scheduler reads the app's clock, which stands still: the first attempt is due now, the retry a second later.
        var failed = await app.WaitForRunsAsync("test-flaky", r => r.Count == 1 && r[0].Outcome != JobRunOutcome.Running);
        Assert.Equal(JobRunOutcome.Failed, failed[0].Outcome);
        app.Clock.Advance(TimeSpan.FromSeconds(2));
        var runs = await app.WaitForRunsAsync("test-flaky", r => r.Count == 2 && r.All(x => x.Outcome != JobRunOutcome.Running));
        Assert.Equal(JobRunOutcome.Failed, runs[0].Outcome);
        Assert.Equal("The register export failed on purpose", runs[0].Error);
        Assert.True(runs[0].RetryScheduled);
        Assert.Equal(0, runs[0].Attempt);
        Assert.NotNull(runs[0].EndedAt);
        Assert.Equal(JobRunOutcome.Succeeded, runs[1].Outcome);
        Assert.Equal(1, runs[1].Attempt);
        Assert.Null(runs[1].Error);
        Assert.Equal(runs[0].Occurrence, runs[1].Occurrence); // a retry is the same occurrence
        Assert.Contains("flaky attempt 1", app.Probe.Ran);
    }

    [Fact]
    public async Task A_closure_day_saved_on_the_calendar_page_moves_the_school_day_trigger_at_once()
    {
        var school = await app.WithDbAsync(db => db.Schools.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync());
        var key = new TriggerKey(JobTriggers.SchoolTriggerName("test-school-day", school), JobTriggers.Group);
        // Plan once by the still clock first: the trigger stored at start counts from the real time (Quartz's first-fire computation).
        await app.App.Services.GetRequiredService<JobPlanner>().PlanAsync();
        var before = (await app.Scheduler().GetTrigger(key))!.NextFireTimeUtc!.Value;
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(before, Pastoral.Infrastructure.SchoolClock.London).DateTime);

        var admin = app.Client(await app.TokenForAsync("admin"));
        var form = await Features.Admin.AdminTestAccounts.OpenFormAsync(admin, $"/admin/school/{school}/calendar");
        var blank = form.Keys.First(k => k.StartsWith("Input.Closures[", StringComparison.Ordinal) && k.EndsWith("].Date", StringComparison.Ordinal) && form[k].Length == 0);
        form[blank] = $"{day:yyyy-MM-dd}";
        form[blank.Replace(".Date", ".Reason", StringComparison.Ordinal)] = "Boiler failure";
        var saved = await admin.PostAsync($"/admin/school/{school}/calendar", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        // No restart and no nightly refresh: the page planned again, so the trigger now skips the closed day.
        var after = (await app.Scheduler().GetTrigger(key))!.NextFireTimeUtc!.Value;
        Assert.True(after > before.AddDays(1).AddHours(-1), $"next fire {after:O} should be after the closure day {day}");
        Assert.NotEqual(day, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(after, Pastoral.Infrastructure.SchoolClock.London).DateTime));
        Assert.Equal(before.TimeOfDay, after.TimeOfDay);
    }

    [Fact]
    public async Task Runs_are_listed_for_administrators_and_refused_to_others()
    {
        await app.WithDbAsync(async db =>
        {
            db.JobRuns.Add(new JobRun { FireId = "listed-1", Job = "audit-chain-check", Instance = "node-a", Occurrence = DateTime.UtcNow, StartedAt = DateTime.UtcNow,
                EndedAt = DateTime.UtcNow, Outcome = JobRunOutcome.Failed, Error = "The audit log is broken: 1 problem(s)" });
            await db.SaveChangesAsync();
        });
        var admin = await app.SignedInAsync("admin");
        var page = await admin.GetAsync("/admin/jobs");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains("audit-chain-check", html);
        Assert.Contains("The audit log is broken: 1 problem(s)", html);
        Assert.Contains("audit-anchor", html);
        Assert.Contains("every hour", html);
        var teacher = await app.SignedInAsync("teacher");
        var refused = await teacher.GetAsync("/admin/jobs");
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.DoesNotContain("audit-chain-check", await refused.Content.ReadAsStringAsync());
    }
}

public sealed class SqliteSchedulerApp() : SchedulerApp(DatabaseProvider.Sqlite);
public sealed class PostgresSchedulerApp() : SchedulerApp(DatabaseProvider.Postgres);
public sealed class SchedulerTests_Sqlite(SqliteSchedulerApp app) : SchedulerTests(app), IClassFixture<SqliteSchedulerApp>;

public sealed class SchedulerTests_Postgres(PostgresSchedulerApp app) : SchedulerTests(app), IClassFixture<PostgresSchedulerApp>
{
    [Fact]
    public async Task Two_instances_on_one_database_run_each_occurrence_of_a_once_only_job_exactly_once()
    {
        await using var second = app.BuildApp();
        await second.StartAsync();
        var scheduler = app.Scheduler();
        var key = new TriggerKey("test-once", JobTriggers.Group);
        // Ten occurrences just ahead of the (standing) clock: both instances poll every second and race for each when it moves.
        var at = app.Clock.GetUtcNow().AddSeconds(1);
        await scheduler.UnscheduleJob(key);
        for (var i = 0; i < 10; i++)
            await scheduler.ScheduleJob(TriggerBuilder.Create().WithIdentity($"test-once-{i}", JobTriggers.Group).ForJob(JobTriggers.KeyOf("test-once"))
                .StartAt(at).WithRetryPolicy(RetryPolicy.None).Build(), ScheduleJobOptions.Replacing);

        await Task.Delay(2500); // both instances have polled the store with the ten triggers not yet due
        app.Clock.Advance(TimeSpan.FromSeconds(2));
        var runs = await app.WaitForRunsAsync("test-once", r => r.Count >= 10 && r.All(x => x.Outcome != JobRunOutcome.Running));
        await Task.Delay(3000); // any second run of an occurrence would have started by now
        runs = await app.WithDbAsync(db => db.JobRuns.AsNoTracking().Where(r => r.Job == "test-once").ToListAsync());
        Assert.Equal(10, runs.Count);
        Assert.Equal(10, app.Probe.Ran.Count(r => r.StartsWith("once", StringComparison.Ordinal)));
        Assert.All(runs, r => Assert.Equal(JobRunOutcome.Succeeded, r.Outcome));

        // A third instance starting later does not schedule the once-only job again: it has run.
        await using var third = app.BuildApp();
        await third.StartAsync();
        Assert.False(await scheduler.Exists(key));
        Assert.False(await app.Scheduler(third).Exists(key));
        await third.StopAsync();
        await second.StopAsync();
    }
}
