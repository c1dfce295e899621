using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Behaviour;
using Pastoral.Security.Audit;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Behaviour;

/// <summary>The behaviour demo with the speed benchmark's baseline endpoint switched on (it is off unless set).</summary>
public abstract class IncidentsApp(DatabaseProvider provider) : BehaviourApp(provider)
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { [BehaviourBaselineEndpoint.Setting] = "true" };
}

public sealed class SqliteIncidentsApp() : IncidentsApp(DatabaseProvider.Sqlite);
public sealed class PostgresIncidentsApp() : IncidentsApp(DatabaseProvider.Postgres);

/// <summary>Issue 9: changing an incident (<c>/behaviour/incidents/{id}/edit</c>) through the recorder: who may, conflicts field by field, problems kept.</summary>
public abstract partial class IncidentEditTests(IncidentsApp app)
{
    private async Task<int> LogAsync(string by, string description, params (int Pupil, string Role)[] pupils)
    {
        var response = await app.Client(await app.TokenForAsync(by)).PostAsJsonAsync("/api/v1/behaviour/incidents", new
        {
            type = "Unkindness to others", occurredAt = "2026-11-23T10:05", description,
            pupils = pupils.Select(p => new { pupil = p.Pupil, role = p.Role }).ToArray(),
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    private Task<BehaviourIncident> IncidentAsync(int id) => app.WithDbAsync(db => db.Set<BehaviourIncident>().AsNoTracking()
        .Include(i => i.Pupils).Include(i => i.Staff).SingleAsync(i => i.Id == id));

    /// <summary>The form as the page renders it now (started from the saved values), with <paramref name="change"/> typed in.</summary>
    private async Task<Dictionary<string, string>> FormAsync(int id, Action<Dictionary<string, string?>> change)
    {
        var values = IncidentEdits.Values(await IncidentAsync(id));
        var form = new Dictionary<string, string> { ["Input.Version"] = (await IncidentAsync(id)).Version.ToString(CultureInfo.InvariantCulture) };
        foreach (var (k, v) in values) form[$"Input.Started[{k}]"] = v ?? "";
        change(values);
        foreach (var (k, v) in values)
            if (k != "parentsContacted" || v == "true") form[$"Input.Values[{k}]"] = v ?? "";
        return form;
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, int id, Dictionary<string, string> form) =>
        WebSignIn.PostFormAsync(client, $"/behaviour/incidents/{id}/edit", form);

    [Fact]
    public async Task The_person_who_logged_it_changes_it_audited_on_each_pupil_it_concerns_and_shown_on_their_timeline()
    {
        var (a, b) = (await app.PupilInYearAsync(8, 20), await app.PupilInYearAsync(8, 21));
        var id = await LogAsync("hoy8", "Pushed in the lunch queue", (a, "instigator"), (b, "target"));
        var hoy8 = await app.SignedInAsync("hoy8");
        Assert.Contains("Change incident", await hoy8.GetStringAsync($"/behaviour/incidents/{id}"));
        var response = await PostAsync(hoy8, id, await FormAsync(id, v => { v[$"points-{a}"] = "-3"; v[$"outcome-{a}"] = "Lunch detention"; }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = await IncidentAsync(id);
        var part = saved.Pupils.Single(p => p.PupilId == a);
        Assert.Equal((-3, "Lunch detention"), (part.Points, part.Outcome));
        Assert.Equal("Pushed in the lunch queue", saved.Description);
        Assert.Equal(["Robin Year-Eight"], saved.Staff.Select(s => s.StaffName));   // the editor logged it; nobody else added
        // Audited on the pupil whose part changed, naming only their own fields; nothing on the target, whose part did not change.
        var entries = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.EntityType == nameof(BehaviourIncident) && e.EntityId == id.ToString()
            && e.Action == AuditActions.Updated && e.PupilId != null).Select(e => new { e.PupilId, e.Detail }).ToListAsync());
        var entry = Assert.Single(entries);
        Assert.Equal((a, "their outcome, their points"), (entry.PupilId!.Value, entry.Detail));
        var timeline = await app.Client(await app.TokenForAsync("hoy8")).GetFromJsonAsync<JsonElement>($"/api/v1/pupils/{a}/timeline");
        var items = timeline.ValueKind == JsonValueKind.Array ? timeline : timeline.GetProperty("items");
        Assert.Contains(items.EnumerateArray(), e => e.GetProperty("title").GetString() == $"Behaviour incident #{id} changed"
            && e.GetProperty("detail").GetString() == "Changed: their outcome, their points — by Robin Year-Eight");

        // A shared change concerns every pupil in it.
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(hoy8, id, await FormAsync(id, v => v["description"] = "Pushed in the queue at lunch"))).StatusCode);
        Assert.Equal(2, await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.EntityType == nameof(BehaviourIncident) && e.EntityId == id.ToString()
            && e.Detail == "what happened" && (e.PupilId == a || e.PupilId == b))));
    }

    [Fact]
    public async Task A_stale_edit_shows_both_values_field_by_field_and_overwrites_nothing_until_the_editor_chooses()
    {
        var pupil = await app.PupilInYearAsync(8, 22);
        var id = await LogAsync("hoy8", "Original words", (pupil, "instigator"));
        var mine = await FormAsync(id, v => { v["description"] = "Year head's words"; v[$"outcome-{pupil}"] = "Phone call home"; });
        var theirs = await FormAsync(id, v => { v["description"] = "Head's words"; v[$"points-{pupil}"] = "-4"; });
        var head = await app.SignedInAsync("head");
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(head, id, theirs)).StatusCode);

        var hoy8 = await app.SignedInAsync("hoy8");
        var conflict = await PostAsync(hoy8, id, mine);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        var html = WebUtility.HtmlDecode(await conflict.Content.ReadAsStringAsync());
        Assert.Contains("saved changes to this incident while you were changing it", html);
        Assert.Contains("Keep theirs: Head's words", html);
        Assert.Contains("Use yours: Year head's words", html);
        Assert.Contains("-4", html);                       // their points, which this editor did not touch, are kept
        var saved = await IncidentAsync(id);
        Assert.Equal(("Head's words", -4, (string?)null), (saved.Description, saved.Pupils[0].Points, saved.Pupils[0].Outcome));

        // Saving without choosing is a problem, not a guess.
        var rebased = await FormAsync(id, v => { v["description"] = "Year head's words"; v[$"outcome-{pupil}"] = "Phone call home"; });
        rebased["Input.Clashes"] = "description";
        var unchosen = await PostAsync(hoy8, id, new(rebased));
        Assert.Equal(HttpStatusCode.BadRequest, unchosen.StatusCode);
        Assert.Contains("What happened: choose theirs or yours", WebUtility.HtmlDecode(await unchosen.Content.ReadAsStringAsync()));
        rebased["Input.Keep[description]"] = "mine";
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(hoy8, id, rebased)).StatusCode);
        saved = await IncidentAsync(id);
        Assert.Equal(("Year head's words", -4, "Phone call home"), (saved.Description, saved.Pupils[0].Points, saved.Pupils[0].Outcome));
    }

    [Fact]
    public async Task Staff_who_cannot_see_every_pupil_or_neither_logged_it_nor_manage_behaviour_get_a_404()
    {
        var (y8, y7) = (await app.PupilInYearAsync(8, 23), await app.PupilInYearAsync(7, 23));
        var mixed = await LogAsync("head", "Secret shared words", (y8, "instigator"), (y7, "target"));
        foreach (var who in new[] { "hoy8", "hoy7", "teacher" })
        {
            var client = await app.SignedInAsync(who);
            var r = await client.GetAsync($"/behaviour/incidents/{mixed}/edit");
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
            Assert.DoesNotContain("Secret shared words", await r.Content.ReadAsStringAsync());
        }
        // hoy8 sees the Year 8 pupil alone but did not log this one and does not manage behaviour.
        var headsOwn = await LogAsync("head", "Head's own incident", (y8, "instigator"));
        var hoy8 = await app.SignedInAsync("hoy8");
        Assert.Equal(HttpStatusCode.NotFound, (await hoy8.GetAsync($"/behaviour/incidents/{headsOwn}/edit")).StatusCode);
        Assert.DoesNotContain("Change incident", await hoy8.GetStringAsync($"/behaviour/incidents/{headsOwn}"));
        var staff = await app.StaffAsync("hoy8");
        var result = await app.WithServicesAsync(sp => sp.GetRequiredService<BehaviourRecorder>().UpdateAsync(staff, headsOwn, 0,
            new IncidentInput { Type = "Uniform", Pupils = [new IncidentPupilInput(y8.ToString(), "instigator")] }));
        Assert.True(result.NotFound);
        Assert.Equal("Head's own incident", (await IncidentAsync(headsOwn)).Description);
    }

    [Fact]
    public async Task Bad_input_is_a_400_with_messages_beside_the_fields_the_input_kept_and_nothing_saved()
    {
        var pupil = await app.PupilInYearAsync(8, 19);
        var id = await LogAsync("hoy8", "Before", (pupil, "instigator"));
        var before = await IncidentAsync(id);
        var hoy8 = await app.SignedInAsync("hoy8");
        var response = await PostAsync(hoy8, id, await FormAsync(id, v =>
        {
            v["description"] = "Typed and kept";
            v[$"points-{pupil}"] = "lots";
            v["occurredAt"] = "2030-01-01T10:00";
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("There is a problem: nothing was saved", html);
        Assert.Contains("as a whole number, for example 1 or -2", html);
        Assert.Contains("Typed and kept", html);
        Assert.Contains("value=\"lots\"", html);
        var future = await PostAsync(hoy8, id, await FormAsync(id, v => { v["description"] = "Typed and kept"; v["occurredAt"] = "2030-01-01T10:00"; }));
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        Assert.Contains("When it happened cannot be in the future", WebUtility.HtmlDecode(await future.Content.ReadAsStringAsync()));
        var after = await IncidentAsync(id);
        Assert.Equal((before.Version, "Before", before.Pupils[0].Points), (after.Version, after.Description, after.Pupils[0].Points));
    }

    [Fact]
    public async Task The_benchmark_baseline_inserts_one_incident_row_behind_the_same_token_and_policy()
    {
        const string path = "/api/v1/bench/behaviour/incidents";
        var type = await app.WithDbAsync(db => db.Set<BehaviourType>().Where(t => t.Active).OrderBy(t => t.Id).Select(t => t.Id).FirstAsync());
        var body = new { type, description = "Baseline row", pupils = new[] { new { pupil = await app.PupilInYearAsync(9, 21), role = "instigator" } } };
        var before = await app.IncidentCountAsync();
        Assert.NotEqual(HttpStatusCode.Created, (await app.Client().PostAsJsonAsync(path, body)).StatusCode);
        Assert.Equal(before, await app.IncidentCountAsync());
        Assert.Equal(HttpStatusCode.Created, (await app.Client(await app.TokenForAsync("head")).PostAsJsonAsync(path, body)).StatusCode);
        // One row, readable through the model as EF Core wrote the others (the Guid and times stored the same way).
        var head = (await app.StaffAsync("head")).UserId;
        var row = await app.WithDbAsync(db => db.Set<BehaviourIncident>().AsNoTracking().OrderByDescending(i => i.Id).FirstAsync());
        Assert.Equal((before + 1, head, "Baseline row", type), (await app.IncidentCountAsync(), row.RecordedById, row.Description, row.TypeId));
        Assert.True(await app.WithDbAsync(db => db.Set<BehaviourIncident>().AnyAsync(i => i.RecordedById == head && i.Id == row.Id)));
    }
}

public sealed class IncidentEditTests_Sqlite(SqliteIncidentsApp app) : IncidentEditTests(app), IClassFixture<SqliteIncidentsApp>;
public sealed class IncidentEditTests_Postgres(PostgresIncidentsApp app) : IncidentEditTests(app), IClassFixture<PostgresIncidentsApp>;
