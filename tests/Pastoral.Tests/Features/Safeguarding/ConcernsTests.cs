using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Pastoral.Data;
using Pastoral.Features.Safeguarding.Concerns;
using Pastoral.Infrastructure.Demo;
using Pastoral.Infrastructure.Scheduling;
using Pastoral.Security;
using Pastoral.Security.Audit;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Safeguarding;

/// <summary>
/// Raising a safeguarding concern in a two-school trust: one record per pupil, audited; the raiser and other staff never see it again
/// (pages, API, profile, timeline, e-mail, log); the school's DSLs are told at once and again every 15 minutes while an urgent one stays
/// unopened; the DSL reads it through RestrictedAccess (one entry per open, one per list); a DSL of the other school cannot.
/// </summary>
public abstract class ConcernsTests(ConcernsApp app)
{
    private const string Marker = "ZQX-MARKER";

    [Fact]
    public async Task A_concern_gives_each_pupil_a_record_reaches_only_the_schools_dsls_and_never_comes_back_to_the_raiser()
    {
        var pupils = await PupilsAsync(year: 8, count: 2);
        var teacher = app.Client(await app.TokenForAsync("teacher"));
        var categoryId = (await teacher.GetFromJsonAsync<JsonElement>("/api/v1/safeguarding/categories")).GetProperty("items").EnumerateArray()
            .First(c => c.GetProperty("name").GetString() == "Neglect").GetProperty("id").GetInt32();
        var auditedBefore = await CountAsync(a => a.Action == AuditActions.Created && a.EntityType == nameof(SafeguardingConcern));
        var post = await teacher.PostAsJsonAsync("/api/v1/safeguarding/concerns", new
        {
            pupils = new[] { pupils[0].Id.ToString(), pupils[1].Upn }, categories = new object[] { categoryId.ToString(), "Mental health" },
            description = $"{Marker}-description", childsWords = $"{Marker}-words", location = $"{Marker}-location", actionTaken = $"{Marker}-action",
            occurredAt = "2026-11-24T09:00", urgent = false, bodyMap = new[] { new { side = "front", x = 100.0, y = 130.0, description = $"{Marker}-mark" } },
        });
        Assert.Equal(HttpStatusCode.Created, post.StatusCode);
        var answer = await post.Content.ReadAsStringAsync();
        Assert.DoesNotContain(Marker, answer, StringComparison.Ordinal);
        Assert.DoesNotContain("Neglect", answer, StringComparison.Ordinal);
        var received = JsonDocument.Parse(answer).RootElement;
        Assert.Equal("Taylor Teacher", received.GetProperty("receivedBy").GetString());
        var ids = received.GetProperty("ids").EnumerateArray().Select(i => i.GetInt32()).ToList();
        Assert.Equal(2, ids.Count);
        var rows = await app.WithDbAsync(db => db.Set<SafeguardingConcern>().AsNoTracking().Include(c => c.Categories).Include(c => c.Marks)
            .Where(c => ids.Contains(c.Id)).ToListAsync());
        Assert.Equal(pupils.Select(p => p.Id).Order(), rows.Select(r => r.PupilId).Order());
        Assert.Single(rows.Select(r => r.BatchId).Distinct());
        Assert.All(rows, r => { Assert.Equal(2, r.Categories.Count); Assert.Single(r.Marks); Assert.Equal(ConcernStatus.New, r.Status); });
        Assert.Equal(auditedBefore + 2, await CountAsync(a => a.Action == AuditActions.Created && a.EntityType == nameof(SafeguardingConcern)));

        // The raiser (a teacher), a head of year and a senior leader: no page, no API, nothing on the profile or timeline.
        var raiserWeb = await app.SignedInAsync("teacher");
        Assert.Equal(HttpStatusCode.NotFound, (await raiserWeb.GetAsync($"/safeguarding/concerns/{ids[0]}")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await raiserWeb.GetAsync("/safeguarding/concerns")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await teacher.GetAsync($"/api/v1/safeguarding/concerns/{ids[0]}")).StatusCode);
        Assert.Equal(0, (await teacher.GetFromJsonAsync<JsonElement>("/api/v1/safeguarding/concerns")).GetProperty("total").GetInt32());
        foreach (var who in new[] { "teacher", "hoy8", "head" })
        {
            var api = app.Client(await app.TokenForAsync(who));
            var web = await app.SignedInAsync(who);
            foreach (var body in new[]
            {
                await web.GetStringAsync($"/pupils/{pupils[0].Id}"), await api.GetStringAsync($"/api/v1/pupils/{pupils[0].Id}/timeline"),
                await api.GetStringAsync($"/api/v1/pupils/{pupils[0].Id}"), await api.GetStringAsync("/api/v1/safeguarding/concerns"),
            })
            {
                Assert.DoesNotContain(Marker, body, StringComparison.Ordinal);
                Assert.DoesNotContain("concern raised", body, StringComparison.OrdinalIgnoreCase);
            }
        }

        // The school's DSL and deputy are told, by e-mail with no text, no pupil name and no category.
        foreach (var dsl in new[] { "dsl", "deputy.dsl" })
        {
            var mail = (await app.Mail.ToAsync($"{dsl}@{AppFixture.Domain}")).Last(m => (m.TextBody ?? "").Contains("/safeguarding/concerns", StringComparison.Ordinal));
            var text = mail.Subject + (mail.TextBody ?? "");
            Assert.Contains("2 safeguarding concerns have been raised", text, StringComparison.Ordinal);
            foreach (var secret in new[] { Marker, "Neglect", "Mental health", pupils[0].Name, pupils[1].Name, pupils[0].Upn })
                Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
        }
        Assert.DoesNotContain(app.Logs.Messages, m => m.Contains(Marker, StringComparison.Ordinal));

        // The DSL reads them: one audit entry naming both for the list, one for each open, and the first open marks it opened.
        var dslApi = app.Client(await app.TokenForAsync("dsl"));
        var listedBefore = await CountAsync(a => a.Action == AuditActions.ViewedRestricted && a.EntityType == SafeguardingConcern.RecordType && a.EntityId == null);
        var list = await dslApi.GetStringAsync("/api/v1/safeguarding/concerns?pageSize=200");
        Assert.Contains($"{Marker}-description", list, StringComparison.Ordinal);
        var listEntries = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(a => a.Action == AuditActions.ViewedRestricted && a.EntityType == SafeguardingConcern.RecordType && a.EntityId == null).OrderBy(a => a.Id).ToListAsync());
        Assert.Equal(listedBefore + 1, listEntries.Count);
        Assert.Contains($" {ids[0]}", listEntries[^1].Detail, StringComparison.Ordinal);
        Assert.Contains($" {ids[1]}", listEntries[^1].Detail, StringComparison.Ordinal);
        var opensBefore = await CountAsync(a => a.Action == AuditActions.ViewedRestricted && a.EntityId == ids[0].ToString() && a.EntityType == SafeguardingConcern.RecordType);
        var dslWeb = await app.SignedInAsync("dsl");
        var page = await dslWeb.GetStringAsync($"/safeguarding/concerns/{ids[0]}");
        foreach (var field in new[] { "description", "words", "location", "action", "mark" }) Assert.Contains($"{Marker}-{field}", page, StringComparison.Ordinal);
        Assert.Equal(opensBefore + 1, await CountAsync(a => a.Action == AuditActions.ViewedRestricted && a.EntityId == ids[0].ToString() && a.EntityType == SafeguardingConcern.RecordType));
        var opened = await app.WithDbAsync(db => db.Set<SafeguardingConcern>().AsNoTracking().SingleAsync(c => c.Id == ids[0]));
        Assert.Equal("Dana Lead", opened.OpenedByName);
        Assert.Equal(ConcernStatus.Open, opened.Status);
        Assert.Contains("Safeguarding concern raised", await dslApi.GetStringAsync($"/api/v1/pupils/{pupils[0].Id}/timeline"), StringComparison.Ordinal);

