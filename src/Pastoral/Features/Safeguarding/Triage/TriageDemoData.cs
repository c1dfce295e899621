using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Safeguarding.Concerns;
using Pastoral.Infrastructure.Demo;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Triage;

/// <summary>
/// The DSL's triage of the demo concerns (after <see cref="ConcernsDemoData"/>): the first one (neglect) triaged with a summary, a decision
/// with its reason and two actions (one overdue), linked to the urgent one; the oldest closed with an outcome.
/// </summary>
public sealed class TriageDemoData : IDemoData
{
    public int Order => 72;

    public async Task AddAsync(DemoContext demo, CancellationToken ct)
    {
        if (demo.Schools.Count == 0) return;
        var school = demo.Schools[0].Id;
        var concerns = await demo.Db.Set<SafeguardingConcern>().AsNoTracking().Where(c => c.SchoolId == school && c.OpenedAt != null)
            .OrderBy(c => c.RaisedAt).Select(c => new { c.Id, c.PupilId, c.RaisedAt, c.Urgent }).ToListAsync(ct);
        var dsl = await demo.Db.Users.AsNoTracking().Where(u => u.Email == $"dsl@{StaffDemoData.Domain}").Select(u => new { u.Id, u.FullName }).FirstOrDefaultAsync(ct);
        var hoy = await demo.Db.Users.AsNoTracking().Where(u => u.Email == $"hoy8@{StaffDemoData.Domain}").Select(u => new { u.Id, u.FullName }).FirstOrDefaultAsync(ct);
        if (concerns.Count < 2 || dsl is null || hoy is null) return;
        // The first concern raised (the neglect one) is the one triaged; the urgent one is linked to it; the oldest is closed.
        var triaged = concerns.MinBy(c => c.Id)!;
        var oldest = concerns.First(c => c.Id != triaged.Id);
        var linked = concerns.FirstOrDefault(c => c.Urgent && c.Id != triaged.Id && c.Id != oldest.Id) ?? oldest;
        var at = triaged.RaisedAt.AddHours(1);
        demo.Db.Add(new ConcernTriage
        {
            ConcernId = triaged.Id, PupilId = triaged.PupilId, ChangedAt = at, ChangedByName = dsl.FullName,
            Summary = "Third morning without a coat or breakfast; the pupil said a parent has not been getting up in the mornings. No disclosure of harm.",
            FollowUp = "DSL spoke with the pupil the same day with the form tutor present, then phoned the parent, who said they have been unwell and asked for help.",
        });
        demo.Db.Add(new SafeguardingDecision
        {
            ConcernId = triaged.Id, PupilId = triaged.PupilId, Kind = DecisionKind.Decision, At = at, ById = dsl.Id, ByName = dsl.FullName,
            Decision = "Offer an Early Help assessment and school-based support; no referral to children's social care at this point.",
            Reason = "No disclosure of harm; the parent is engaged and asking for help; needs met at level 2 of the local threshold guidance.",
        });
        var today = demo.Today;
        demo.Db.Add(new SafeguardingAction
        {
            PupilId = triaged.PupilId, SchoolId = school, SourceType = ActionSource.Concern, SourceId = triaged.Id, OwnerId = hoy.Id, OwnerName = hoy.FullName,
            Text = "Check in with the pupil each morning this week and tell the DSL of any change.", DueOn = today.AddDays(-1), CreatedAt = at, CreatedByName = dsl.FullName,
        });
        demo.Db.Add(new SafeguardingAction
        {
            PupilId = triaged.PupilId, SchoolId = school, SourceType = ActionSource.Concern, SourceId = triaged.Id, OwnerId = dsl.Id, OwnerName = dsl.FullName,
            Text = "Send the Early Help consent form home and book the first meeting.", DueOn = today.AddDays(5), CreatedAt = at, CreatedByName = dsl.FullName,
        });
        if (linked.Id != triaged.Id)
            demo.Db.Add(new ConcernLink { ConcernId = triaged.Id, PupilId = triaged.PupilId, LinkedConcernId = linked.Id, LinkedPupilId = linked.PupilId, ByName = dsl.FullName, At = at });
        var closedAt = oldest.RaisedAt.AddDays(3);
        const string outcome = "Young carer assessment completed with the family; Monday cover arranged by the local authority, and attendance on Mondays is back to normal.";
        demo.Db.Add(new ConcernTriage { ConcernId = oldest.Id, PupilId = oldest.PupilId, ChangedAt = closedAt, ChangedByName = dsl.FullName, Outcome = outcome,
            Summary = "Missing most Mondays to look after a grandparent." });
        demo.Db.Add(new SafeguardingDecision
        {
            ConcernId = oldest.Id, PupilId = oldest.PupilId, Kind = DecisionKind.Closed, At = closedAt, ById = dsl.Id, ByName = dsl.FullName,
            Decision = outcome, Reason = "Closed with this outcome",
        });
        await demo.Db.Set<SafeguardingConcern>().Where(c => c.Id == oldest.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ConcernStatus.Closed), ct);
        await demo.FlushAsync(ct);
        demo.Count("safeguarding decisions", 2);
        demo.Count("safeguarding actions", 2);
    }
}
