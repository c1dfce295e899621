using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Pages;

/// <summary>
/// The school's behaviour page: today's and this week's incidents for pupils in scope (each row only what the viewer may see),
/// points by year group this week, and the links to each part of behaviour (<see cref="Links"/>: add a line for a new part).
/// </summary>
[Authorize(Policy = nameof(BehaviourModule.ViewBehaviour))]
public sealed class IndexModel(PastoralDbContext db, CurrentStaff current, SchoolClock clock) : PageModel
{
    public sealed record Row(int IncidentId, DateTime At, string Type, Polarity Polarity, string Pupils, int Points, bool Whole);
    public sealed record YearRow(string Year, int Positive, int Negative, int Incidents);
    public sealed record LinkRow(string Label, string Path, StaffAction Requires);

    /// <summary>The parts of behaviour, in order; each shows to staff who may use it.</summary>
    public static readonly List<LinkRow> Links =
    [
        new("Log behaviour", "/behaviour/log", BehaviourModule.LogBehaviour),
        new("On call: open requests", "/behaviour/on-call", OnCall.OnCallModule.RespondOnCall),
        new("On call: response times", "/behaviour/on-call/report", OnCall.OnCallModule.ManageOnCall),
        new("Detentions: sittings and registers", "/behaviour/detentions", Detentions.DetentionsModule.ManageDetentions),
        new("Inclusion unit: who is in isolation today", "/behaviour/isolation", Isolation.IsolationModule.ManageIsolation),
        new("Overdue behaviour reviews", "/behaviour/reviews", Restorative.RestorativeModule.RecordRestorative),
        new("Suspensions and exclusions", "/behaviour/exclusions", Exclusions.ExclusionsModule.ViewExclusions),
        new("Alternative provision, part-time timetables and managed moves", "/behaviour/provision", Provision.ProvisionModule.ManageProvision),
        new("Patterns: when, where and whose behaviour is rising", "/behaviour/patterns", BehaviourModule.ViewBehaviour),
        new("Year group leaderboard (positive points by form)", "/rewards/leaderboard", BehaviourModule.ViewBehaviour),
        new("Reward events and trips", "/rewards/events", Rewards.RewardsModule.ManageRewards),
        new("Behaviour types", "/admin/behaviour", BehaviourModule.ManageBehaviour),
        new("Behaviour rules", "/admin/behaviour/rules", BehaviourModule.ManageBehaviour),
        new("Detention types", "/admin/behaviour/detentions", BehaviourModule.ManageBehaviour),
    ];

    public List<Row> Today { get; private set; } = [];
    public List<Row> Week { get; private set; } = [];
    public List<YearRow> Years { get; private set; } = [];
    public List<LinkRow> Offered { get; private set; } = [];
    public DateOnly WeekStart { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        Offered = [.. Links.Where(l => staff.May(l.Requires))];
        var today = clock.Today();
        WeekStart = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var parts = await db.VisibleParts(staff).AsNoTracking()
            .Where(p => p.Incident!.OccurredOn >= WeekStart && p.Incident.OccurredOn <= today)
            .Join(db.Pupils, p => p.PupilId, x => x.Id, (p, x) => new
            {
                p.IncidentId, p.Incident!.OccurredAt, Type = p.Incident.Type!.Name, p.Incident.Type.Polarity, p.Points, p.Role,
                Name = (x.PreferredForename ?? x.LegalForename) + " " + (x.PreferredSurname ?? x.LegalSurname),
                NcYear = x.YearGroup!.NcYear, Year = x.YearGroup.Name,
            }).ToListAsync(ct);
        var ids = parts.Select(p => p.IncidentId).Distinct().ToList();
        var whole = (await db.Set<BehaviourIncident>().Where(i => ids.Contains(i.Id)).FullyVisible(staff, db).Select(i => i.Id).ToListAsync(ct)).ToHashSet();
        var rows = parts.GroupBy(p => p.IncidentId).Select(g => new Row(g.Key, g.First().OccurredAt, g.First().Type, g.First().Polarity,
                string.Join(", ", g.Select(p => p.Role == IncidentRole.Instigator ? p.Name : $"{p.Name} ({IncidentRoles.Word(p.Role)})")),
                g.Sum(p => p.Points), whole.Contains(g.Key)))
            .OrderByDescending(r => r.At).ToList();
        Today = [.. rows.Where(r => DateOnly.FromDateTime(SchoolClock.ToLocal(r.At)) == today)];
        Week = rows;
        Years = [.. parts.GroupBy(p => (p.NcYear, p.Year)).OrderBy(g => g.Key.NcYear).Select(g => new YearRow(g.Key.Year, g.Where(p => p.Points > 0).Sum(p => p.Points),
            g.Where(p => p.Points < 0).Sum(p => p.Points), g.Select(p => p.IncidentId).Distinct().Count()))];
    }
}
