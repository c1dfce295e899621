using System.Net;
using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Behaviour;
using Pastoral.Features.Rewards;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Behaviour;

/// <summary>Issue 9 item 12: the year group leaderboard by form counts positive points only and names no pupil.</summary>
public abstract class RewardsLeaderboardTests(BehaviourApp app)
{
    [Fact]
    public async Task The_leaderboard_sums_positive_points_per_form_and_shows_no_negative_data_or_names()
    {
        var pupil = await app.PupilInYearAsync(8, 6);
        var row = await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == pupil)
            .Select(p => new { Form = p.Form!.Name, FormId = p.FormId!.Value, Year = p.YearGroupId!.Value }).SingleAsync());
        var (form, formId, year) = (row.Form, row.FormId, row.Year);
        var staff = await app.StaffAsync("hoy8");
        async Task<Leaderboard> Whole() => (await app.WithServicesAsync(sp => sp.GetRequiredService<FormLeaderboard>().ForYearAsync(staff, year, CancellationToken.None)))!;
        async Task<FormPoints> Board() => (await Whole()).Forms.Single(f => f.FormId == formId);
        var before = await Board();
        var head = await app.StaffAsync("head");
        foreach (var (type, points) in new[] { ("Excellent classwork", 3), ("Fighting or physical aggression", -5), ("Uniform", -1) })
            Assert.True((await app.WithServicesAsync(sp => sp.GetRequiredService<BehaviourRecorder>().LogAsync(head, new IncidentInput
            {
                Type = type, OccurredAt = "2026-11-24T09:00", Pupils = [new IncidentPupilInput(pupil.ToString(), "instigator", points)],
            }))).Saved);
        var after = await Board();
        Assert.Equal((before.Week + 3, before.Term + 3), (after.Week, after.Term));

        // The term total is exactly the positive points of the form's pupils since the term began, from the database.
        var termFrom = (await Whole()).TermFrom;
        Assert.True(termFrom > new DateOnly(2026, 8, 20) && termFrom < new DateOnly(2026, 9, 10), $"term from {termFrom}");
        var expected = await app.WithDbAsync(db => db.Set<IncidentPupil>()
            .Where(ip => ip.Points > 0 && ip.Incident!.OccurredOn >= termFrom && ip.Incident.OccurredOn <= new DateOnly(2026, 11, 24)
                && db.Pupils.Any(p => p.Id == ip.PupilId && p.FormId == formId && p.OnRollTo == null)).SumAsync(ip => ip.Points));
        Assert.Equal(expected, after.Term);

        var client = await app.SignedInAsync("hoy8");
        foreach (var path in new[] { $"/rewards/leaderboard?year={year}", $"/rewards/leaderboard?year={year}&present=true" })
        {
            var html = await client.GetStringAsync(path);
            Assert.Contains(form, html);
            Assert.Contains(after.Term.ToString("N0"), html);
            Assert.DoesNotContain(await app.NameAsync(pupil), html);
            Assert.DoesNotContain("negative points:", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotMatch(@"<td[^>]*>-\d", html);
        }
        // A year group the viewer does not see is a 404.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/rewards/leaderboard?year=999999")).StatusCode);
    }
}

public sealed class RewardsLeaderboardTests_Sqlite(SqliteBehaviourApp app) : RewardsLeaderboardTests(app), IClassFixture<SqliteBehaviourApp>;
public sealed class RewardsLeaderboardTests_Postgres(PostgresBehaviourApp app) : RewardsLeaderboardTests(app), IClassFixture<PostgresBehaviourApp>;
