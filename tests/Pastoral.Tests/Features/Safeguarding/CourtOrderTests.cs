using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Pastoral.Data;
using Pastoral.Features.Attendance.Calling;
using Pastoral.Features.Notifications.Contacts;
using Pastoral.Features.Pupils;
using Pastoral.Features.Safeguarding.Orders;
using Pastoral.Security;
using Pastoral.Security.Audit;
using Pastoral.Tests.Features.Attendance.Calling;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Safeguarding;

/// <summary>
/// Court orders and contact restrictions, care details and Operation Encompass (issue 10, item 5): the plain warning reaches everyone who
/// sees the contacts, the order's detail only its readers (audited); no message or call goes to someone who may not be given information.
/// </summary>
public abstract partial class CourtOrderTests(OrdersApp app)
{
    private static readonly string[] Markers = ["MARKERKINDOTHER", "MARKERCOURT", "MARKERREF", "MARKERTERMS", "MARKERAUTHORITY", "MARKERWORKER",
        "MARKERVIRTUAL", "MARKERPLACEMENT", "MARKERCONTENT", "MARKERTOLD", "MARKERSUPPORT", "MARKERFOLLOW"];

    [Fact]
    public async Task The_warning_reaches_staff_who_see_the_contacts_and_the_detail_only_the_dsl()
    {
        var (pupil, target, _) = await PupilWithTwoContactsAsync(0);
        await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == pupil).ExecuteUpdateAsync(s => s.SetProperty(p => p.LookedAfter, LookedAfterStatus.Lac)));
        var dsl = await app.SignedInAsync("dsl");
        Assert.Equal(HttpStatusCode.Redirect, (await Post(dsl, $"/pupils/{pupil}/safeguarding/records/orders", new()
        {
            ["kind"] = "Other", ["kindOther"] = "MARKERKINDOTHER order", ["contact"] = target.ToString(), ["mayNotCollect"] = "true", ["noInformation"] = "true",
            ["startDate"] = "2026-11-01", ["court"] = "MARKERCOURT", ["reference"] = "MARKERREF", ["terms"] = "MARKERTERMS",
        })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Post(dsl, $"/pupils/{pupil}/safeguarding/records/care", new()
        {
            ["careAuthority"] = "MARKERAUTHORITY", ["socialWorkerName"] = "MARKERWORKER", ["virtualSchoolContact"] = "MARKERVIRTUAL",
            ["pepDates"] = "2026-09-15, 2026-06-01", ["nextPepDue"] = "2026-12-15", ["placementType"] = "MARKERPLACEMENT",
        })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Post(dsl, $"/pupils/{pupil}/safeguarding/records/encompass", new()
        {
            ["receivedAt"] = "2026-11-24T08:05", ["incidentDate"] = "2026-11-23", ["content"] = "MARKERCONTENT", ["toldInSchool"] = "MARKERTOLD",
            ["supportGiven"] = "MARKERSUPPORT", ["followUp"] = "MARKERFOLLOW",
        })).StatusCode);
        const string warning = "Do not release the child to this person or give them any information";

        foreach (var who in new[] { "teacher", "hoy8", "head" })
        {
            var web = await app.SignedInAsync(who);
            var api = app.Client(await app.TokenForAsync(who));
            var profile = await web.GetStringAsync($"/pupils/{pupil}");
            Assert.Contains(warning, profile, StringComparison.Ordinal);
            var restrictions = await api.GetFromJsonAsync<JsonElement>($"/api/v1/pupils/{pupil}/contact-restrictions");
            var item = Assert.Single(restrictions.GetProperty("items").EnumerateArray());
            Assert.Equal(target, item.GetProperty("contactId").GetInt32());
            Assert.Equal(JsonValueKind.Null, item.GetProperty("order").ValueKind);
            var surfaces = new[] { profile, restrictions.GetRawText(), await api.GetStringAsync($"/api/v1/pupils/{pupil}/timeline"),
                await web.GetStringAsync($"/pupils/{pupil}/family-contacts/log") };
            foreach (var text in surfaces) AssertNoMarker(text, who);
            Assert.DoesNotContain("Court order", surfaces[2], StringComparison.OrdinalIgnoreCase);
            Assert.Equal(HttpStatusCode.NotFound, (await web.GetAsync($"/pupils/{pupil}/safeguarding/records")).StatusCode);
        }
        // The calling queue does not offer the contact, and says why in plain words.
        await app.WithDbAsync(db => db.Set<FirstDayCall>().ExecuteDeleteAsync());
        var calling = await (await app.SignedInAsync("hoy8")).GetStringAsync($"/attendance/calling?handler=List&school={await SchoolAsync()}");
        Assert.Contains("Do not call", calling, StringComparison.Ordinal);
        AssertNoMarker(calling, "the calling queue");
        var family = (await QueueAsync("hoy8")).ToCall.Single(f => f.Pupils.Any(p => p.PupilId == pupil));
        Assert.DoesNotContain(family.Contacts, c => c.Id == target);
        Assert.NotEmpty(family.NotToCall!);
        foreach (var line in app.Log) AssertNoMarker(line, "the log");

        // The DSL reads it all, and each record's read is audited.
        var reads = await ReadsAsync(pupil);
        var page = await dsl.GetStringAsync($"/pupils/{pupil}/safeguarding/records");
        foreach (var marker in Markers) Assert.Contains(marker, page, StringComparison.Ordinal);
        Assert.Equal(reads + 3, await ReadsAsync(pupil));
        var asDsl = await app.Client(await app.TokenForAsync("dsl")).GetFromJsonAsync<JsonElement>($"/api/v1/pupils/{pupil}/contact-restrictions");
        Assert.Equal("MARKERTERMS", asDsl.GetProperty("items")[0].GetProperty("order").GetProperty("terms").GetString());
        Assert.Contains("Court order or contact restriction recorded", await dsl.GetStringAsync($"/pupils/{pupil}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_message_letter_or_call_goes_to_a_contact_who_may_not_be_given_information()
    {
        var (pupil, target, other) = await PupilWithTwoContactsAsync(2);
        await AddOrderAsync(pupil, target, endDate: null);
        var outcomes = await app.WithServicesAsync(async sp =>
        {
            var staff = await app.StaffAsync("hoy8");
            var messages = sp.GetRequiredService<ContactMessages>();
            var p = (await ContactMessages.FindPupilAsync(sp.GetRequiredService<PastoralDbContext>(), staff, pupil, default))!;
            var choices = await messages.ChoicesAsync(p, default);
            var refused = choices.Single(c => c.Id == target);
            Assert.False(refused.MayWrite);
            Assert.Equal(PupilContactWarnings.WhyNot, refused.WhyNot);
            Assert.True(choices.Single(c => c.Id == other).MayWrite);
            return await messages.SendAsync(staff, p, [target], "Attendance", "Dear parent", null, default);
        });
        Assert.Empty(outcomes);
        var web = await app.SignedInAsync("hoy8");
        Assert.Contains(PupilContactWarnings.WhyNot, await web.GetStringAsync($"/pupils/{pupil}/message"), StringComparison.Ordinal);
        var problems = await app.WithServicesAsync(async sp => await sp.GetRequiredService<FirstDayCalls>().RecordAsync(await app.StaffAsync("hoy8"),
            new CallInput([pupil], target, CallOutcome.NoAnswer, null, null), default));
        Assert.Contains(problems, p => p.Field == "contact");
    }

    [Fact]
    public async Task An_expired_order_no_longer_warns_or_stops_letters()
    {
        var (pupil, target, _) = await PupilWithTwoContactsAsync(4);
        await AddOrderAsync(pupil, target, endDate: CallingApp.Today.AddDays(-1));
        var web = await app.SignedInAsync("teacher");
        Assert.DoesNotContain("contact-warning", await web.GetStringAsync($"/pupils/{pupil}"), StringComparison.Ordinal);
        var api = app.Client(await app.TokenForAsync("teacher"));
        Assert.Equal(0, (await api.GetFromJsonAsync<JsonElement>($"/api/v1/pupils/{pupil}/contact-restrictions")).GetProperty("total").GetInt32());
        Assert.Contains((await QueueAsync("hoy8")).ToCall.Single(f => f.Pupils.Any(p => p.PupilId == pupil)).Contacts, c => c.Id == target);
    }

    [Fact]
    public async Task Bad_input_is_a_clear_message_and_nothing_is_saved()
    {
        var (pupil, target, _) = await PupilWithTwoContactsAsync(6);
        var (otherPupil, otherContact, _) = await PupilWithTwoContactsAsync(8);
        var dsl = await app.SignedInAsync("dsl");
        var cases = new (Dictionary<string, string> Form, string Message)[]
        {
            (new() { ["contact"] = target.ToString(), ["noContact"] = "true", ["startDate"] = "2026-11-01" }, "Choose the kind of order."),
            (new() { ["kind"] = "Injunction", ["noContact"] = "true", ["startDate"] = "2026-11-01" }, "Choose the contact the order concerns, or name the person."),
            (new() { ["kind"] = "Injunction", ["personName"] = "Alex Example", ["noContact"] = "true", ["startDate"] = "2026-11-01", ["endDate"] = "2026-10-01" },
                "The end date must be on or after the start date."),
            (new() { ["kind"] = "Injunction", ["contact"] = otherContact.ToString(), ["noContact"] = "true", ["startDate"] = "2026-11-01" },
                "Choose one of this pupil&#x27;s contacts, or name the person below."),
        };
        foreach (var (form, message) in cases)
        {
            form["terms"] = "Kept as typed";
            var response = await Post(dsl, $"/pupils/{pupil}/safeguarding/records/orders", form);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("There is a problem", html, StringComparison.Ordinal);
            Assert.Contains(message, html, StringComparison.Ordinal);
            Assert.Contains("Kept as typed", html, StringComparison.Ordinal);
        }
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<CourtOrder>().CountAsync(o => o.PupilId == pupil || o.PupilId == otherPupil)));
    }

    [Fact]
    public async Task A_second_dsl_saving_a_stale_form_sees_both_values_and_loses_nothing()
    {
        var (pupil, target, _) = await PupilWithTwoContactsAsync(10);
        var id = await AddOrderAsync(pupil, target, endDate: null);
        var path = $"/pupils/{pupil}/safeguarding/records/orders/{id}";
        var first = await app.SignedInAsync("dsl");
        var second = await app.SignedInAsync("dsl");
        var stale = await second.GetStringAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, (await WebSignIn.PostFormAsync(first, path, Edited(await first.GetStringAsync(path), ("court", "Family Court at Leeds"), ("terms", "Theirs")))).StatusCode);
        var conflict = await WebSignIn.PostFormAsync(second, path, Edited(stale, ("terms", "Mine"), ("reference", "AB12")));
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        var html = await conflict.Content.ReadAsStringAsync();
        Assert.Contains("Someone else saved changes", html, StringComparison.Ordinal);
        Assert.Contains("Theirs", html, StringComparison.Ordinal);
        var saved = await app.WithDbAsync(db => db.Set<CourtOrder>().AsNoTracking().SingleAsync(o => o.Id == id));
        Assert.Equal(("Family Court at Leeds", "Theirs", (string?)null), (saved.Court, saved.Terms, saved.Reference));
        // Choosing to keep theirs for the clash writes only this DSL's other change.
        var fields = Edited(html, ("terms", "Mine"), ("reference", "AB12"));
        fields["Input.Keep[terms]"] = "theirs";
        Assert.Equal(HttpStatusCode.Redirect, (await second.PostAsync(path, new FormUrlEncodedContent(fields))).StatusCode);
        saved = await app.WithDbAsync(db => db.Set<CourtOrder>().AsNoTracking().SingleAsync(o => o.Id == id));
        Assert.Equal(("Family Court at Leeds", "Theirs", "AB12"), (saved.Court, saved.Terms, saved.Reference));
    }

    private static void AssertNoMarker(string text, string where)
    {
        foreach (var marker in Markers) Assert.False(text.Contains(marker, StringComparison.Ordinal), $"{marker} reached {where}");
    }

    private static Task<HttpResponseMessage> Post(HttpClient client, string path, Dictionary<string, string> values) =>
        WebSignIn.PostFormAsync(client, path, values.ToDictionary(kv => $"Input.Values[{kv.Key}]", kv => kv.Value));

    /// <summary>The form's hidden and visible fields as the page gave them, with some values changed.</summary>
    private static Dictionary<string, string> Edited(string page, params (string Key, string Value)[] changes)
    {
        var fields = new Dictionary<string, string>();
        foreach (Match m in Input().Matches(page))
        {
            var name = WebUtility.HtmlDecode(m.Groups["name"].Value);
            var type = m.Groups["type"].Value;
            if (type is "checkbox" or "radio" && !m.Value.Contains("checked", StringComparison.Ordinal)) continue;
            fields[name] = WebUtility.HtmlDecode(m.Groups["value"].Value);
        }
        foreach (Match m in TextArea().Matches(page)) fields[WebUtility.HtmlDecode(m.Groups["name"].Value)] = WebUtility.HtmlDecode(m.Groups["value"].Value);
        foreach (var (key, value) in changes) fields[$"Input.Values[{key}]"] = value;
        return fields;
    }

    [GeneratedRegex("<input[^>]*?type=\"(?<type>[a-z-]+)\"[^>]*?name=\"(?<name>[^\"]+)\"[^>]*?value=\"(?<value>[^\"]*)\"[^>]*>|<input[^>]*?name=\"(?<name>[^\"]+)\"[^>]*?value=\"(?<value>[^\"]*)\"[^>]*>")]
    private static partial Regex Input();

    [GeneratedRegex("<textarea[^>]*?name=\"(?<name>[^\"]+)\"[^>]*>(?<value>[^<]*)</textarea>")]
    private static partial Regex TextArea();

    private async Task<(int Pupil, int Target, int Other)> PupilWithTwoContactsAsync(int skip)
    {
        var pupil = (await app.FreshPupilsAsync(skip, 1))[0];
        return await app.WithDbAsync(async db =>
        {
            var contacts = await db.PupilContacts.Where(c => c.PupilId == pupil).OrderBy(c => c.Id).ToListAsync();
            while (contacts.Count < 2)
            {
                var added = new PupilContact { PupilId = pupil, Priority = contacts.Count + 1, Forename = "Jo", Surname = $"Carer{pupil}", Relationship = "Aunt" };
                db.PupilContacts.Add(added);
                contacts.Add(added);
            }
            foreach (var c in contacts) (c.ParentalResponsibility, c.Email) = (true, $"contact{c.Forename.Length}{Guid.NewGuid():N}@home.test");
            await db.SaveChangesAsync();
            return (pupil, contacts[^1].Id, contacts[0].Id);
        });
    }

    private Task<int> AddOrderAsync(int pupil, int contact, DateOnly? endDate) => app.WithDbAsync(async db =>
    {
        var order = new CourtOrder
        {
            PupilId = pupil, ContactId = contact, Kind = CourtOrderKind.NonMolestation, NoInformation = true, StartDate = new DateOnly(2026, 6, 1),
            EndDate = endDate, Terms = "MARKERTERMS", RecordedAt = DateTime.UtcNow, RecordedByName = "Dana Lead",
        };
        db.Add(order);
        await db.SaveChangesAsync();
        return order.Id;
    });

    private Task<int> SchoolAsync() => app.WithDbAsync(db => db.Schools.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync());

    private Task<CallingQueue> QueueAsync(string local) => app.WithServicesAsync(async sp =>
    {
        var staff = await app.StaffAsync(local);
        var db = sp.GetRequiredService<PastoralDbContext>();
        return await sp.GetRequiredService<FirstDayCallQueue>().BuildAsync(db.Pupils.VisibleTo(staff), await SchoolAsync(), default);
    });

    private Task<int> ReadsAsync(int pupil) => app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.PupilId == pupil && a.Action == AuditActions.ViewedRestricted
        && (a.EntityType == CourtOrder.RecordType || a.EntityType == LookedAfterCare.RecordType || a.EntityType == EncompassNotification.RecordType)));
}

/// <summary>The calling app (a school day with the morning register closed, a real SMTP server) that also keeps every log line.</summary>
public abstract class OrdersApp(DatabaseProvider provider) : CallingApp(provider)
{
    public ConcurrentQueue<string> Log { get; } = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        base.ConfigureServices(services);
        services.AddSingleton<ILoggerProvider>(new LineSink(Log));
    }

    private sealed class LineSink(ConcurrentQueue<string> lines) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;
        public void Dispose() { }
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(formatter(state, exception) + exception);
    }
}

public sealed class SqliteOrdersApp() : OrdersApp(DatabaseProvider.Sqlite);
public sealed class PostgresOrdersApp() : OrdersApp(DatabaseProvider.Postgres);

public sealed class CourtOrderTests_Sqlite(SqliteOrdersApp app) : CourtOrderTests(app), IClassFixture<SqliteOrdersApp>;
public sealed class CourtOrderTests_Postgres(PostgresOrdersApp app) : CourtOrderTests(app), IClassFixture<PostgresOrdersApp>;
