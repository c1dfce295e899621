using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Pastoral.Data;
using Pastoral.Features.Safeguarding;
using Pastoral.Infrastructure.Demo;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Security;
using Pastoral.Security.Audit;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Safeguarding;

/// <summary>
/// Break-glass in a two-school trust: the headteacher opens a CP/CIN record only with a reason, until the grant ends; the
/// DSLs and deputies of that school (and nobody else) are alerted with nothing of the record; the report and the audit log show
/// the use; and the share rules (only staff of the pupil's school, read-only for the recipient).
/// </summary>
public abstract class BreakGlassTests(BreakGlassApp app)
{
    /// <summary>Planted in every field of the CP/CIN record that can hold text; it must reach nobody but a reader.</summary>
    private const string Marker = "ZQXMARKER42";
    private const string Reason = "Police at reception about a court order; DSL and deputy on a course";

    [Fact]
    public async Task Break_glass_needs_a_reason_then_opens_the_record_until_midnight_and_alerts_only_that_schools_dsls()
    {
        var pupil = await NewRecordAsync(school: 0);
        var dslB = await SchoolBDslAsync();
        var head = app.Client(await app.TokenForAsync("headteacher"));
        Assert.Equal(HttpStatusCode.NotFound, (await head.GetAsync($"/api/v1/pupils/{pupil}/child-protection")).StatusCode);
        var detail = await head.GetStringAsync($"/api/v1/pupils/{pupil}");
        Assert.DoesNotContain(Marker, detail, StringComparison.OrdinalIgnoreCase);

        foreach (var reason in new string?[] { null, "   " })
        {
            var refused = await head.PostAsJsonAsync("/api/v1/safeguarding/break-glass", new { recordType = "ChildProtectionStatus", recordId = pupil, reason });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject(), e => e.Name == "reason");
        }
        var tooLong = await head.PostAsJsonAsync("/api/v1/safeguarding/break-glass", new { recordType = "ChildProtectionStatus", recordId = pupil, reason = new string('x', 1001) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal((0, 0, 0), await TracesAsync(pupil)); // no grant, no audit entry, no alert
        Assert.Equal(HttpStatusCode.NotFound, (await head.PostAsJsonAsync("/api/v1/safeguarding/break-glass",
            new { recordType = "ChildProtectionStatus", recordId = 999_999, reason = Reason })).StatusCode);
        var otherSchool = await NewRecordAsync(school: 1); // a pupil the headteacher of school A does not see
        Assert.Equal(HttpStatusCode.NotFound, (await head.PostAsJsonAsync("/api/v1/safeguarding/break-glass",
            new { recordType = "childprotectionstatus", recordId = otherSchool, reason = Reason })).StatusCode);

        var opened = await head.PostAsJsonAsync("/api/v1/safeguarding/break-glass", new { recordType = "childProtectionStatus", recordId = pupil, reason = Reason });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var grant = await opened.Content.ReadFromJsonAsync<JsonElement>();
        // Opened at 09:30 UTC on Tue 24 Nov 2026: until midnight in London (GMT), so 00:00 UTC on the 25th.
        Assert.Equal(new DateTime(2026, 11, 25, 0, 0, 0, DateTimeKind.Utc), grant.GetProperty("expiresAt").GetDateTime().ToUniversalTime());
        Assert.Equal($"/pupils/{pupil}/child-protection", grant.GetProperty("link").GetString());
        var (grants, audits, alerts) = await TracesAsync(pupil);
        Assert.Equal((1, 1), (grants, audits));
        var reads = await RestrictedReadsAsync(pupil);
        var record = await head.GetStringAsync($"/api/v1/pupils/{pupil}/child-protection");
        Assert.Contains(Marker, record, StringComparison.Ordinal);
        Assert.Equal(reads + 1, await RestrictedReadsAsync(pupil)); // every read after break-glass is a restricted view, audited

        // Every DSL and deputy of school A, in the app and by e-mail; the DSL of school B and the headteacher, nothing.
        var schoolA = new[] { "dsl", "deputy.dsl" };
        Assert.Equal(schoolA.Length, alerts);
        foreach (var local in schoolA)
        {
            var notice = Assert.Single(await NoticesAsync(local), n => n.Link == $"/safeguarding/break-glass#use-{grant.GetProperty("id").GetInt32()}");
            Assert.Contains("Hollis Head", notice.Title, StringComparison.Ordinal);
            Assert.Contains("24 Nov 2026 at 09:30", notice.Title, StringComparison.Ordinal);
            var mail = Assert.Single(await app.Mail.ToAsync($"{local}@{AppFixture.Domain}"), m => (m.TextBody ?? "").Contains($"#use-{grant.GetProperty("id").GetInt32()}", StringComparison.Ordinal));
            Assert.Contains("Emergency access", mail.Subject, StringComparison.Ordinal);
            Assert.Contains("/safeguarding/break-glass", mail.TextBody, StringComparison.Ordinal);
            await AssertNothingOfTheRecordAsync(pupil, mail.Subject + "\n" + mail.TextBody + "\n" + notice.Title);
        }
        Assert.Empty(await app.WithDbAsync(db => db.Set<StaffNotification>().Where(n => n.StaffId == dslB && n.Kind == "break-glass").ToListAsync()));
        Assert.Empty(await app.Mail.ToAsync($"dsl.school-b@{AppFixture.Domain}"));
        Assert.Empty(await NoticesAsync("headteacher"));
        Assert.Single(await app.Mail.ToAsync($"dsl@{AppFixture.Domain}"), m => (m.TextBody ?? "").Contains($"#use-{grant.GetProperty("id").GetInt32()}", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Log.Messages, m => m.Contains(Marker, StringComparison.OrdinalIgnoreCase) || m.Contains(Reason, StringComparison.Ordinal));

        // Past the grant's end the record is closed again, and stays so until another break-glass.
        app.Clock.Advance(TimeSpan.FromHours(15));
        try { Assert.Equal(HttpStatusCode.NotFound, (await head.GetAsync($"/api/v1/pupils/{pupil}/child-protection")).StatusCode); }
        finally { app.Clock.Advance(TimeSpan.FromHours(-15)); }
    }

    [Fact]
    public async Task Only_the_headteacher_may_break_glass_and_only_they_see_the_option()
    {
        var pupil = await NewRecordAsync(school: 0);
        foreach (var local in new[] { "teacher", "head", "dsl", "hoy8" })
        {
            var client = app.Client(await app.TokenForAsync(local));
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/v1/safeguarding/break-glass",
                new { recordType = "ChildProtectionStatus", recordId = pupil, reason = Reason })).StatusCode);
        }
        Assert.Equal((0, 0, 0), await TracesAsync(pupil));
        foreach (var local in new[] { "teacher", "head", "hoy8" })
        {
            var web = await app.SignedInAsync(local);
            var profile = await web.GetStringAsync($"/pupils/{pupil}");
            Assert.DoesNotContain("open in an emergency", profile, StringComparison.Ordinal);
            Assert.DoesNotContain("/safeguarding/break-glass", profile, StringComparison.Ordinal);
            Assert.DoesNotContain(Marker, profile, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(HttpStatusCode.NotFound, (await web.GetAsync($"/pupils/{pupil}/child-protection")).StatusCode);
            Assert.NotEqual(HttpStatusCode.OK, (await web.GetAsync($"/safeguarding/break-glass/ChildProtectionStatus/{pupil}")).StatusCode);
        }
        var headteacher = await app.SignedInAsync("headteacher");
        var own = await headteacher.GetStringAsync($"/pupils/{pupil}");
        Assert.Contains("open in an emergency", own, StringComparison.Ordinal);
        Assert.DoesNotContain(Marker, own, StringComparison.OrdinalIgnoreCase);
        var none = await PupilWithoutRecordAsync(school: 0); // offered on every pupil, so the option reveals nothing
        Assert.Contains("open in an emergency", await headteacher.GetStringAsync($"/pupils/{none}"), StringComparison.Ordinal);
        var page = await headteacher.GetAsync($"/pupils/{pupil}/child-protection");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal($"/safeguarding/break-glass/ChildProtectionStatus/{pupil}", page.Headers.Location!.OriginalString);
        Assert.Equal(0, await RestrictedReadsAsync(pupil));
    }