        // A DSL of the trust's other school: not found, not listed.
        var otherDsl = app.Client(await app.TokenForAsync(await SchoolBDslAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await otherDsl.GetAsync($"/api/v1/safeguarding/concerns/{ids[0]}")).StatusCode);
        Assert.DoesNotContain(Marker, await otherDsl.GetStringAsync("/api/v1/safeguarding/concerns?pageSize=200"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_urgent_concern_nobody_opens_is_alerted_again_every_15_minutes_until_a_dsl_opens_it()
    {
        var pupil = (await PupilsAsync(year: 8, count: 1))[0];
        var teacher = app.Client(await app.TokenForAsync("teacher"));
        var post = await teacher.PostAsJsonAsync("/api/v1/safeguarding/concerns", new
        {
            pupils = new[] { pupil.Id.ToString() }, categories = new[] { "Neglect" }, description = $"{Marker} urgent", urgent = true,
        });
        Assert.Equal(HttpStatusCode.Created, post.StatusCode);
        var id = (await post.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ids")[0].GetInt32();
        async Task<int> AlertsAsync(string who) => (await app.Mail.ToAsync($"{who}@{AppFixture.Domain}"))
            .Count(m => (m.TextBody ?? "").Contains($"/safeguarding/concerns/{id}\n", StringComparison.Ordinal) || (m.TextBody ?? "").Contains($"/safeguarding/concerns/{id}\r", StringComparison.Ordinal));
        Assert.Equal(1, await AlertsAsync("dsl"));
        var first = (await app.Mail.ToAsync($"dsl@{AppFixture.Domain}"))[^1];
        Assert.Contains("(urgent)", first.Subject, StringComparison.Ordinal);
        var start = app.Clock.GetUtcNow();
        try
        {
            await RunJobAtAsync(start.AddMinutes(14));
            Assert.Equal(1, await AlertsAsync("dsl"));
            await RunJobAtAsync(start.AddMinutes(15));
            await RunJobAtAsync(start.AddMinutes(15)); // a second instance running the same check sends nothing more
            Assert.Equal(2, await AlertsAsync("dsl"));
            Assert.Equal(2, await AlertsAsync("deputy.dsl"));
            await RunJobAtAsync(start.AddMinutes(29));
            Assert.Equal(2, await AlertsAsync("dsl"));
            await RunJobAtAsync(start.AddMinutes(30));
            Assert.Equal(3, await AlertsAsync("dsl"));
            var dsl = app.Client(await app.TokenForAsync("deputy.dsl"));
            Assert.Equal(HttpStatusCode.OK, (await dsl.GetAsync($"/api/v1/safeguarding/concerns/{id}")).StatusCode);
            await RunJobAtAsync(start.AddMinutes(60));
            Assert.Equal(3, await AlertsAsync("dsl"));
        }
        finally { app.Clock.Set(start); }
    }

    [Fact]
    public async Task Bad_input_is_a_400_naming_each_field_and_nothing_is_saved()
    {
        var pupil = (await PupilsAsync(year: 8, count: 1))[0];
        var outOfScope = (await PupilsAsync(year: 7, count: 1))[0]; // the teacher sees Year 8 only
        var teacher = app.Client(await app.TokenForAsync("teacher"));
        var before = await app.WithDbAsync(db => db.Set<SafeguardingConcern>().CountAsync());
        async Task<JsonElement> ProblemsAsync(object body)
        {
            var response = await teacher.PostAsJsonAsync("/api/v1/safeguarding/concerns", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain(Marker, text, StringComparison.Ordinal);
            return JsonDocument.Parse(text).RootElement.GetProperty("errors");
        }
        var empty = await ProblemsAsync(new { pupils = Array.Empty<string>(), categories = Array.Empty<string>(), description = "" });
        Assert.True(empty.TryGetProperty("pupils", out _) && empty.TryGetProperty("categories", out _) && empty.TryGetProperty("description", out _));
        var hidden = await ProblemsAsync(new { pupils = new[] { outOfScope.Id.ToString() }, categories = new[] { "Neglect" }, description = Marker });
        Assert.Contains("no pupil", hidden.GetProperty("pupils")[0].GetString(), StringComparison.OrdinalIgnoreCase);
        var outside = await ProblemsAsync(new
        {
            pupils = new[] { pupil.Id.ToString() }, categories = new[] { "Neglect" }, description = Marker,
            bodyMap = new[] { new { side = "front", x = 100.0, y = 130.0, description = "on the chest" }, new { side = "back", x = 20.0, y = 20.0, description = Marker } },
        });
        Assert.False(outside.TryGetProperty("bodyMap[0]", out _));
        Assert.Contains("outside the body outline", outside.GetProperty("bodyMap[1]")[0].GetString(), StringComparison.Ordinal);
        var unknown = await ProblemsAsync(new { pupils = new[] { pupil.Id.ToString() }, categories = new[] { "Not a category" }, description = Marker });
        Assert.True(unknown.TryGetProperty("categories", out _));

        // The form: the error summary in staff's words, the input kept; a file named as a PDF that is text is refused.
        var web = await app.SignedInAsync("teacher");
        var form = await web.GetStringAsync($"/safeguarding/concerns/new?pupils={pupil.Id}");
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(WebUtility.HtmlDecode(token)), "__RequestVerificationToken" }, { new StringContent(pupil.Id.ToString()), "pupils" },
            { new StringContent("Neglect"), "categories" }, { new StringContent($"{Marker}-kept"), "childsWords" }, { new StringContent("save"), "action" },
            { new ByteArrayContent("just some text"u8.ToArray()), "attachments", "note.pdf" },
        };
        var posted = await web.PostAsync("/safeguarding/concerns/new", content);
        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        var page = await posted.Content.ReadAsStringAsync();
        Assert.Contains("id=\"error-summary\"", page, StringComparison.Ordinal);
        Assert.Contains("Describe what you saw or heard", page, StringComparison.Ordinal);
        Assert.Contains("its content is a plain text file", page, StringComparison.Ordinal);
        Assert.Contains($"{Marker}-kept", page, StringComparison.Ordinal);
        Assert.Equal(before, await app.WithDbAsync(db => db.Set<SafeguardingConcern>().CountAsync()));
    }

    [Fact]
    public async Task The_form_saves_and_tells_the_raiser_only_when_and_by_whom()
    {
        var pupil = (await PupilsAsync(year: 8, count: 1))[0];
        var web = await app.SignedInAsync("teacher");
        var saved = await WebSignIn.PostFormAsync(web, $"/safeguarding/concerns/new?pupils={pupil.Id}", new()
        {
            ["pupils"] = pupil.Id.ToString(), ["categories"] = "Neglect", ["description"] = $"{Marker}-form", ["action"] = "save",
            ["marks[0].side"] = "back", ["marks[0].x"] = "100", ["marks[0].y"] = "150", ["marks[0].description"] = $"{Marker}-back",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var page = await web.GetStringAsync(saved.Headers.Location!.OriginalString);
        Assert.Contains("Your concern was received at", page, StringComparison.Ordinal);
        Assert.Contains("Taylor Teacher", page, StringComparison.Ordinal);
        Assert.DoesNotContain(Marker, page, StringComparison.Ordinal);
        Assert.DoesNotContain("Neglect\" checked", page, StringComparison.Ordinal);
        var mark = await app.WithDbAsync(db => db.Set<SafeguardingBodyMark>().AsNoTracking().SingleAsync(m => m.Description == $"{Marker}-back"));
        Assert.Equal(BodySide.Back, mark.Side);
    }

    private async Task RunJobAtAsync(DateTimeOffset at)
    {
        app.Clock.Set(at);
        await app.WithServicesAsync(async sp =>
        {
            await ActivatorUtilities.CreateInstance<UrgentConcernAlerts>(sp).RunAsync(new ScheduledRun(sp, UrgentConcernAlerts.Name, at, null, 1), default);
            return 0;
        });
    }

    private sealed record PupilRef(int Id, string Upn, string Name);

    private async Task<List<PupilRef>> PupilsAsync(int year, int count) => await app.WithDbAsync(async db =>
    {
        var school = await db.Schools.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
        var used = await db.AuditEntries.Where(a => a.Action == "TestPicked").Select(a => a.PupilId).ToListAsync();
        var concerns = db.Set<SafeguardingConcern>();
        var picked = await db.Pupils.Where(p => p.SchoolId == school && p.YearGroup!.NcYear == year && p.OnRollTo == null && !used.Contains(p.Id) && !concerns.Any(c => c.PupilId == p.Id))
            .OrderBy(p => p.Id).Take(count)
            .Select(p => new PupilRef(p.Id, p.Upn, (p.PreferredForename ?? p.LegalForename) + " " + (p.PreferredSurname ?? p.LegalSurname))).ToListAsync();
        foreach (var p in picked) db.Audit("TestPicked", "Pupil", p.Id.ToString(), p.Id);
        await db.SaveChangesAsync();
        return picked;
    });

    private Task<int> CountAsync(System.Linq.Expressions.Expression<Func<AuditEntry, bool>> where) =>
        app.WithDbAsync(db => db.AuditEntries.AsNoTracking().CountAsync(where));

    private async Task<string> SchoolBDslAsync()
    {
        const string local = "dsl.school-b";
        await app.WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<PastoralDbContext>();
            if (await db.Users.AnyAsync(u => u.Email == $"{local}@{AppFixture.Domain}")) return 0;
            var schoolB = await db.Schools.OrderBy(s => s.Id).Skip(1).Select(s => s.Id).FirstAsync();
            await sp.GetRequiredService<StaffAccounts>().CreateAsync(new NewStaff($"{local}@{AppFixture.Domain}", "Bea School-B", [Roles.Dsl], ScopeKind.Schools, [schoolB], IsDemo: true));
            return 0;
        });
        return local;
    }
}

/// <summary>Two schools, and every log line the app writes kept, so a test can look for a planted marker in it.</summary>
public abstract class ConcernsApp(DatabaseProvider provider) : AppFixture(provider)
{
    protected override DemoSize Size => new(2, 60);
    public LogSink Logs { get; } = new();
    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(Logs);
}

public sealed class ConcernsSqliteApp() : ConcernsApp(DatabaseProvider.Sqlite);
public sealed class ConcernsPostgresApp() : ConcernsApp(DatabaseProvider.Postgres);

/// <summary>Keeps every line the app logs at any level, with its exception.</summary>
public sealed class LogSink : ILoggerProvider
{
    public ConcurrentQueue<string> Messages { get; } = new();
    public ILogger CreateLogger(string categoryName) => new Sink(this, categoryName);
    public void Dispose() { }

    private sealed class Sink(LogSink owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Messages.Enqueue($"{category}: {formatter(state, exception)} {exception}");
    }
}

public sealed class ConcernsTests_Sqlite(ConcernsSqliteApp app) : ConcernsTests(app), IClassFixture<ConcernsSqliteApp>;
public sealed class ConcernsTests_Postgres(ConcernsPostgresApp app) : ConcernsTests(app), IClassFixture<ConcernsPostgresApp>;
