using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Safeguarding.Concerns;
using Pastoral.Features.Safeguarding.Meetings;
using Pastoral.Features.Safeguarding.Triage;
using Pastoral.Infrastructure.Demo;
using Pastoral.Infrastructure.Scheduling;
using Pastoral.Security;
using Pastoral.Security.Audit;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Safeguarding;

/// <summary>
/// Issue 10 item 3 and the meetings of item 5: a DSL triages a concern (summary, decisions with reasons, actions, closing with an outcome,
/// reopening), every change audited; only readers see any of it (page, API, timeline); the overdue notice goes once, carrying no action
/// text and no pupil name; links show from both ends only to readers of both; which meeting types are restricted follows the school.
/// </summary>
public abstract partial class TriageTests(TriageApp app)
{
    private const string Marker = "TRQX-MARKER";

    [Fact]
    public async Task A_dsl_triages_a_concern_every_change_is_audited_and_only_readers_ever_see_it()
    {
        var pupil = (await PupilsAsync(year: 8, count: 1))[0];
        var id = await RaiseAsync(pupil.Id);
        var dsl = await app.SignedInAsync("dsl");
        var dslApi = app.Client(await app.TokenForAsync("dsl"));
        var triage = $"/safeguarding/concerns/{id}/triage";

        var notes = await PostAsync(dsl, triage, "Notes", new() { ["summary"] = $"{Marker}-summary", ["followUp"] = $"{Marker}-followup", ["version"] = "0" });
        Assert.Equal(HttpStatusCode.Redirect, notes.StatusCode);
        Assert.Equal(1, await CountAsync(a => a.Action == AuditActions.Created && a.EntityType == nameof(ConcernTriage) && a.PupilId == pupil.Id));

        // A decision with no reason: the message, the input kept, nothing saved.
        var decisionsBefore = await app.WithDbAsync(db => db.Set<SafeguardingDecision>().CountAsync(d => d.ConcernId == id));
        var noReason = await PostAsync(dsl, triage, "Decision", new() { ["decision"] = $"{Marker}-kept" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        var page = await noReason.Content.ReadAsStringAsync();
        Assert.Contains("Enter the reason for the decision", page, StringComparison.Ordinal);
        Assert.Contains($"{Marker}-kept", page, StringComparison.Ordinal);
        Assert.Equal(decisionsBefore, await app.WithDbAsync(db => db.Set<SafeguardingDecision>().CountAsync(d => d.ConcernId == id)));
        var apiNoReason = await dslApi.PostAsJsonAsync($"/api/v1/safeguarding/concerns/{id}/decisions", new { decision = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, apiNoReason.StatusCode);
        Assert.True((await apiNoReason.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("reason", out _));

        var decided = await dslApi.PostAsJsonAsync($"/api/v1/safeguarding/concerns/{id}/decisions", new { decision = $"{Marker}-decision", reason = $"{Marker}-reason" });
        Assert.Equal(HttpStatusCode.Created, decided.StatusCode);
        Assert.Equal(1, await CountAsync(a => a.Action == AuditActions.Created && a.EntityType == nameof(SafeguardingDecision) && a.PupilId == pupil.Id));

        // Actions: no owner, an owner outside the school, a due date that is not a date: each a message, nothing saved.
        var hoy = await app.StaffAsync("hoy8");
        var outsider = await SchoolBDslAsync();
        async Task<JsonElement> RefusedAsync(object body)
        {
            var r = await dslApi.PostAsJsonAsync($"/api/v1/safeguarding/concerns/{id}/actions", body);
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            return (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        }
        Assert.Contains("needs an owner", (await RefusedAsync(new { text = Marker, dueOn = "2026-11-30" })).GetProperty("owner")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("staff of the pupil's school", (await RefusedAsync(new { text = Marker, owner = outsider, dueOn = "2026-11-30" })).GetProperty("owner")[0].GetString(), StringComparison.Ordinal);
        Assert.True((await RefusedAsync(new { text = Marker, owner = hoy.UserId, dueOn = "next week" })).TryGetProperty("dueOn", out _));
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<SafeguardingAction>().CountAsync(a => a.SourceId == id && a.SourceType == ActionSource.Concern)));
        var added = await dslApi.PostAsJsonAsync($"/api/v1/safeguarding/concerns/{id}/actions", new { text = $"{Marker}-action", owner = hoy.UserId, dueOn = "2026-11-23" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var actionId = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        // Closing needs an outcome; reopening needs a reason; both go in the log.
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(dsl, triage, "Close", new() { ["outcome"] = " " })).StatusCode);
        Assert.Equal(ConcernStatus.Open, await StatusAsync(id));
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(dsl, triage, "Close", new() { ["outcome"] = $"{Marker}-outcome" })).StatusCode);
        Assert.Equal(ConcernStatus.Closed, await StatusAsync(id));
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(dsl, triage, "Reopen", new() { ["reopenReason"] = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(dsl, triage, "Reopen", new() { ["reopenReason"] = $"{Marker}-reopen" })).StatusCode);
        Assert.Equal(ConcernStatus.Open, await StatusAsync(id));

        var dto = (await dslApi.GetFromJsonAsync<JsonElement>($"/api/v1/safeguarding/concerns/{id}")).GetProperty("triage");
        Assert.Equal($"{Marker}-summary", dto.GetProperty("summary").GetString());
        Assert.Equal("Decision,Closed,Reopened", string.Join(",", dto.GetProperty("decisions").EnumerateArray().Select(d => d.GetProperty("kind").GetString())));
        Assert.True(dto.GetProperty("actions")[0].GetProperty("overdue").GetBoolean());
        var record = await dsl.GetStringAsync($"/safeguarding/concerns/{id}");
        foreach (var f in new[] { "summary", "followup", "decision", "reason", "action", "reopen" }) Assert.Contains($"{Marker}-{f}", record, StringComparison.Ordinal);
        Assert.Contains("Overdue", record, StringComparison.Ordinal);
        Assert.Contains("Safeguarding decision recorded", await dslApi.GetStringAsync($"/api/v1/pupils/{pupil.Id}/timeline"), StringComparison.Ordinal);

        // Staff who see the pupil but do not read the record: nothing anywhere, not even that a decision was made.
        foreach (var who in new[] { "teacher", "hoy8" })
        {
            var web = await app.SignedInAsync(who);
            var api = app.Client(await app.TokenForAsync(who));
            Assert.Equal(HttpStatusCode.NotFound, (await web.GetAsync($"/safeguarding/concerns/{id}")).StatusCode);
            Assert.NotEqual(HttpStatusCode.OK, (await web.GetAsync(triage)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/safeguarding/concerns/{id}")).StatusCode);
            foreach (var body in new[] { await api.GetStringAsync($"/api/v1/pupils/{pupil.Id}/timeline"), await web.GetStringAsync($"/pupils/{pupil.Id}") })
            {
                Assert.DoesNotContain(Marker, body, StringComparison.Ordinal);
                Assert.DoesNotContain("Safeguarding decision", body, StringComparison.Ordinal);
                Assert.DoesNotContain("Safeguarding action", body, StringComparison.Ordinal);
            }
        }

        // The overdue notice: once, even when the job runs twice; to the owner and the DSLs; no action text, no pupil name.
        await RunOverdueJobAsync();
        await RunOverdueJobAsync();
        foreach (var who in new[] { "hoy8", "dsl", "deputy.dsl" })
        {
            var mails = (await app.Mail.ToAsync($"{who}@{AppFixture.Domain}")).Where(m => (m.TextBody ?? "").Contains($"/safeguarding/actions/{actionId}", StringComparison.Ordinal)).ToList();
            Assert.Single(mails);
            var text = mails[0].Subject + mails[0].TextBody;
            Assert.Contains("A safeguarding action is overdue", text, StringComparison.Ordinal);
            foreach (var secret in new[] { Marker, pupil.Name, pupil.Upn }) Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
        // The owner, not a DSL and not shared the action: told to see the DSL, never the text. A teacher: nothing.
        var owner = await (await app.SignedInAsync("hoy8")).GetAsync($"/safeguarding/actions/{actionId}");
        Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
        var ownerPage = await owner.Content.ReadAsStringAsync();
        Assert.Contains("see your school's DSL", ownerPage, StringComparison.Ordinal);
        Assert.DoesNotContain(Marker, ownerPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.SignedInAsync("teacher")).GetAsync($"/safeguarding/actions/{actionId}")).StatusCode);
        var due = await app.WithServicesAsync(async sp => await SafeguardingActions.DueForAsync(sp.GetRequiredService<PastoralDbContext>(), await app.StaffAsync("dsl"), new DateOnly(2026, 11, 24), default));
        Assert.Contains(due, a => a.Id == actionId);
        var hoyDue = await app.WithServicesAsync(async sp => await SafeguardingActions.DueForAsync(sp.GetRequiredService<PastoralDbContext>(), hoy, new DateOnly(2026, 11, 24), default));
        Assert.DoesNotContain(hoyDue, a => a.Id == actionId);
    }

    [Fact]
    public async Task A_link_shows_from_both_ends_only_to_someone_who_reads_both_concerns()
    {
        var pupils = await PupilsAsync(year: 8, count: 2);
        var first = await RaiseAsync(pupils[0].Id);
        var second = await RaiseAsync(pupils[1].Id);
        var dsl = await app.SignedInAsync("dsl");
        var otherSchool = await app.WithDbAsync(db => db.Set<SafeguardingConcern>().Where(c => c.SchoolId != db.Schools.OrderBy(s => s.Id).First().Id).Select(c => (int?)c.Id).FirstOrDefaultAsync());
        if (otherSchool is { } foreign)
            Assert.Contains("that you can read", await (await PostAsync(dsl, $"/safeguarding/concerns/{first}/triage", "Link", new() { ["linkTo"] = foreign.ToString() })).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(dsl, $"/safeguarding/concerns/{first}/triage", "Link", new() { ["linkTo"] = "999999" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(dsl, $"/safeguarding/concerns/{first}/triage", "Link", new() { ["linkTo"] = second.ToString() })).StatusCode);
        Assert.Contains($"href=\"/safeguarding/concerns/{second}\"", await dsl.GetStringAsync($"/safeguarding/concerns/{first}"), StringComparison.Ordinal);
        Assert.Contains($"href=\"/safeguarding/concerns/{first}\"", await dsl.GetStringAsync($"/safeguarding/concerns/{second}"), StringComparison.Ordinal);

        // Shared only the first concern: the head of year reads it, and sees no link, no count, nothing of the second.
        var hoy = await app.StaffAsync("hoy8");
        await app.WithServicesAsync(async sp => (await sp.GetRequiredService<RestrictedAccess>().ShareAsync(await app.StaffAsync("dsl"),
            SafeguardingConcern.RecordOf(first, pupils[0].Id), hoy.UserId, AppFixture.Start.UtcDateTime.AddDays(7), "test", default)).Outcome);
        var shared = await (await app.SignedInAsync("hoy8")).GetStringAsync($"/safeguarding/concerns/{first}");
        Assert.DoesNotContain($"/safeguarding/concerns/{second}", shared, StringComparison.Ordinal);
        Assert.DoesNotContain("Related concerns", shared, StringComparison.Ordinal);
        Assert.DoesNotContain(pupils[1].Name, shared, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Which_meetings_a_head_of_year_sees_follows_the_schools_setting_and_core_groups_are_always_restricted()
    {
        var pupil = (await PupilsAsync(year: 8, count: 1))[0];
        var dsl = await app.SignedInAsync("dsl");
        var form = $"/pupils/{pupil.Id}/safeguarding/meetings/new";
        var empty = await PostAsync(dsl, form, null, new() { ["minutes"] = $"{Marker}-kept" });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var emptyPage = await empty.Content.ReadAsStringAsync();
        Assert.Contains("Choose the type of meeting", emptyPage, StringComparison.Ordinal);
        Assert.Contains($"{Marker}-kept", emptyPage, StringComparison.Ordinal);
        async Task<int> RecordAsync(MeetingType type)
        {
            var saved = await PostAsync(dsl, form, null, new() { ["type"] = type.ToString(), ["heldAt"] = "2026-11-20T10:00", ["minutes"] = $"{Marker}-{type}", ["others"] = "Sam Carter, social worker" });
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            return int.Parse(MeetingId().Match(saved.Headers.Location!.OriginalString).Groups[1].Value);
        }
        var taf = await RecordAsync(MeetingType.Taf);
        var core = await RecordAsync(MeetingType.CoreGroup);
        var meeting = $"/pupils/{pupil.Id}/safeguarding/meetings/{taf}";
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(dsl, meeting, "Action", new() { ["text"] = "Book the review", ["dueOn"] = "2026-12-01" })).StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<SafeguardingAction>().CountAsync(a => a.SourceType == ActionSource.Meeting && a.SourceId == taf)));

        async Task SetAsync(params string[] restricted)
        {
            var fields = new Dictionary<string, string> { ["school"] = pupil.SchoolId.ToString() };
            var content = restricted.Select(r => new KeyValuePair<string, string>("restricted", r)).Concat(fields);
            var get = await dsl.GetStringAsync("/safeguarding/meeting-types");
            var token = WebUtility.HtmlDecode(Token().Match(get).Groups[1].Value);
            var r = await dsl.PostAsync("/safeguarding/meeting-types", new FormUrlEncodedContent(content.Append(new("__RequestVerificationToken", token))));
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        }
        var hoy = await app.SignedInAsync("hoy8");
        var hoyApi = app.Client(await app.TokenForAsync("hoy8"));
        try
        {
            await SetAsync(); // nothing ticked: every type the school may open is open; core groups stay restricted
            var seen = await hoy.GetAsync(meeting);
            Assert.Equal(HttpStatusCode.OK, seen.StatusCode);
            Assert.Contains($"{Marker}-Taf", await seen.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, (await hoy.GetAsync($"/pupils/{pupil.Id}/safeguarding/meetings/{core}")).StatusCode);
            var timeline = await hoyApi.GetStringAsync($"/api/v1/pupils/{pupil.Id}/timeline");
            Assert.Contains("Meeting: TAF", timeline, StringComparison.Ordinal);
            Assert.DoesNotContain("Core group", timeline, StringComparison.Ordinal);

            await SetAsync(nameof(MeetingType.Taf));
            Assert.Equal(HttpStatusCode.NotFound, (await hoy.GetAsync(meeting)).StatusCode);
            Assert.DoesNotContain("Meeting: TAF", await hoyApi.GetStringAsync($"/api/v1/pupils/{pupil.Id}/timeline"), StringComparison.Ordinal);
            Assert.Contains($"{Marker}-CoreGroup", await dsl.GetStringAsync($"/pupils/{pupil.Id}/safeguarding/meetings/{core}"), StringComparison.Ordinal);
        }
        finally { await SetAsync(Enum.GetNames<MeetingType>().Where(t => t != nameof(MeetingType.Taf)).ToArray()); } // the demo school's own setting: TAF open
    }

    private async Task<HttpResponseMessage> PostAsync(HttpClient web, string path, string? handler, Dictionary<string, string> fields)
    {
        var get = await web.GetStringAsync(path);
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(Token().Match(get).Groups[1].Value);
        return await web.PostAsync(handler is null ? path : $"{path}?handler={handler}", new FormUrlEncodedContent(fields));
    }

    private async Task<int> RaiseAsync(int pupilId)
    {
        var teacher = app.Client(await app.TokenForAsync("teacher"));
        var post = await teacher.PostAsJsonAsync("/api/v1/safeguarding/concerns", new { pupils = new[] { pupilId.ToString() }, categories = new[] { "Neglect" }, description = "Came in hungry again." });
        Assert.Equal(HttpStatusCode.Created, post.StatusCode);
        var id = (await post.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ids")[0].GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await app.Client(await app.TokenForAsync("dsl")).GetAsync($"/api/v1/safeguarding/concerns/{id}")).StatusCode); // opened: New → Open
        return id;
    }

    private Task<ConcernStatus> StatusAsync(int id) => app.WithDbAsync(db => db.Set<SafeguardingConcern>().Where(c => c.Id == id).Select(c => c.Status).SingleAsync());

    private Task RunOverdueJobAsync() => app.WithServicesAsync(async sp =>
    {
        await ActivatorUtilities.CreateInstance<OverdueActionAlerts>(sp).RunAsync(new ScheduledRun(sp, OverdueActionAlerts.Name, app.Clock.GetUtcNow(), null, 1), default);
        return 0;
    });

    private sealed record PupilRef(int Id, string Upn, string Name, int SchoolId);

    private async Task<List<PupilRef>> PupilsAsync(int year, int count) => await app.WithDbAsync(async db =>
    {
        var school = await db.Schools.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
        var used = await db.AuditEntries.Where(a => a.Action == "TestPicked").Select(a => a.PupilId).ToListAsync();
        var picked = await db.Pupils.Where(p => p.SchoolId == school && p.YearGroup!.NcYear == year && p.OnRollTo == null && !used.Contains(p.Id)
                && !db.Set<SafeguardingConcern>().Any(c => c.PupilId == p.Id) && !db.Set<SafeguardingMeeting>().Any(c => c.PupilId == p.Id))
            .OrderByDescending(p => p.Id).Take(count)
            .Select(p => new PupilRef(p.Id, p.Upn, (p.PreferredForename ?? p.LegalForename) + " " + (p.PreferredSurname ?? p.LegalSurname), p.SchoolId)).ToListAsync();
        foreach (var p in picked) db.Audit("TestPicked", "Pupil", p.Id.ToString(), p.Id);
        await db.SaveChangesAsync();
        return picked;
    });

    private Task<int> CountAsync(System.Linq.Expressions.Expression<Func<AuditEntry, bool>> where) =>
        app.WithDbAsync(db => db.AuditEntries.AsNoTracking().CountAsync(where));

    private async Task<Guid> SchoolBDslAsync() => await app.WithServicesAsync(async sp =>
    {
        const string email = $"dsl.b@{AppFixture.Domain}";
        var db = sp.GetRequiredService<PastoralDbContext>();
        if (await db.Users.Where(u => u.Email == email).Select(u => (Guid?)u.Id).FirstOrDefaultAsync() is { } existing) return existing;
        var schoolB = await db.Schools.OrderBy(s => s.Id).Skip(1).Select(s => s.Id).FirstAsync();
        await sp.GetRequiredService<StaffAccounts>().CreateAsync(new NewStaff(email, "Bea School-B", [Roles.Dsl], ScopeKind.Schools, [schoolB], IsDemo: true));
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    });

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex(@"/meetings/(\d+)")]
    private static partial Regex MeetingId();
}

public abstract class TriageApp(DatabaseProvider provider) : AppFixture(provider)
{
    protected override DemoSize Size => new(2, 60);
}

public sealed class TriageSqliteApp() : TriageApp(DatabaseProvider.Sqlite);
public sealed class TriagePostgresApp() : TriageApp(DatabaseProvider.Postgres);

public sealed class TriageTests_Sqlite(TriageSqliteApp app) : TriageTests(app), IClassFixture<TriageSqliteApp>;
public sealed class TriageTests_Postgres(TriagePostgresApp app) : TriageTests(app), IClassFixture<TriagePostgresApp>;
