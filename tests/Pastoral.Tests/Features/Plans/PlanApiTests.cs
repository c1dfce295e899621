using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Plans;
using Pastoral.Security.Audit;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Plans;

/// <summary>The plan engine through /api/v1: bad input saves nothing, every version is kept, a stale version is a 409, scope is a 404.</summary>
public abstract class PlanApiTests(AppFixture app)
{
    private static readonly string Today = DateOnly.FromDateTime(AppFixture.Start.UtcDateTime).ToString("yyyy-MM-dd");
    private static readonly string NextMonth = DateOnly.FromDateTime(AppFixture.Start.UtcDateTime).AddMonths(1).ToString("yyyy-MM-dd");

    private async Task<HttpClient> SencoAsync() => app.Client(await app.TokenForAsync("senco"));

    internal static object Passport(string? about = "Loves football and drawing", string? support = "Seat near the front") => new
    {
        type = "pupil-passport", title = "My passport", reviewDate = NextMonth,
        sections = new Dictionary<string, object>
        {
            ["about-me"] = new Dictionary<string, object?> { ["about-me"] = about },
            ["how-best-to-support-me"] = new Dictionary<string, object?> { ["how-best-to-support-me"] = support },
        },
    };

    private Task<int> PlanCountAsync(int pupil) => app.WithDbAsync(db => db.Set<Plan>().CountAsync(p => p.PupilId == pupil));

    [Fact]
    public async Task A_plan_without_its_required_sections_is_refused_with_field_messages_and_nothing_saved()
    {
        var pupil = await app.PupilIdAsync();
        var before = await PlanCountAsync(pupil);
        var response = await (await SencoAsync()).PostAsJsonAsync($"/api/v1/pupils/{pupil}/plans", Passport(about: null, support: " "));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("About me", errors.GetProperty("sections.about-me.about-me")[0].GetString());
        Assert.True(errors.TryGetProperty("sections.how-best-to-support-me.how-best-to-support-me", out _));
        Assert.Equal(before, await PlanCountAsync(pupil));
    }

    [Fact]
    public async Task A_review_date_in_the_past_on_creation_is_refused()
    {
        var pupil = await app.PupilIdAsync();
        var before = await PlanCountAsync(pupil);
        var body = JsonSerializer.SerializeToElement(Passport());
        var dict = JsonSerializer.Deserialize<Dictionary<string, object>>(body.GetRawText())!;
        dict["reviewDate"] = DateOnly.Parse(Today).AddDays(-1).ToString("yyyy-MM-dd");
        var response = await (await SencoAsync()).PostAsJsonAsync($"/api/v1/pupils/{pupil}/plans", dict);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("The review date must be today or in the future",
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("reviewDate")[0].GetString());
        Assert.Equal(before, await PlanCountAsync(pupil));
        dict["reviewDate"] = Today; // today is allowed
        Assert.Equal(HttpStatusCode.Created, (await (await SencoAsync()).PostAsJsonAsync($"/api/v1/pupils/{pupil}/plans", dict)).StatusCode);
    }

