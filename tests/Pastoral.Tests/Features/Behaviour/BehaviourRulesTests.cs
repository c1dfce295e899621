using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Behaviour;
using Pastoral.Features.Behaviour.Detentions;
using Pastoral.Features.Behaviour.Rules;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Security;
using Pastoral.Security.Audit;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Behaviour;

/// <summary>Issue 9 item 10: each rule kind fires exactly once at its threshold and not below, from the database, and shows where staff look.</summary>
public abstract class BehaviourRulesTests(BehaviourApp app)
{
    // Sunday: the demo logs nothing at weekends, so a pupil's day starts empty.
    private const string Sunday = "2026-11-22";

    private Task<int> SchoolAsync() => app.WithDbAsync(db => db.Schools.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync());

    private async Task<int> RuleAsync(RuleTrigger trigger, int threshold, RuleAction action = RuleAction.NotifyHeadOfYear)
    {
        var school = await SchoolAsync();
        return await app.WithDbAsync(async db =>
        {
            var rule = new BehaviourRule { SchoolId = school, Trigger = trigger, Threshold = threshold, Action = action };
            db.Add(rule);
            await db.SaveChangesAsync();
            return rule.Id;
        });
    }

    /// <summary>Pupils in a year with no negative part at all this year, so their counts start at nothing.</summary>
    private Task<int> CleanPupilAsync(int ncYear, int skip) => app.WithDbAsync(db => db.Pupils
        .Where(p => p.YearGroup!.NcYear == ncYear && p.OnRollTo == null && !db.Set<IncidentPupil>().Any(ip => ip.PupilId == p.Id && ip.Points < 0))
        .OrderBy(p => p.Id).Skip(skip).Select(p => p.Id).FirstAsync());

    private async Task<int> LogAsync(string type, string at, int pupil, string role = "instigator", int? points = null, string? description = null)
    {
        var staff = await app.StaffAsync("head");
        var result = await app.WithServicesAsync(sp => sp.GetRequiredService<BehaviourRecorder>().LogAsync(staff, new IncidentInput
        {
            Type = type, OccurredAt = at, Description = description, Pupils = [new IncidentPupilInput(pupil.ToString(), role, points)],
        }));
        Assert.True(result.Saved, string.Join("; ", result.Problems.SelectMany(p => p.Value)));
        return result.Incident!.Id;
    }

    private Task<List<BehaviourRuleFiring>> FiringsAsync(int rule, int pupil) =>
        app.WithDbAsync(db => db.Set<BehaviourRuleFiring>().Where(f => f.RuleId == rule && f.PupilId == pupil).ToListAsync());

