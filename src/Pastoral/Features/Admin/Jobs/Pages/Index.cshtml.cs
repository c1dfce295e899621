using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure.Scheduling;
using Pastoral.Security;
using Quartz;

namespace Pastoral.Features.Admin.Jobs.Pages;

public sealed record JobRow(string Name, string Description, string Schedule, DateTime? NextUtc, string? NextNote, JobRunOutcome? LastOutcome, DateTime? LastStartedUtc);
public sealed record RunRow(string Job, string? School, DateTime StartedUtc, DateTime? EndedUtc, JobRunOutcome Outcome, int Attempt, bool RetryScheduled, string Instance, string? Error);

[Authorize(Policy = Policies.ManageSchools)]
public sealed class IndexModel(PastoralDbContext db, IEnumerable<ScheduledJobRegistration> registrations, ISchedulerFactory schedulers) : PageModel
{
    public const int PageSize = 50;
    public List<JobRow> Jobs { get; } = [];
    public List<RunRow> Runs { get; private set; } = [];
    public int Total { get; private set; }
    public List<string> JobNames { get; private set; } = [];

    [BindProperty(SupportsGet = true)] public string? Job { get; set; }
    [BindProperty(SupportsGet = true)] public bool FailedOnly { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var scheduler = await schedulers.GetScheduler(ct);
        foreach (var registration in registrations.OrderBy(r => r.Name, StringComparer.Ordinal))
        {
            var triggers = await scheduler.GetTriggersOfJob(JobTriggers.KeyOf(registration.Name), ct);
            var next = triggers.Select(t => t.NextFireTimeUtc).Where(t => t is not null).Min();
            var note = registration.Schedule.Kind == JobScheduleKind.SchoolDays
                ? triggers.Count == 0 ? "No school days entered ahead: add next year's terms in school set-up" : $"for {triggers.Count} school(s)"
                : next is null && registration.Schedule.Kind == JobScheduleKind.Once && triggers.Count == 0 ? "Done: it runs once"
                : next is null ? "Not scheduled yet: the scheduler plans it when the server starts" : null;
            var previous = await db.JobRuns.AsNoTracking().Where(r => r.Job == registration.Name).OrderByDescending(r => r.StartedAt)
                .Select(r => new { r.Outcome, r.StartedAt }).FirstOrDefaultAsync(ct);
            Jobs.Add(new JobRow(registration.Name, registration.Description, registration.Schedule.Definition, next?.UtcDateTime, note,
                previous?.Outcome, previous?.StartedAt));
        }
        JobNames = Jobs.Select(j => j.Name).ToList();
        if (Job is not null && !JobNames.Contains(Job)) Job = null;

        var runs = db.JobRuns.AsNoTracking();
        if (Job is not null) runs = runs.Where(r => r.Job == Job);
        if (FailedOnly) runs = runs.Where(r => r.Outcome == JobRunOutcome.Failed);
        Total = await runs.CountAsync(ct);
        var schools = await db.Schools.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        Runs = (await runs.OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).Take(PageSize).ToListAsync(ct))
            .Select(r => new RunRow(r.Job, r.SchoolId is { } id ? schools.GetValueOrDefault(id) : null, r.StartedAt, r.EndedAt,
                r.Outcome, r.Attempt, r.RetryScheduled, r.Instance, r.Error))
            .ToList();
    }
}