    [Fact]
    public async Task A_choice_not_among_the_options_and_a_table_cell_of_the_wrong_type_are_refused()
    {
        var pupil = await app.PupilIdAsync();
        var before = await PlanCountAsync(pupil);
        var client = await SencoAsync();
        var risk = (object hazards) => new
        {
            type = "risk-assessment", title = "Trips", reviewDate = NextMonth,
            sections = new Dictionary<string, object> { ["hazards"] = new Dictionary<string, object> { ["hazards"] = hazards } },
        };
        var wrongRating = await client.PostAsJsonAsync($"/api/v1/pupils/{pupil}/plans",
            risk(new[] { new Dictionary<string, string> { ["hazard"] = "Road crossing", ["likelihood-before"] = "high" } }));
        Assert.Equal(HttpStatusCode.BadRequest, wrongRating.StatusCode);
        Assert.Contains("row 1, Likelihood before must be a whole number from 1 to 5", await wrongRating.Content.ReadAsStringAsync());
        var unknownColumn = await client.PostAsJsonAsync($"/api/v1/pupils/{pupil}/plans",
            risk(new[] { new Dictionary<string, string> { ["hazard"] = "Road", ["colour"] = "red" } }));
        Assert.Equal(HttpStatusCode.BadRequest, unknownColumn.StatusCode);
        var pathway = await client.PostAsJsonAsync($"/api/v1/pupils/{pupil}/plans", new
        {
            type = "pathway-plan", title = "Back to class", reviewDate = NextMonth,
            sections = new Dictionary<string, object> { ["steps"] = new Dictionary<string, object> { ["steps"] = new[] { new Dictionary<string, string> { ["setting"] = "Whole school" } } } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, pathway.StatusCode);
        Assert.Contains("Setting must be one of: 1:1, Small group", await pathway.Content.ReadAsStringAsync());
        Assert.Equal(before, await PlanCountAsync(pupil));
    }

    [Fact]
    public async Task Every_version_is_kept_and_a_stale_put_is_a_409_whose_body_is_the_current_plan()
    {
        var pupil = await app.PupilIdAsync();
        var client = await SencoAsync();
        var created = await client.PostAsJsonAsync($"/api/v1/pupils/{pupil}/plans", Passport());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var plan = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = plan.GetProperty("id").GetInt32();
        var version = plan.GetProperty("version").GetInt32();
        var change = (int v, string about) => new
        {
            version = v, title = "My passport", reviewDate = NextMonth,
            sections = new Dictionary<string, object>
            {
                ["about-me"] = new Dictionary<string, object?> { ["about-me"] = about },
                ["how-best-to-support-me"] = new Dictionary<string, object?> { ["how-best-to-support-me"] = "Seat near the front" },
            },
        };
        var first = await client.PutAsJsonAsync($"/api/v1/plans/{id}", change(version, "Loves football"));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(2, (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetInt32());
        var stale = await client.PutAsJsonAsync($"/api/v1/plans/{id}", change(version, "Loves chess"));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var current = await stale.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Loves football", current.GetProperty("sections").GetProperty("about-me").GetProperty("about-me").GetString());
        Assert.Equal(2, current.GetProperty("number").GetInt32());
        var versions = await app.WithDbAsync(db => db.Set<PlanVersion>().Where(v => v.PlanId == id).OrderBy(v => v.Number).Select(v => v.ContentJson).ToListAsync());
        Assert.Equal(2, versions.Count);
        Assert.Contains("Loves football and drawing", versions[0]);
        Assert.Equal(2, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.PupilId == pupil && a.EntityType == "Plan" && a.EntityId == id.ToString())));
    }

    [Fact]
    public async Task Lists_are_paged_and_scoped_and_a_plan_out_of_scope_is_a_404()
    {
        var year8 = await app.WithDbAsync(db => db.Pupils.Where(p => p.YearGroup!.NcYear == 8).OrderBy(p => p.Id).Select(p => new { p.Id, p.Upn }).FirstAsync());
        var created = await (await SencoAsync()).PostAsJsonAsync($"/api/v1/pupils/{year8.Id}/plans", Passport());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var senco = await SencoAsync();
        var page = await senco.GetFromJsonAsync<JsonElement>("/api/v1/plans?page=1&pageSize=1");
        Assert.Equal(1, page.GetProperty("pageSize").GetInt32());
        Assert.True(page.GetProperty("total").GetInt32() >= 1);
        var item = page.GetProperty("items")[0];
        foreach (var field in new[] { "id", "type", "pupil", "status" }) Assert.True(item.TryGetProperty(field, out _), field);
        var mine = await senco.GetFromJsonAsync<JsonElement>($"/api/v1/pupils/{year8.Upn}/plans");
        Assert.Contains(mine.GetProperty("items").EnumerateArray(), p => p.GetProperty("id").GetInt32() == id);
        Assert.Equal(HttpStatusCode.BadRequest, (await senco.GetAsync("/api/v1/plans?pageSize=1000")).StatusCode);
        // Year 7's head of year does not see a Year 8 pupil: their plan does not exist for them.
        var hoy7 = app.Client(await app.TokenForAsync("hoy7"));
        Assert.Equal(HttpStatusCode.NotFound, (await hoy7.GetAsync($"/api/v1/plans/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await hoy7.GetAsync($"/api/v1/pupils/{year8.Id}/plans")).StatusCode);
        Assert.DoesNotContain((await hoy7.GetFromJsonAsync<JsonElement>("/api/v1/plans?pageSize=200")).GetProperty("items").EnumerateArray(), p => p.GetProperty("id").GetInt32() == id);
        // A teacher may read plans but not change them; a governor sees none.
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client(await app.TokenForAsync("teacher")).PutAsJsonAsync($"/api/v1/plans/{id}", new { version = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client(await app.TokenForAsync("governor")).GetAsync("/api/v1/plans")).StatusCode);
    }
}

public sealed class PlanApiTests_Sqlite(SqliteApp app) : PlanApiTests(app), IClassFixture<SqliteApp>;
public sealed class PlanApiTests_Postgres(PostgresApp app) : PlanApiTests(app), IClassFixture<PostgresApp>;
