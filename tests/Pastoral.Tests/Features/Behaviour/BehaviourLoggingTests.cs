using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Behaviour;
using Pastoral.Security.Audit;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Behaviour;

/// <summary>Issue 9 items 1 and 2: types, the one write path through the API, each pupil's own part, bad input, the hook, points.</summary>
public abstract partial class BehaviourCoreTests(BehaviourApp app)
{
    private async Task<HttpClient> ApiAsync(string local) => app.Client(await app.TokenForAsync(local));

    [Fact]
    public async Task The_types_api_lists_the_schools_types_with_signed_points()
    {
        var types = await (await ApiAsync("teacher")).GetFromJsonAsync<JsonElement>("/api/v1/behaviour/types");
        var items = types.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(BehaviourTypes.Defaults.Count, types.GetProperty("total").GetInt32());
        var kindness = items.Single(t => t.GetProperty("name").GetString() == "Kindness to others");
        Assert.Equal("positive", kindness.GetProperty("polarity").GetString());
        Assert.Equal(1, kindness.GetProperty("points").GetInt32());
        Assert.Equal("Kindness", kindness.GetProperty("category").GetString());
        var fight = items.Single(t => t.GetProperty("name").GetString() == "Fighting or physical aggression");
        Assert.Equal(-5, fight.GetProperty("points").GetInt32());
        Assert.Equal("isolation", fight.GetProperty("defaultFollowUp").GetString());
        Assert.True(fight.GetProperty("parentsTold").GetBoolean());
        Assert.All(items.Where(t => t.GetProperty("polarity").GetString() == "negative"), t => Assert.True(t.GetProperty("points").GetInt32() <= 0));
        Assert.Equal(HttpStatusCode.Forbidden, (await (await ApiAsync("governor")).GetAsync("/api/v1/behaviour/types")).StatusCode);
    }

    [Fact]
    public async Task An_incident_logged_through_the_api_keeps_each_pupils_own_part_audited_on_that_pupil()
    {
        var (a, b, c) = (await app.PupilInYearAsync(8, 0), await app.PupilInYearAsync(8, 1), await app.PupilInYearAsync(8, 2));
        var location = await app.LocationNameAsync();
        var response = await (await ApiAsync("hoy8")).PostAsJsonAsync("/api/v1/behaviour/incidents", new
        {
            type = "fighting or physical aggression", location, occurredAt = "2026-11-23T12:40", description = "A pushed B by the lockers",
            pupils = new object[]
            {
                new { pupil = a, role = "instigator", outcome = "Isolation tomorrow", account = "Says B started it" },
                new { pupil = await app.UpnAsync(b), role = "TARGET" },
                new { pupil = c, role = "witness", account = "Saw the push" },
            },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetInt32();
        Assert.Equal(location, created.GetProperty("location").GetString());
        Assert.Equal(new DateTime(2026, 11, 23, 12, 40, 0, DateTimeKind.Utc), created.GetProperty("occurredAt").GetDateTime());

        var parts = await app.WithDbAsync(db => db.Set<IncidentPupil>().Where(p => p.IncidentId == id).ToListAsync());
        Assert.Equal((IncidentRole.Instigator, -5, "Isolation tomorrow"), parts.Where(p => p.PupilId == a).Select(p => (p.Role, p.Points, p.Outcome)).Single());
        // A target and a witness get none of the type's points, and none of the instigator's outcome.
        Assert.Equal((IncidentRole.Target, 0, (string?)null), parts.Where(p => p.PupilId == b).Select(p => (p.Role, p.Points, p.Outcome)).Single());
        Assert.Equal((IncidentRole.Witness, 0), parts.Where(p => p.PupilId == c).Select(p => (p.Role, p.Points)).Single());
        var incident = await app.WithDbAsync(db => db.Set<BehaviourIncident>().Include(i => i.Staff).SingleAsync(i => i.Id == id));
        Assert.Equal(new DateOnly(2026, 11, 23), incident.OccurredOn);
        Assert.Equal("Robin Year-Eight", Assert.Single(incident.Staff).StaffName);

        // One audit entry per part, each on its own pupil; the incident's own entry is on the school, about no pupil.
        var entries = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == AuditActions.Created
            && (e.EntityType == nameof(IncidentPupil) || (e.EntityType == nameof(BehaviourIncident) && e.EntityId == id.ToString()))).ToListAsync());
        foreach (var part in parts)
            Assert.Single(entries, e => e.EntityType == nameof(IncidentPupil) && e.EntityId == part.Id.ToString() && e.PupilId == part.PupilId);
        Assert.Null(Assert.Single(entries, e => e.EntityType == nameof(BehaviourIncident)).PupilId);

        // The hook saw it, with each part, although another hook threw.
        var seen = Assert.Single(app.Hooks.Seen, s => s.IncidentId == id);
        Assert.Equal(Polarity.Negative, seen.Polarity);
        Assert.Equal(3, seen.Pupils.Count);
    }

