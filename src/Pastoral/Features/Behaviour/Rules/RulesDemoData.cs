using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Admin.Responsibilities;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Demo;

namespace Pastoral.Features.Behaviour.Rules;

/// <summary>
/// Each school's starting rules (3 negatives in a day → the head of year; 5 in a week → a detention; 20 positive points in a
/// half-term → the head of year), and their firings over the demo incidents so far, worked out the same way the evaluator does.
/// </summary>
public sealed class RulesDemoData(SchoolClock clock) : IDemoData
{
    public int Order => 56;

    public async Task AddAsync(DemoContext demo, CancellationToken ct)
    {
        var db = demo.Db;
        var now = clock.UtcNow;
        var firings = 0;
        foreach (var school in demo.Schools)
        {
            var day = new BehaviourRule { SchoolId = school.Id, Trigger = RuleTrigger.NegativesInDay, Threshold = 3, Action = RuleAction.NotifyHeadOfYear, CreatedAt = now };
            var week = new BehaviourRule { SchoolId = school.Id, Trigger = RuleTrigger.NegativesInWeek, Threshold = 5, Action = RuleAction.SetDetention, CreatedAt = now };
            var praise = new BehaviourRule { SchoolId = school.Id, Trigger = RuleTrigger.PositivePointsInHalfTerm, Threshold = 20, Action = RuleAction.NotifyHeadOfYear, CreatedAt = now };
            db.AddRange(day, week, praise);
            await db.SaveChangesAsync(ct);

            var negatives = await db.Set<IncidentPupil>().AsNoTracking()
                .Where(p => p.Incident!.SchoolId == school.Id && p.Incident.Type!.Polarity == Polarity.Negative && (p.Role == IncidentRole.Instigator || p.Role == IncidentRole.Involved))
                .Select(p => new { p.PupilId, p.IncidentId, p.Incident!.OccurredOn, p.Incident.OccurredAt }).ToListAsync(ct);
            var heads = await db.Set<StaffResponsibility>().AsNoTracking().Where(r => r.Kind == ResponsibilityKind.HeadOfYear && r.YearGroupId != null)
                .Join(db.Users, r => r.StaffId, u => u.Id, (r, u) => new { YearGroupId = r.YearGroupId!.Value, u.FullName }).ToListAsync(ct);
            var years = await db.Pupils.AsNoTracking().Where(p => p.SchoolId == school.Id).Select(p => new { p.Id, p.YearGroupId }).ToDictionaryAsync(p => p.Id, p => p.YearGroupId, ct);
            string Heads(int pupilId) => years.GetValueOrDefault(pupilId) is { } y && heads.Where(h => h.YearGroupId == y).Select(h => h.FullName).ToList() is { Count: > 0 } names
                ? $"Told the head of year: {string.Join(", ", names)}" : "No head of year to tell";

            foreach (var (rule, window, count) in new[] { (day, (Func<DateOnly, RuleWindow>)RuleWindow.Day, 3), (week, RuleWindow.Week, 5) })
            {
                foreach (var g in negatives.GroupBy(n => (n.PupilId, window(n.OccurredOn).Key)).Where(g => g.Count() >= count))
                {
                    var ordered = g.OrderBy(n => n.OccurredAt).ThenBy(n => n.IncidentId).ToList();
                    var w = window(ordered[0].OccurredOn);
                    var at = ordered[count - 1].OccurredAt.AddMinutes(1);
                    db.Add(new BehaviourRuleFiring
                    {
                        RuleId = rule.Id, SchoolId = school.Id, PupilId = g.Key.PupilId, WindowKey = w.Key, WindowStart = w.Start, WindowEnd = w.End,
                        FiredAt = at > now ? now : at, RuleWords = rule.Words, IncidentIds = string.Join(',', ordered.Take(count).Select(n => n.IncidentId)),
                        DetentionToSet = rule.Action == RuleAction.SetDetention,
                        Outcome = rule.Action == RuleAction.SetDetention ? $"Detention to set; {Heads(g.Key.PupilId).Replace("Told", "told", StringComparison.Ordinal)}" : Heads(g.Key.PupilId),
                    });
                    firings++;
                }
            }
            await db.SaveChangesAsync(ct);
        }
        demo.Count("behaviour rule firings", firings);
    }
}