    [Fact]
    public async Task The_form_refuses_no_reason_then_opens_read_only_and_the_report_and_audit_log_show_the_use()
    {
        var pupil = await NewRecordAsync(school: 0);
        var headteacher = await app.SignedInAsync("headteacher");
        var form = $"/safeguarding/break-glass/ChildProtectionStatus/{pupil}";
        var empty = await WebSignIn.PostFormAsync(headteacher, form, new() { ["Input.Reason"] = "", ["Input.Confirm"] = "true" });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("Enter why you need to open this record in an emergency", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var unconfirmed = await WebSignIn.PostFormAsync(headteacher, form, new() { ["Input.Reason"] = Reason });
        Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
        Assert.Contains(Reason, await unconfirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal); // the input kept
        Assert.Equal((0, 0, 0), await TracesAsync(pupil));

        var opened = await WebSignIn.PostFormAsync(headteacher, form, new() { ["Input.Reason"] = Reason, ["Input.Confirm"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Equal($"/pupils/{pupil}/child-protection", opened.Headers.Location!.OriginalString);
        var record = await headteacher.GetStringAsync($"/pupils/{pupil}/child-protection");
        Assert.Contains(Marker, record, StringComparison.Ordinal);
        Assert.Contains("cp-read-only", record, StringComparison.Ordinal);
        Assert.DoesNotContain("Save status", record, StringComparison.Ordinal);
        // Read-only: a status posted anyway changes nothing.
        var change = await headteacher.PostAsync($"/pupils/{pupil}/child-protection", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(record), ["Input.Status"] = "None",
        }));
        Assert.Equal(HttpStatusCode.NotFound, change.StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<ChildProtectionRecord>().CountAsync(r => r.PupilId == pupil)));

        var dsl = await app.SignedInAsync("dsl");
        var report = await dsl.GetStringAsync("/safeguarding/break-glass");
        Assert.Contains("Hollis Head", report, StringComparison.Ordinal);
        Assert.Contains(Reason, report, StringComparison.Ordinal);
        Assert.Contains($"href=\"/pupils/{pupil}/child-protection\"", report, StringComparison.Ordinal);
        Assert.Contains("id=\"use-", report, StringComparison.Ordinal);
        var audit = await dsl.GetStringAsync($"/admin/audit?action={AuditActions.BrokeGlass}");
        Assert.Contains("Opened in an emergency (break-glass)", audit, StringComparison.Ordinal);
        Assert.Contains("Hollis Head", audit, StringComparison.Ordinal);
        Assert.Contains(Reason, await headteacher.GetStringAsync("/safeguarding/break-glass"), StringComparison.Ordinal);
        await SchoolBDslAsync();
        var schoolB = await app.WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<PastoralDbContext>();
            var id = await db.Users.Where(u => u.Email == $"dsl.school-b@{AppFixture.Domain}").Select(u => u.Id).SingleAsync();
            return await sp.GetRequiredService<BreakGlassReport>().ForAsync((await CurrentStaff.LoadAsync(db, id, app.Clock))!, 1, 50, default);
        });
        Assert.DoesNotContain(schoolB.Rows, r => r.PupilId == pupil);
        var denied = await (await app.SignedInAsync("teacher")).GetAsync("/safeguarding/break-glass");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode); // a page's 403 is the "You do not have access" page
        Assert.Contains("/account/denied", denied.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_share_goes_only_to_staff_of_the_pupils_school_in_the_future_and_is_read_only_for_the_recipient()
    {
        var pupil = await NewRecordAsync(school: 0);
        await SchoolBDslAsync();
        var dsl = app.Client(await app.TokenForAsync("dsl"));
        var elsewhere = await dsl.PostAsJsonAsync("/api/v1/safeguarding/shares",
            new { pupil = pupil.ToString(), with = $"dsl.school-b@{AppFixture.Domain}", expiresAt = app.Clock.GetUtcNow().AddDays(3), reason = "Core group" });
        Assert.Equal(HttpStatusCode.BadRequest, elsewhere.StatusCode);
        var with = (await elsewhere.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("with")[0].GetString();
        Assert.Contains("does not work at", with, StringComparison.Ordinal);
        var past = await dsl.PostAsJsonAsync("/api/v1/safeguarding/shares",
            new { pupil = pupil.ToString(), with = $"hoy8@{AppFixture.Domain}", expiresAt = app.Clock.GetUtcNow().AddDays(-1), reason = "Core group" });
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.True((await past.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("expiresAt", out _));
        Assert.Equal(0, await app.WithDbAsync(db => db.RecordShares.CountAsync(s => s.PupilId == pupil)));

        Assert.Equal(HttpStatusCode.Created, (await dsl.PostAsJsonAsync("/api/v1/safeguarding/shares",
            new { pupil = pupil.ToString(), with = $"hoy8@{AppFixture.Domain}", expiresAt = app.Clock.GetUtcNow().AddDays(3), reason = "Core group" })).StatusCode);
        var recipient = app.Client(await app.TokenForAsync("hoy8"));
        Assert.Contains(Marker, await recipient.GetStringAsync($"/api/v1/pupils/{pupil}/child-protection"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await recipient.PutAsJsonAsync($"/api/v1/pupils/{pupil}/child-protection", new { status = "None" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await recipient.PostAsJsonAsync("/api/v1/safeguarding/shares",
            new { pupil = pupil.ToString(), with = $"teacher@{AppFixture.Domain}", expiresAt = app.Clock.GetUtcNow().AddDays(1), reason = "Passing it on" })).StatusCode);
        var web = await app.SignedInAsync("hoy8");
        var page = await web.GetStringAsync($"/pupils/{pupil}/child-protection");
        Assert.Contains("cp-read-only", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Share this record", page, StringComparison.Ordinal);
        var share = await web.PostAsync($"/pupils/{pupil}/child-protection?handler=Share", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(page), ["Share.With"] = $"teacher@{AppFixture.Domain}", ["Share.Until"] = "2026-11-30", ["Share.Reason"] = "Passing it on",
        }));
        Assert.Equal(HttpStatusCode.NotFound, share.StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.RecordShares.CountAsync(s => s.PupilId == pupil)));
    }

    private async Task AssertNothingOfTheRecordAsync(int pupil, string text)
    {
        var names = await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == pupil)
            .Select(p => new[] { p.LegalForename, p.LegalSurname, p.PreferredForename, p.PreferredSurname, p.Upn }).SingleAsync());
        Assert.DoesNotContain(Marker, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Reason, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Child protection", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain($"/pupils/{pupil}", text, StringComparison.Ordinal);
        foreach (var name in names.Where(n => !string.IsNullOrEmpty(n))) Assert.DoesNotContain(name!, text, StringComparison.Ordinal);
    }

    private static string Token(string page) => WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex
        .Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);

    private Task<List<StaffNotification>> NoticesAsync(string local) => app.WithDbAsync(db =>
        db.Set<StaffNotification>().Where(n => n.Kind == RestrictedAccess.BreakGlassAlert.Name && db.Users.Any(u => u.Id == n.StaffId && u.Email == $"{local}@{AppFixture.Domain}"))
            .AsNoTracking().ToListAsync());

    /// <summary>Grants, BrokeGlass audit entries and alerts (the notices linking to this pupil's grants) about this pupil's record.</summary>
    private Task<(int, int, int)> TracesAsync(int pupil) => app.WithDbAsync(async db =>
    {
        var grants = await db.BreakGlassGrants.Where(g => g.PupilId == pupil).Select(g => g.Id).ToListAsync();
        var links = grants.Select(id => $"/safeguarding/break-glass#use-{id}").ToList();
        return (grants.Count, await db.AuditEntries.CountAsync(a => a.PupilId == pupil && a.Action == AuditActions.BrokeGlass),
            await db.Set<StaffNotification>().CountAsync(n => n.Kind == RestrictedAccess.BreakGlassAlert.Name && links.Contains(n.Link!)));
    });

    private async Task<int> PupilWithoutRecordAsync(int school) => await app.WithDbAsync(async db =>
    {
        var schoolId = await db.Schools.OrderBy(s => s.Id).Skip(school).Select(s => s.Id).FirstAsync();
        var records = db.Set<ChildProtectionRecord>();
        var used = await db.AuditEntries.Where(a => a.Action == "TestPicked").Select(a => a.PupilId).ToListAsync();
        // Year 8: hoy8 (a head of year, who receives a share) sees them too.
        var id = await db.Pupils.Where(p => p.SchoolId == schoolId && p.YearGroup!.NcYear == 8 && !records.Any(r => r.PupilId == p.Id) && !used.Contains(p.Id))
            .OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
        db.Audit("TestPicked", "Pupil", id.ToString(), id);
        await db.SaveChangesAsync();
        return id;
    });

    private async Task<int> NewRecordAsync(int school)
    {
        var pupil = await PupilWithoutRecordAsync(school);
        await app.WithDbAsync(async db =>
        {
            db.Set<ChildProtectionRecord>().Add(new ChildProtectionRecord
            {
                PupilId = pupil, Status = ChildProtectionStatus.Cp, StartDate = new DateOnly(2026, 10, 1), LocalAuthority = $"999 {Marker} Council",
                SocialWorkerName = $"Robin {Marker}", SocialWorkerPhone = "07700 900321", SocialWorkerEmail = $"{Marker.ToLowerInvariant()}@example.org",
                RecordedAt = app.Clock.GetUtcNow().UtcDateTime, RecordedByName = "Dana Lead",
            });
            await db.SaveChangesAsync();
        });
        return pupil;
    }

    private async Task<Guid> SchoolBDslAsync() => await app.WithServicesAsync(async sp =>
    {
        var db = sp.GetRequiredService<PastoralDbContext>();
        var email = $"dsl.school-b@{AppFixture.Domain}";
        if (await db.Users.Where(u => u.Email == email).Select(u => (Guid?)u.Id).FirstOrDefaultAsync() is { } id) return id;
        var schoolB = await db.Schools.OrderBy(s => s.Id).Skip(1).Select(s => s.Id).FirstAsync();
        return (await sp.GetRequiredService<StaffAccounts>().CreateAsync(new NewStaff(email, "Bea School-B", [Roles.Dsl], ScopeKind.Schools, [schoolB], IsDemo: true))).User.Id;
    });

    private Task<int> RestrictedReadsAsync(int pupil) =>
        app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.PupilId == pupil && a.Action == AuditActions.ViewedRestricted));
}

/// <summary>Two schools, and every log line the app writes (any level), so a test can look for what must never be logged.</summary>
public abstract class BreakGlassApp(DatabaseProvider provider) : AppFixture(provider)
{
    protected override DemoSize Size => new(2, 60);
    public AllLogs Log { get; } = new();
    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(Log);
}

public sealed class AllLogs : ILoggerProvider
{
    public ConcurrentQueue<string> Messages { get; } = new();
    public ILogger CreateLogger(string categoryName) => new Sink(this, categoryName);
    public void Dispose() { }

    private sealed class Sink(AllLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Messages.Enqueue($"{category}: {formatter(state, exception)} {exception}");
    }
}

public sealed class SqliteBreakGlassApp() : BreakGlassApp(DatabaseProvider.Sqlite);
public sealed class PostgresBreakGlassApp() : BreakGlassApp(DatabaseProvider.Postgres);
public sealed class BreakGlassTests_Sqlite(SqliteBreakGlassApp app) : BreakGlassTests(app), IClassFixture<SqliteBreakGlassApp>;
public sealed class BreakGlassTests_Postgres(PostgresBreakGlassApp app) : BreakGlassTests(app), IClassFixture<PostgresBreakGlassApp>;