    /// <summary>
    /// Issue 9 "Speed": an incident with two pupils whose own behaviour it is (and a target), a location and a period reads the pupils
    /// (with their scope), the type (with the location and period), the rules (with their firings) and the pupils' parts once each,
    /// whatever the number of pupils or rules, and nothing it has just written; with no rule that could fire, not the parts either.
    /// </summary>
    [Fact]
    public async Task Logging_reads_the_pupils_the_type_with_its_place_and_the_rules_once_each_and_nothing_again()
    {
        var (a, b, c) = (await app.PupilInYearAsync(8, 10), await app.PupilInYearAsync(8, 11), await app.PupilInYearAsync(8, 12));
        var location = await app.LocationNameAsync();
        var period = await app.WithDbAsync(db => db.Set<Pastoral.Features.Schools.SchoolPeriod>().OrderBy(p => p.Id).Select(p => p.Id).FirstAsync());
        var rules = await app.WithDbAsync(db => db.Set<Pastoral.Features.Behaviour.Rules.BehaviourRule>().CountAsync(r => r.Active
            && (r.Trigger == Pastoral.Features.Behaviour.Rules.RuleTrigger.NegativesInDay || r.Trigger == Pastoral.Features.Behaviour.Rules.RuleTrigger.NegativesInWeek)));
        Assert.True(rules >= 2, "the demo school has day and week rules for negatives");
        var http = await ApiAsync("hoy8");
        var key = Guid.NewGuid().ToString("N");
        http.DefaultRequestHeaders.Add(CommandLog.Header, key);
        var response = await http.PostAsJsonAsync("/api/v1/behaviour/incidents", new
        {
            type = "uniform", location, period, occurredAt = "2024-06-04T10:00", // a day with nothing else logged: no rule fires
            pupils = new object[] { new { pupil = a, role = "instigator" }, new { pupil = await app.UpnAsync(b), role = "involved" }, new { pupil = c, role = "target" } },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(location, created.GetProperty("location").GetString());
        Assert.Equal(period, await app.WithDbAsync(db => db.Set<BehaviourIncident>().Where(i => i.Id == created.GetProperty("id").GetInt32()).Select(i => i.PeriodId).SingleAsync()));
        var reads = app.Commands.ReadsOf(key);
        Assert.True(reads.Count == 4, $"{reads.Count} reads:\n" + string.Join("\n---\n", reads));
        Assert.Contains("\"Pupils\"", reads[0]);
        Assert.Contains("\"BehaviourTypes\"", reads[1]);
        Assert.Contains("\"BehaviourRules\"", reads[2]);
        Assert.Contains("\"IncidentPupils\"", reads[3]); // the pupils' parts over the rules' windows

        // No active rule a positive incident could trip: the rules query answers nothing and nothing more is read.
        var positive = await app.WithDbAsync(db => db.Set<Pastoral.Features.Behaviour.Rules.BehaviourRule>()
            .Where(r => r.Active && r.Trigger == Pastoral.Features.Behaviour.Rules.RuleTrigger.PositivePointsInHalfTerm).Select(r => r.Id).ToListAsync());
        async Task SetActive(bool on) => await app.WithDbAsync(async db =>
        {
            foreach (var r in await db.Set<Pastoral.Features.Behaviour.Rules.BehaviourRule>().Where(r => positive.Contains(r.Id)).ToListAsync()) r.Active = on;
            await db.SaveChangesAsync();
        });
        await SetActive(false);
        try
        {
            http.DefaultRequestHeaders.Remove(CommandLog.Header);
            http.DefaultRequestHeaders.Add(CommandLog.Header, key + "-positive");
            var kind = await http.PostAsJsonAsync("/api/v1/behaviour/incidents", new
            {
                type = "kindness to others", occurredAt = "2026-11-23T10:00", pupils = new object[] { new { pupil = a, role = "instigator" }, new { pupil = b, role = "involved" } },
            });
            Assert.Equal(HttpStatusCode.Created, kind.StatusCode);
            reads = app.Commands.ReadsOf(key + "-positive");
            Assert.True(reads.Count == 3, $"{reads.Count} reads:\n" + string.Join("\n---\n", reads));
            Assert.Contains("\"BehaviourRules\"", reads[2]);
        }
        finally { await SetActive(true); }
    }

    [Fact]
    public async Task Points_given_explicitly_are_kept_and_an_involved_pupil_gets_the_types_points()
    {
        var (a, b) = (await app.PupilInYearAsync(8, 3), await app.PupilInYearAsync(8, 4));
        var response = await (await ApiAsync("teacher")).PostAsJsonAsync("/api/v1/behaviour/incidents", new
        {
            type = "Excellent classwork", pupils = new object[] { new { pupil = a, role = "instigator", points = 5 }, new { pupil = b, role = "involved" } },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var parts = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("pupils").EnumerateArray().ToDictionary(p => p.GetProperty("pupil").GetInt32(), p => p.GetProperty("points").GetInt32());
        Assert.Equal(5, parts[a]);
        Assert.Equal(2, parts[b]);
    }

    public static TheoryData<string, string, string> BadInputs => new()
    {
        { "no pupils", """{"type":"Uniform","pupils":[]}""", "pupils" },
        { "pupils missing", """{"type":"Uniform"}""", "pupils" },
        { "unknown pupil id", """{"type":"Uniform","pupils":[{"pupil":999999,"role":"instigator"}]}""", "pupils[0].pupil" },
        { "unknown UPN", """{"type":"Uniform","pupils":[{"pupil":"Z999999999999","role":"instigator"}]}""", "pupils[0].pupil" },
        { "pupil out of scope", """{"type":"Uniform","pupils":[{"pupil":"{Y7}","role":"instigator"}]}""", "pupils[0].pupil" },
        { "same pupil twice", """{"type":"Uniform","pupils":[{"pupil":"{Y8}","role":"instigator"},{"pupil":"{Y8UPN}","role":"target"}]}""", "pupils[1].pupil" },
        { "unknown type", """{"type":"Juggling","pupils":[{"pupil":"{Y8}"}]}""", "type" },
        { "type missing", """{"pupils":[{"pupil":"{Y8}"}]}""", "type" },
        { "unknown location", """{"type":"Uniform","location":"Moon base","pupils":[{"pupil":"{Y8}"}]}""", "location" },
        { "unknown period", """{"type":"Uniform","period":999999,"pupils":[{"pupil":"{Y8}"}]}""", "period" },
        { "unknown location with an unknown type", """{"type":"Juggling","location":"Moon base","pupils":[{"pupil":"{Y8}"}]}""", "location" },
        { "unknown period with an unknown type", """{"type":"Juggling","period":999999,"pupils":[{"pupil":"{Y8}"}]}""", "period" },
        { "unknown role", """{"type":"Uniform","pupils":[{"pupil":"{Y8}","role":"ringleader"}]}""", "pupils[0].role" },
        { "fractional points", """{"type":"Uniform","pupils":[{"pupil":"{Y8}","points":-1.5}]}""", "pupils[0].points" },
        { "positive points on a negative type", """{"type":"Uniform","pupils":[{"pupil":"{Y8}","points":3}]}""", "pupils[0].points" },
        { "in the future", """{"type":"Uniform","occurredAt":"2027-01-01T10:00","pupils":[{"pupil":"{Y8}"}]}""", "occurredAt" },
        { "not a time", """{"type":"Uniform","occurredAt":"yesterday","pupils":[{"pupil":"{Y8}"}]}""", "occurredAt" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_is_a_400_naming_the_field_and_nothing_is_saved(string what, string body, string field)
    {
        var y8 = await app.PupilInYearAsync(8, 5);
        body = body.Replace("\"{Y7}\"", (await app.PupilInYearAsync(7)).ToString()).Replace("\"{Y8}\"", y8.ToString())
            .Replace("{Y8UPN}", await app.UpnAsync(y8));
        var before = await app.IncidentCountAsync();
        var response = await (await ApiAsync("teacher")).PostAsync("/api/v1/behaviour/incidents", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {response.StatusCode}");
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"{what}: no message for {field} in {errors}");
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
        Assert.Equal(before, await app.IncidentCountAsync());
    }

    [Fact]
    public async Task Points_are_summed_per_pupil_over_a_range_counting_only_their_own_behaviour()
    {
        var (a, b) = (await app.PupilInYearAsync(9, 0), await app.PupilInYearAsync(9, 1));
        var staff = await app.StaffAsync("head");
        var (from, to) = (new DateOnly(2026, 11, 16), new DateOnly(2026, 11, 20));
        var before = await app.WithServicesAsync(sp => sp.GetRequiredService<BehaviourPoints>().ForPupilsAsync(
            sp.GetRequiredService<Pastoral.Data.PastoralDbContext>().Pupils.Where(p => p.Id == a || p.Id == b).Select(p => p.Id), from, to));
        async Task Log(string type, string at, params (int Pupil, string Role)[] pupils) => Assert.True((await app.WithServicesAsync(sp =>
            sp.GetRequiredService<BehaviourRecorder>().LogAsync(staff, new IncidentInput
            {
                Type = type, OccurredAt = at, Pupils = [.. pupils.Select(p => new IncidentPupilInput(p.Pupil.ToString(), p.Role))],
            }))).Saved);
        await Log("Kindness to others", "2026-11-17T10:00", (a, "instigator"));
        await Log("Going above and beyond", "2026-11-18T10:00", (a, "instigator"));
        await Log("Bullying", "2026-11-19T10:00", (a, "instigator"), (b, "target"));
        await Log("Uniform", "2026-11-21T10:00", (a, "instigator")); // after the range
        var after = await app.WithServicesAsync(sp => sp.GetRequiredService<BehaviourPoints>().ForPupilsAsync(
            sp.GetRequiredService<Pastoral.Data.PastoralDbContext>().Pupils.Where(p => p.Id == a || p.Id == b).Select(p => p.Id), from, to));
        PupilPoints Of(IReadOnlyDictionary<int, PupilPoints> d, int id) => d.GetValueOrDefault(id) ?? PupilPoints.None(id);
        Assert.Equal(4, Of(after, a).Positive - Of(before, a).Positive);
        Assert.Equal(-5, Of(after, a).Negative - Of(before, a).Negative);
        Assert.Equal(2, Of(after, a).PositiveCount - Of(before, a).PositiveCount);
        Assert.Equal(1, Of(after, a).NegativeCount - Of(before, a).NegativeCount);
        // The target: no points, and the incident is not counted as their behaviour.
        Assert.Equal(Of(before, b), Of(after, b));
    }
}

public sealed class BehaviourCoreTests_Sqlite(SqliteBehaviourApp app) : BehaviourCoreTests(app), IClassFixture<SqliteBehaviourApp>;
public sealed class BehaviourCoreTests_Postgres(PostgresBehaviourApp app) : BehaviourCoreTests(app), IClassFixture<PostgresBehaviourApp>;