    [Fact]
    public async Task Negatives_in_a_day_fire_once_at_the_threshold_counting_only_the_pupils_own_behaviour()
    {
        var rule = await RuleAsync(RuleTrigger.NegativesInDay, 4);
        var pupil = await CleanPupilAsync(8, 0);
        var ids = new List<int>();
        for (var i = 0; i < 3; i++) ids.Add(await LogAsync("Uniform", $"{Sunday}T09:0{i}", pupil));
        await LogAsync("Bullying", $"{Sunday}T10:30", pupil, "target");      // done to them: not counted
        await LogAsync("Bullying", $"{Sunday}T10:35", pupil, "witness");     // seen: not counted
        await LogAsync("Kindness to others", $"{Sunday}T10:40", pupil);      // positive: not counted
        await LogAsync("Uniform", "2026-11-21T11:00", pupil);                // another day
        Assert.Empty(await FiringsAsync(rule, pupil));
        ids.Add(await LogAsync("Uniform", $"{Sunday}T11:00", pupil));
        var firing = Assert.Single(await FiringsAsync(rule, pupil));
        Assert.Equal(string.Join(',', ids), firing.IncidentIds);
        Assert.Equal("4 negatives in a day", firing.RuleWords);
        Assert.Equal("day:2026-11-22", firing.WindowKey);
        await LogAsync("Uniform", $"{Sunday}T12:00", pupil);
        Assert.Single(await FiringsAsync(rule, pupil));

        // The head of year of year 8 was told, with the pupil's name and the rule, in the same save as the firing; audited on the pupil.
        var name = await app.NameAsync(pupil);
        var hoy = (await app.StaffAsync("hoy8")).UserId;
        var notice = Assert.Single(await app.WithDbAsync(db => db.Set<StaffNotification>()
            .Where(n => n.StaffId == hoy && n.Kind == RuleEvaluator.NoticeKind && n.Title == $"{name}: 4 negatives in a day").ToListAsync()));
        Assert.Equal($"/pupils/{pupil}#behaviour-rules", notice.Link);
        Assert.Contains("Robin Year-Eight", firing.Outcome);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == AuditActions.Created
            && e.EntityType == nameof(BehaviourRuleFiring) && e.EntityId == firing.Id.ToString() && e.PupilId == pupil)));
    }

    [Fact]
    public async Task Negatives_in_a_week_fire_once_per_week_and_again_in_the_next_week()
    {
        var rule = await RuleAsync(RuleTrigger.NegativesInWeek, 2, RuleAction.SetDetention);
        var pupil = await CleanPupilAsync(8, 1);
        await LogAsync("Uniform", "2026-11-15T09:00", pupil);   // Sunday of the week before
        await LogAsync("Uniform", "2026-11-16T09:00", pupil);   // Monday
        Assert.Empty(await FiringsAsync(rule, pupil));
        await LogAsync("Uniform", "2026-11-22T09:00", pupil);   // Sunday, same week
        var firing = Assert.Single(await FiringsAsync(rule, pupil));
        Assert.Equal(("week:2026-11-16", new DateOnly(2026, 11, 22)), (firing.WindowKey, firing.WindowEnd));
        Assert.False(firing.DetentionToSet);
        Assert.StartsWith("After-school detention set for ", firing.Outcome);
        Assert.Single(await RuleDetentionsAsync(pupil, "2 negatives in a week"));
        await LogAsync("Uniform", "2026-11-20T09:00", pupil);
        Assert.Single(await FiringsAsync(rule, pupil));
        await LogAsync("Uniform", "2026-11-23T09:00", pupil);
        await LogAsync("Uniform", "2026-11-23T10:00", pupil);
        Assert.Equal(["week:2026-11-16", "week:2026-11-23"], (await FiringsAsync(rule, pupil)).Select(f => f.WindowKey).Order());
    }

    [Fact]
    public async Task Negative_points_in_a_half_term_fire_at_or_below_minus_the_threshold()
    {
        var rule = await RuleAsync(RuleTrigger.NegativePointsInHalfTerm, 6);
        var pupil = await CleanPupilAsync(9, 0);
        await LogAsync("Uniform", "2026-11-10T09:00", pupil, points: -3);
        await LogAsync("Uniform", "2026-11-17T09:00", pupil, points: -2);
        Assert.Empty(await FiringsAsync(rule, pupil));       // -5: above -6
        await LogAsync("Uniform", "2026-11-23T09:00", pupil, points: -1);
        var firing = Assert.Single(await FiringsAsync(rule, pupil));
        Assert.StartsWith("half-term:", firing.WindowKey);
        Assert.Equal("-6 points or fewer in a half-term", firing.RuleWords);
        await LogAsync("Uniform", "2026-11-23T10:00", pupil, points: -4);
        Assert.Single(await FiringsAsync(rule, pupil));
    }

    /// <summary>The detentions rules booked for a pupil; <paramref name="words"/>: only those of the rule with those words (other tests' rules stay on).</summary>
    private Task<List<Detention>> RuleDetentionsAsync(int pupil, string? words = null) => app.WithDbAsync(db =>
        db.Set<Detention>().AsNoTracking().Where(d => d.PupilId == pupil && d.SetByName == DetentionBook.RuleSetterName
            && (words == null || d.Reason == "Behaviour rule: " + words)).ToListAsync());

    /// <summary>The after-school sittings the book may still choose now, first to last.</summary>
    private Task<IReadOnlyList<Sitting>> AfterSchoolSittingsAsync() => app.WithServicesAsync(async sp =>
    {
        var book = sp.GetRequiredService<DetentionBook>();
        var db = sp.GetRequiredService<PastoralDbContext>();
        var type = await db.Set<DetentionType>().AsNoTracking().SingleAsync(t => t.Name == "After-school detention");
        return await book.SittingsAsync(type, await book.YearsAsync(type.SchoolId, default), default);
    });

    [Fact]
    public async Task A_detention_rule_books_one_detention_at_the_next_sitting_with_space_however_often_it_is_evaluated()
    {
        var rule = await RuleAsync(RuleTrigger.NegativesInDay, 1, RuleAction.SetDetention);
        try
        {
            var pupil = await CleanPupilAsync(10, 0);
            var filler = await app.PupilInYearAsync(11, 0);
            // The first sitting parents can be given notice of is full: the rule books the next one.
            var sittings = await AfterSchoolSittingsAsync();
            var (first, next) = (sittings[0], sittings.Skip(1).First(s => s.Free > 0));
            await app.WithDbAsync(async db =>
            {
                var taken = await db.Set<Detention>().Where(d => d.TypeId == first.TypeId && d.Date == first.Date).Select(d => d.Seat).ToListAsync();
                foreach (var seat in Enumerable.Range(1, first.Capacity).Except(taken))
                    db.Add(new Detention { SchoolId = await SchoolAsync(), PupilId = filler, TypeId = first.TypeId, Date = first.Date, Seat = seat, Reason = "Filling the sitting", SetByName = "Test", SetAt = DateTime.UtcNow });
                await db.SaveChangesAsync();
            });
            var incident = await LogAsync("Uniform", $"{Sunday}T09:00", pupil);
            var detention = Assert.Single(await RuleDetentionsAsync(pupil, "1 negative in a day"));
            Assert.Equal((first.TypeId, next.Date, DetentionStatus.Set), (detention.TypeId, detention.Date, detention.Status));
            Assert.Equal("Behaviour rule: 1 negative in a day", detention.Reason);
            var firing = Assert.Single(await FiringsAsync(rule, pupil));
            Assert.False(firing.DetentionToSet);
            Assert.StartsWith($"After-school detention set for {DetentionBook.Day(next.Date)}", firing.Outcome);
            Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == AuditActions.Created
                && e.EntityType == nameof(Detention) && e.EntityId == detention.Id.ToString() && e.PupilId == pupil)));

            // Evaluated again (another instance, the same incident), and another incident the same day: still one detention.
            var logged = await app.WithDbAsync(async db => await db.Set<BehaviourIncident>().Where(i => i.Id == incident)
                .Select(i => new LoggedIncident(i.Id, i.SchoolId, i.TypeId, Polarity.Negative, i.OccurredAt, i.OccurredOn, i.RecordedById,
                    i.Pupils.Select(p => new LoggedPart(p.Id, p.PupilId, p.Role, p.Points)).ToList())).SingleAsync());
            await app.WithServicesAsync(async sp => { await sp.GetRequiredService<RuleEvaluator>().IncidentLoggedAsync(logged, CancellationToken.None); return 0; });
            await LogAsync("Uniform", $"{Sunday}T10:00", pupil);
            Assert.Single(await RuleDetentionsAsync(pupil, "1 negative in a day"));
        }
        finally
        {
            await app.WithDbAsync(async db => { (await db.Set<BehaviourRule>().SingleAsync(r => r.Id == rule)).Active = false; await db.SaveChangesAsync(); });
        }
    }

    [Fact]
    public async Task A_detention_rule_with_no_sitting_to_book_records_a_detention_to_set_by_hand()
    {
        var rule = await RuleAsync(RuleTrigger.NegativesInDay, 1, RuleAction.SetDetention);
        var school = await SchoolAsync();
        var active = await app.WithDbAsync(db => db.Set<DetentionType>().Where(t => t.SchoolId == school && t.Active).Select(t => t.Id).ToListAsync());
        async Task SetActive(bool on) => await app.WithDbAsync(async db =>
        {
            foreach (var t in await db.Set<DetentionType>().Where(t => active.Contains(t.Id)).ToListAsync()) t.Active = on;
            (await db.Set<BehaviourRule>().SingleAsync(r => r.Id == rule)).Active = on;
            await db.SaveChangesAsync();
        });
        try
        {
            await app.WithDbAsync(async db =>
            {
                foreach (var t in await db.Set<DetentionType>().Where(t => active.Contains(t.Id)).ToListAsync()) t.Active = false;
                await db.SaveChangesAsync();
            });
            var pupil = await CleanPupilAsync(10, 1);
            await LogAsync("Uniform", $"{Sunday}T09:00", pupil);
            var firing = Assert.Single(await FiringsAsync(rule, pupil));
            Assert.True(firing.DetentionToSet);
            Assert.StartsWith("Detention to set", firing.Outcome);
            Assert.Empty(await RuleDetentionsAsync(pupil, "1 negative in a day"));
        }
        finally
        {
            await SetActive(true);
            await app.WithDbAsync(async db => { (await db.Set<BehaviourRule>().SingleAsync(r => r.Id == rule)).Active = false; await db.SaveChangesAsync(); });
        }
    }

    [Fact]
    public async Task The_benchmark_baseline_endpoint_is_not_there_unless_the_setting_is_on()
    {
        var r = await app.Client(await app.TokenForAsync("head")).PostAsJsonAsync("/api/v1/bench/behaviour/incidents", new { type = 1 });
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
    }

    [Fact]
    public async Task Positive_points_in_a_half_term_fire_at_the_threshold_and_not_below()
    {
        var pupil = await app.PupilInYearAsync(10, 2);
        var term = await app.WithDbAsync(db => db.AcademicYears.SelectMany(y => y.Terms).FirstAsync(t => t.StartsOn <= new DateOnly(2026, 11, 23) && t.EndsOn >= new DateOnly(2026, 11, 23)));
        var already = await app.WithServicesAsync(sp => sp.GetRequiredService<BehaviourPoints>().ForPupilAsync(pupil, term.SecondHalfStartsOn, term.EndsOn));
        var rule = await RuleAsync(RuleTrigger.PositivePointsInHalfTerm, already.Positive + 5);
        await LogAsync("Excellent classwork", "2026-11-23T09:00", pupil, points: 4);
        await LogAsync("Uniform", "2026-11-23T09:10", pupil, points: -3);   // negatives do not cancel rewards
        Assert.Empty(await FiringsAsync(rule, pupil));
        await LogAsync("Excellent classwork", "2026-11-23T09:20", pupil, points: 1);
        Assert.Single(await FiringsAsync(rule, pupil));
    }

    [Fact]
    public async Task A_rule_that_is_off_or_another_schools_does_not_fire()
    {
        var rule = await RuleAsync(RuleTrigger.NegativesInDay, 1);
        await app.WithDbAsync(async db => { (await db.Set<BehaviourRule>().SingleAsync(r => r.Id == rule)).Active = false; await db.SaveChangesAsync(); });
        var pupil = await CleanPupilAsync(7, 0);
        await LogAsync("Uniform", $"{Sunday}T09:00", pupil);
        Assert.Empty(await FiringsAsync(rule, pupil));
    }

    [Fact]
    public async Task Two_instances_evaluating_the_same_incident_at_once_fire_once()
    {
        var rule = await RuleAsync(RuleTrigger.NegativesInDay, 1, RuleAction.NotifyMentor);
        var pupil = await CleanPupilAsync(7, 1);
        await app.WithDbAsync(async db => { (await db.Set<BehaviourRule>().SingleAsync(r => r.Id == rule)).Active = false; await db.SaveChangesAsync(); });
        var incident = await LogAsync("Uniform", $"{Sunday}T09:00", pupil);
        await app.WithDbAsync(async db => { (await db.Set<BehaviourRule>().SingleAsync(r => r.Id == rule)).Active = true; await db.SaveChangesAsync(); });
        var logged = await app.WithDbAsync(async db => await db.Set<BehaviourIncident>().Where(i => i.Id == incident)
            .Select(i => new LoggedIncident(i.Id, i.SchoolId, i.TypeId, Polarity.Negative, i.OccurredAt, i.OccurredOn, i.RecordedById,
                i.Pupils.Select(p => new LoggedPart(p.Id, p.PupilId, p.Role, p.Points)).ToList())).SingleAsync());
        // Each evaluator in its own scope (its own DbContext), as on two instances: nothing is shared but the database.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => app.WithServicesAsync(async sp =>
        {
            await sp.GetRequiredService<RuleEvaluator>().IncidentLoggedAsync(logged, CancellationToken.None);
            return 0;
        })));
        var firing = Assert.Single(await FiringsAsync(rule, pupil));
        Assert.Equal(incident.ToString(), firing.IncidentIds);
    }

    [Fact]
    public async Task The_missed_detention_adapter_fires_once_per_detention()
    {
        var rule = await RuleAsync(RuleTrigger.MissedDetention, 1);
        var pupil = await CleanPupilAsync(9, 1);
        var school = await SchoolAsync();
        async Task Missed(long detention) => await app.WithServicesAsync(async sp =>
        {
            await sp.GetRequiredService<MissedDetentionAdapter>().DetentionMissedAsync(school, pupil, detention, new DateOnly(2026, 11, 20));
            return 0;
        });
        await Missed(9001);
        await Missed(9001);
        var firing = Assert.Single(await FiringsAsync(rule, pupil));
        Assert.Equal((9001L, "detention:9001", "A missed detention"), (firing.DetentionId!.Value, firing.WindowKey, firing.RuleWords));
        await Missed(9002);
        Assert.Equal(2, (await FiringsAsync(rule, pupil)).Count);
    }

    [Fact]
    public async Task A_firing_shows_on_the_profile_and_timeline_with_the_incidents_and_never_the_description()
    {
        var rule = await RuleAsync(RuleTrigger.NegativesInDay, 2);
        var pupil = await CleanPupilAsync(8, 2);
        var a = await LogAsync("Uniform", "2026-11-08T09:00", pupil, description: "Secret shared words naming another child");
        var b = await LogAsync("Uniform", "2026-11-08T10:00", pupil);
        Assert.Single(await FiringsAsync(rule, pupil));
        var profile = await (await app.SignedInAsync("hoy8")).GetStringAsync($"/pupils/{pupil}");
        Assert.Contains("Rule: 2 negatives in a day", profile);
        Assert.Contains($"after incidents #{a}, #{b}", profile);
        // The firing's own section and timeline entry never carry an incident's description. (The behaviour timeline shows it to
        // hoy8, who sees every pupil involved: that is the core's rule, tested with the core.)
        var start = profile.IndexOf("id=\"behaviour-rules\"", StringComparison.Ordinal);
        Assert.True(start > 0, "the profile has the behaviour rules section");
        var section = profile[start..profile.IndexOf("</section>", start, StringComparison.Ordinal)];
        Assert.Contains("Rule: 2 negatives in a day", section);
        Assert.DoesNotContain("Secret shared words", section);
        var timeline = await app.Client(await app.TokenForAsync("hoy8")).GetFromJsonAsync<JsonElement>($"/api/v1/pupils/{pupil}/timeline");
        var entries = timeline.ValueKind == JsonValueKind.Array ? timeline : timeline.GetProperty("items");
        Assert.Contains(entries.EnumerateArray(), e => e.GetProperty("title").GetString() == "Rule: 2 negatives in a day"
            && e.GetProperty("detail").GetString()!.Contains($"#{a}, #{b}", StringComparison.Ordinal));
        Assert.All(entries.EnumerateArray().Where(e => e.GetProperty("title").GetString()!.StartsWith("Rule:", StringComparison.Ordinal)),
            e => Assert.DoesNotContain("Secret shared words", e.GetProperty("detail").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_rules_page_adds_a_rule_and_refuses_bad_input_in_staff_words_saving_nothing()
    {
        var client = await app.SignedInAsync("head");
        var before = await app.WithDbAsync(db => db.Set<BehaviourRule>().CountAsync());
        var bad = await WebSignIn.PostFormAsync(client, "/admin/behaviour/rules?handler=Add", new() { ["Trigger"] = "NegativesInDay", ["Threshold"] = "0", ["Action"] = "NotifyHeadOfYear" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Enter a number of 1 or more", await bad.Content.ReadAsStringAsync());
        var noAction = await WebSignIn.PostFormAsync(client, "/admin/behaviour/rules?handler=Add", new() { ["Trigger"] = "NegativesInWeek", ["Threshold"] = "4" });
        Assert.Contains("Choose what happens when it fires", await noAction.Content.ReadAsStringAsync());
        Assert.Equal(before, await app.WithDbAsync(db => db.Set<BehaviourRule>().CountAsync()));
        var good = await WebSignIn.PostFormAsync(client, "/admin/behaviour/rules?handler=Add", new() { ["Trigger"] = "NegativesInWeek", ["Threshold"] = "4", ["Action"] = "NotifyMentor" });
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        var rule = await app.WithDbAsync(db => db.Set<BehaviourRule>().OrderByDescending(r => r.Id).FirstAsync());
        Assert.Equal((RuleTrigger.NegativesInWeek, 4, RuleAction.NotifyMentor), (rule.Trigger, rule.Threshold, rule.Action));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.EntityType == nameof(BehaviourRule) && e.EntityId == rule.Id.ToString())));
        Assert.Contains("4 negatives in a week", await client.GetStringAsync("/admin/behaviour/rules"));
        // A teacher may not set rules.
        var teacher = await app.SignedInAsync("teacher");
        Assert.NotEqual(HttpStatusCode.OK, (await teacher.GetAsync("/admin/behaviour/rules")).StatusCode);
    }
}

public sealed class BehaviourRulesTests_Sqlite(SqliteBehaviourApp app) : BehaviourRulesTests(app), IClassFixture<SqliteBehaviourApp>;
public sealed class BehaviourRulesTests_Postgres(PostgresBehaviourApp app) : BehaviourRulesTests(app), IClassFixture<PostgresBehaviourApp>;
