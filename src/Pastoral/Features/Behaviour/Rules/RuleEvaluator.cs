using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Admin.Responsibilities;
using Pastoral.Features.Schools;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Notifications;

namespace Pastoral.Features.Behaviour.Rules;

/// <summary>The days a firing covers, and its key in the unique index (rule, pupil, window).</summary>
public sealed record RuleWindow(string Key, DateOnly Start, DateOnly End)
{
    public static RuleWindow Day(DateOnly day) => new($"day:{day:yyyy-MM-dd}", day, day);

    /// <summary>Monday to Sunday.</summary>
    public static RuleWindow Week(DateOnly day)
    {
        var monday = day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
        return new($"week:{monday:yyyy-MM-dd}", monday, monday.AddDays(6));
    }

    /// <summary>The half of <paramref name="term"/> that holds <paramref name="day"/>.</summary>
    public static RuleWindow HalfTerm(Term term, DateOnly day) => day < term.SecondHalfStartsOn
        ? new($"half-term:{term.StartsOn:yyyy-MM-dd}", term.StartsOn, term.SecondHalfStartsOn.AddDays(-1))
        : new($"half-term:{term.SecondHalfStartsOn:yyyy-MM-dd}", term.SecondHalfStartsOn, term.EndsOn);
}

/// <summary>
/// Evaluates the school's rules when an incident is logged (an <see cref="IIncidentLogged"/>, called by the core after its save).
/// Everything is read from the database (the pupil's parts in the window, whether the rule already fired), so it gives the same
/// answer whichever instance saved the incident. A firing, its notice and its audit entry are one save; the unique index on
/// (rule, pupil, window) makes a second firing in a race fail, and that save is dropped whole.
/// </summary>
public sealed class RuleEvaluator(PastoralDbContext db, SchoolClock clock, INotifier notifier, Responsibilities responsibilities,
    Caseloads caseloads, IRuleDetentions detentions, ILogger<RuleEvaluator> log) : IIncidentLogged
{
    public const string NoticeKind = "behaviour-rule";

    private static readonly RuleTrigger[] NegativeTriggers = [RuleTrigger.NegativesInDay, RuleTrigger.NegativesInWeek, RuleTrigger.NegativePointsInHalfTerm];
    private static readonly RuleTrigger[] PositiveTriggers = [RuleTrigger.PositivePointsInHalfTerm];

    /// <summary>
    /// Two queries whatever the number of rules and pupils: the school's active rules that this incident could trip, each with the
    /// day's term and its firings for these pupils around the day; then the pupils' own parts over the rules' windows. No such
    /// rule: the first query answers nothing and nothing else is read.
    /// </summary>
    public async Task IncidentLoggedAsync(LoggedIncident incident, CancellationToken ct)
    {
        var triggers = incident.Polarity == Polarity.Negative ? NegativeTriggers : PositiveTriggers;
        var pupils = incident.Pupils.Where(p => IncidentRoles.IsOwnBehaviour(p.Role)).Select(p => p.PupilId).Distinct().ToList();
        if (pupils.Count == 0) return;
        var (school, day, polarity) = (incident.SchoolId, incident.OccurredOn, incident.Polarity);
        var terms = db.AcademicYears.Where(y => y.SchoolId == school).SelectMany(y => y.Terms)
            .Where(t => t.StartsOn <= day && t.EndsOn >= day).OrderBy(t => t.StartsOn);
        var rules = await db.Set<BehaviourRule>().AsNoTracking()
            .Where(r => r.SchoolId == school && r.Active && triggers.Contains(r.Trigger)).OrderBy(r => r.Id)
            .Select(r => new
            {
                Rule = r,
                TermStartsOn = terms.Select(t => (DateOnly?)t.StartsOn).FirstOrDefault(),
                TermSecondHalf = terms.Select(t => (DateOnly?)t.SecondHalfStartsOn).FirstOrDefault(),
                TermEndsOn = terms.Select(t => (DateOnly?)t.EndsOn).FirstOrDefault(),
                Fired = db.Set<BehaviourRuleFiring>()
                    .Where(f => f.RuleId == r.Id && pupils.Contains(f.PupilId) && f.WindowStart <= day && f.WindowEnd >= day)
                    .Select(f => new { f.Id, f.PupilId, f.WindowKey }).ToList(),
            }).ToListAsync(ct);
        var windows = rules.Select(row => (row.Rule, row.Fired, Window: row.Rule.Trigger switch
        {
            RuleTrigger.NegativesInDay => RuleWindow.Day(day),
            RuleTrigger.NegativesInWeek => RuleWindow.Week(day),
            _ => row.TermStartsOn is { } starts && row.TermSecondHalf is { } second && row.TermEndsOn is { } ends
                ? RuleWindow.HalfTerm(new Term { StartsOn = starts, SecondHalfStartsOn = second, EndsOn = ends }, day) : null, // outside every term: no half-term
        })).Where(w => w.Window is not null).ToList();
        if (windows.Count == 0) return;
        var (from, to) = (windows.Min(w => w.Window!.Start), windows.Max(w => w.Window!.End));
        var parts = await db.Set<IncidentPupil>().AsNoTracking()
            .Where(p => pupils.Contains(p.PupilId) && p.Incident!.SchoolId == school && p.Incident.OccurredOn >= from && p.Incident.OccurredOn <= to
                && p.Incident.Type!.Polarity == polarity && (p.Role == IncidentRole.Instigator || p.Role == IncidentRole.Involved))
            .Select(p => new { p.PupilId, p.IncidentId, p.Points, p.Incident!.OccurredAt, p.Incident.OccurredOn }).ToListAsync(ct);
        foreach (var (rule, fired, window) in windows)
            foreach (var pupilId in pupils)
            {
                if (fired.Any(f => f.PupilId == pupilId && f.WindowKey == window!.Key)) continue;
                var counted = parts.Where(p => p.PupilId == pupilId && p.OccurredOn >= window!.Start && p.OccurredOn <= window.End).ToList();
                var met = rule.Trigger switch
                {
                    RuleTrigger.NegativesInDay or RuleTrigger.NegativesInWeek => counted.Count >= rule.Threshold,
                    RuleTrigger.NegativePointsInHalfTerm => counted.Sum(p => p.Points) <= -rule.Threshold,
                    _ => counted.Sum(p => p.Points) >= rule.Threshold,
                };
                if (!met) continue;
                var ids = counted.OrderBy(p => p.OccurredAt).ThenBy(p => p.IncidentId).Select(p => p.IncidentId).TakeLast(BehaviourRuleFiring.MaxIncidentIds);
                await FireAsync(rule, pupilId, window!, string.Join(',', ids), null, ct);
            }
    }

    /// <summary>
    /// A pupil missed a detention: fires the school's active "missed detention" rules, once per detention.
    /// MERGE: the detentions part's missed-detention hook (<c>IDetentionMissed</c>) calls this; see <see cref="MissedDetentionAdapter"/>.
    /// </summary>
    public async Task DetentionMissedAsync(int schoolId, int pupilId, long detentionId, DateOnly day, CancellationToken ct = default)
    {
        var rules = await db.Set<BehaviourRule>().AsNoTracking()
            .Where(r => r.SchoolId == schoolId && r.Active && r.Trigger == RuleTrigger.MissedDetention).OrderBy(r => r.Id).ToListAsync(ct);
        var window = new RuleWindow($"detention:{detentionId}", day, day);
        foreach (var rule in rules)
            if (!await FiredAsync(rule.Id, pupilId, window.Key, ct))
                await FireAsync(rule, pupilId, window, "", detentionId, ct);
    }

    private Task<bool> FiredAsync(int ruleId, int pupilId, string key, CancellationToken ct) =>
        db.Set<BehaviourRuleFiring>().AnyAsync(f => f.RuleId == ruleId && f.PupilId == pupilId && f.WindowKey == key, ct);

    private async Task FireAsync(BehaviourRule rule, int pupilId, RuleWindow window, string incidentIds, long? detentionId, CancellationToken ct)
    {
        var pupil = await db.Pupils.AsNoTracking().SingleAsync(p => p.Id == pupilId, ct);
        var firing = new BehaviourRuleFiring
        {
            RuleId = rule.Id, SchoolId = rule.SchoolId, PupilId = pupilId, WindowKey = window.Key, WindowStart = window.Start, WindowEnd = window.End,
            FiredAt = clock.UtcNow, RuleWords = rule.Words, IncidentIds = incidentIds, DetentionId = detentionId, Outcome = "",
        };
        var notice = new StaffNotice(NoticeKind, $"{pupil.DisplayName}: {rule.Words}", $"/pupils/{pupilId}#behaviour-rules") { SchoolId = rule.SchoolId };
        switch (rule.Action)
        {
            case RuleAction.NotifyMentor:
                var mentorIds = caseloads.CurrentOn(clock.Today()).Where(c => c.PupilId == pupilId).Select(c => c.StaffId);
                var mentors = await db.Users.Where(u => u.IsActive && mentorIds.Contains(u.Id))
                    .OrderBy(u => u.FullName).Select(u => new { u.Id, u.FullName }).ToListAsync(ct);
                notifier.Notify(db, mentors.Select(m => m.Id), notice);
                firing.Outcome = mentors.Count == 0 ? "No mentor to tell" : $"Told the mentor: {string.Join(", ", mentors.Select(m => m.FullName))}";
                break;
            case RuleAction.SetDetention:
                var set = await detentions.SetAsync(db, rule.SchoolId, pupilId, rule.Words, ct);
                firing.DetentionToSet = set is null;
                var told = await TellHeadsOfYearAsync(pupil.YearGroupId, set is null ? notice with { Title = $"Detention to set for {pupil.DisplayName}: {rule.Words}" } : notice, ct);
                firing.Outcome = (set ?? "Detention to set") + (told.Count == 0 ? "" : $"; told the head of year: {string.Join(", ", told)}");
                break;
            default:
                var heads = await TellHeadsOfYearAsync(pupil.YearGroupId, notice, ct);
                firing.Outcome = heads.Count == 0 ? "No head of year to tell" : $"Told the head of year: {string.Join(", ", heads)}";
                break;
        }
        db.Add(firing);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e)
        {
            // Another instance fired it first (the unique window), or the save failed: drop this firing, its notice and audit entry.
            foreach (var entry in db.ChangeTracker.Entries().Where(x => x.State == EntityState.Added).ToList()) entry.State = EntityState.Detached;
            log.LogInformation("Behaviour rule {RuleId} not fired again for pupil {PupilId} in {Window}: {Reason}", rule.Id, pupilId, window.Key, e.GetType().Name);
        }
    }

    private async Task<List<string>> TellHeadsOfYearAsync(int? yearGroupId, StaffNotice notice, CancellationToken ct)
    {
        if (yearGroupId is not { } year) return [];
        var heads = responsibilities.OfYearGroup(year, ResponsibilityKind.HeadOfYear);
        var people = await db.Users.Where(u => u.IsActive && heads.Contains(u.Id)).OrderBy(u => u.FullName).Select(u => new { u.Id, u.FullName }).ToListAsync(ct);
        notifier.Notify(db, people.Select(p => p.Id), notice);
        return [.. people.Select(p => p.FullName)];
    }
}
