using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Attendance;
using Pastoral.Features.Behaviour.Exclusions;
using Pastoral.Features.Notifications.Contacts;
using Pastoral.Features.Safeguarding;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Security.Audit;
using Pastoral.Tests.Features.Families;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Behaviour;

/// <summary>Suspensions and permanent exclusions (issue 9, item 5), on both databases: school days, limits, notices, code E, 6th day, census, API.</summary>
public abstract partial class ExclusionsTests(FamiliesApp app)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private Task<T> WithAsync<T>(string local, Func<IServiceProvider, Pastoral.Security.StaffContext, Task<T>> work) => app.WithServicesAsync(async sp =>
    {
        var db = sp.GetRequiredService<Pastoral.Data.PastoralDbContext>();
        var id = await db.Users.Where(u => u.Email == $"{local}@{AppFixture.Domain}").Select(u => u.Id).SingleAsync();
        return await work(sp, (await Pastoral.Security.CurrentStaff.LoadAsync(db, id, app.Clock))!);
    });

    /// <summary>A Year 8 pupil (hoy8's scope) with at least one contact, each test its own.</summary>
    private Task<int> PupilAsync(int skip) => app.WithDbAsync(db => db.Pupils.Where(p => p.YearGroup!.NcYear == 8 && p.Contacts.Any(c => c.ParentalResponsibility))
        .OrderBy(p => p.Id).Skip(skip).Select(p => p.Id).FirstAsync());

    private static SuspensionInput Input(string type, string start, string? length, string status = "confirmed", params string[] reasons) =>
        new(type, reasons.Length == 0 ? ["DB"] : reasons, start, length, status, null, null, "Test", null);

    private Task<SuspensionWrite> CreateAsync(int pupil, SuspensionInput input) =>
        WithAsync("hoy8", (sp, staff) => sp.GetRequiredService<Suspensions>().CreateAsync(staff, pupil, input, CancellationToken.None));

    private Task<SuspensionWrite> CheckAsync(int pupil, SuspensionInput input) => WithAsync("hoy8", async (sp, staff) =>
    {
        var s = sp.GetRequiredService<Suspensions>();
        return await s.CheckAsync(staff, (await s.FindPupilAsync(staff, pupil, CancellationToken.None))!, input, null, CancellationToken.None);
    });

    private static async Task<HttpResponseMessage> PostAsync(HttpClient web, string page, string handler, Dictionary<string, string> fields)
    {
        var html = await web.GetStringAsync(page);
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(Token().Match(html).Groups[1].Value);
        return await web.PostAsync(handler.Length == 0 ? page : $"{page}?handler={handler}", new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task School_days_skip_weekends_and_closures_and_a_lunchtime_counts_half_a_day()
    {
        var pupil = await PupilAsync(0);
        var upn = await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == pupil).Select(p => p.Upn).SingleAsync());
        var api = app.Client(await app.TokenForAsync("hoy8"));
        var created = await api.PostAsJsonAsync($"/api/v1/pupils/{upn}/suspensions",
            new { type = "Suspension", reasons = new[] { "db", "VA" }, startsOn = "2026-10-22", length = 5, status = "confirmed" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var five = (await created.Content.ReadFromJsonAsync<SuspensionDto>(Json))!;
        // Thursday 22 October, Friday 23, then half term (26-30 October), then Monday 2 November on.
        Assert.Equal([new(2026, 10, 22), new(2026, 10, 23), new(2026, 11, 2), new(2026, 11, 3), new DateOnly(2026, 11, 4)], five.Days);
        Assert.Equal(10, five.Sessions);
        Assert.Equal(["DB", "VA"], five.Reasons);
        Assert.Equal("suspension", five.Type);
        Assert.Null(five.SixthDay);

        var lunch = await api.PostAsJsonAsync($"/api/v1/pupils/{pupil}/suspensions", new { type = "lunchtime", reasons = new[] { "VP" }, startsOn = "2026-11-23", length = 0.5 });
        Assert.Equal(HttpStatusCode.Created, lunch.StatusCode);
        var half = (await lunch.Content.ReadFromJsonAsync<SuspensionDto>(Json))!;
        Assert.Equal(0.5m, half.Length);
        Assert.Equal(1, half.Sessions);
        Assert.Equal("proposed", half.Status);

        var list = (await api.GetFromJsonAsync<JsonElement>($"/api/v1/pupils/{upn}/suspensions", Json));
        Assert.Equal(2, list.GetProperty("total").GetInt32());
        Assert.Equal("lunchtime", list.GetProperty("items")[0].GetProperty("type").GetString());
        var page = await (await app.SignedInAsync("hoy8")).GetStringAsync($"/pupils/{pupil}/suspensions");
        Assert.Contains("<strong>5.5 days</strong> of suspension out of the 45-day limit", page);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.EntityType == nameof(Suspension) && a.PupilId == pupil && a.Action == AuditActions.Created)));
    }

    [Fact]
    public async Task Bad_input_is_a_400_naming_the_field_and_nothing_is_saved()
    {
        var pupil = await PupilAsync(1);
        var api = app.Client(await app.TokenForAsync("hoy8"));
        async Task<Dictionary<string, string[]>> Refused(object body)
        {
            var response = await api.PostAsJsonAsync($"/api/v1/pupils/{pupil}/suspensions", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
        }
        Assert.Contains("'ZZ' is not a reason code", Assert.Single((await Refused(new { type = "suspension", reasons = new[] { "ZZ" }, startsOn = "2026-11-23", length = 2 }))["reasons"]));
        Assert.Contains("at most three", Assert.Single((await Refused(new { type = "suspension", reasons = new[] { "DB", "VA", "VP", "TH" }, startsOn = "2026-11-23", length = 2 }))["reasons"]));
        Assert.Equal("The length cannot be negative.", Assert.Single((await Refused(new { type = "suspension", reasons = new[] { "DB" }, startsOn = "2026-11-23", length = -1 }))["length"]));
        Assert.Contains("whole school days", Assert.Single((await Refused(new { type = "suspension", reasons = new[] { "DB" }, startsOn = "2026-11-23", length = 2.5 }))["length"]));
        Assert.Contains("half a day", Assert.Single((await Refused(new { type = "lunchtime", reasons = new[] { "DB" }, startsOn = "2026-11-23", length = 1 }))["length"]));
        Assert.Contains("not a school day", Assert.Single((await Refused(new { type = "suspension", reasons = new[] { "DB" }, startsOn = "2026-11-21", length = 1 }))["startsOn"]));
        Assert.Contains("Choose suspension", Assert.Single((await Refused(new { type = "expelled", reasons = new[] { "DB" }, startsOn = "2026-11-23", length = 1 }))["type"]));

        var web = await app.SignedInAsync("hoy8");
        var form = await PostAsync(web, $"/pupils/{pupil}/suspensions/new", "", new()
        {
            ["Type"] = "suspension", ["Reasons"] = "DB", ["StartsOn"] = "2026-11-23", ["Length"] = "1.5", ["Status"] = "proposed", ["Notes"] = "Kept after a mistake",
        });
        Assert.Equal(HttpStatusCode.BadRequest, form.StatusCode);
        var html = await form.Content.ReadAsStringAsync();
        Assert.Contains("There is a problem", html);
        Assert.Contains("href=\"#Length\"", html);
        Assert.Contains("Kept after a mistake", html);
        Assert.False(await app.WithDbAsync(db => db.Set<Suspension>().AnyAsync(s => s.PupilId == pupil)));
    }

    [Fact]
    public async Task The_45_day_limit_counts_days_at_previous_schools_on_both_sides_of_the_line()
    {
        var pupil = await PupilAsync(2);
        var added = await WithAsync("hoy8", (sp, staff) => sp.GetRequiredService<Suspensions>().AddPreviousSchoolDaysAsync(staff, pupil, "Northfield Academy", "40", CancellationToken.None));
        Assert.Empty(added);
        var four = await CheckAsync(pupil, Input("suspension", "2026-11-23", "4"));
        Assert.DoesNotContain(four.Warnings, w => w.Contains("45-day"));
        var five = await CheckAsync(pupil, Input("suspension", "2026-11-23", "5"));
        Assert.Contains("At the 45-day limit: 45 days of suspension this school year (including 40 days at previous schools).", Assert.Single(five.Warnings));
        Assert.Empty(await WithAsync("hoy8", (sp, staff) => sp.GetRequiredService<Suspensions>().AddPreviousSchoolDaysAsync(staff, pupil, "Southfield School", "0.5", CancellationToken.None)));
        var over = await CheckAsync(pupil, Input("suspension", "2026-11-23", "5"));
        Assert.StartsWith("Over the 45-day limit: 45.5 days", Assert.Single(over.Warnings));
        Assert.Contains(("PreviousDays", "Enter whole or half days (such as 2.5)."),
            await WithAsync("hoy8", (sp, staff) => sp.GetRequiredService<Suspensions>().AddPreviousSchoolDaysAsync(staff, pupil, "X", "1.2", CancellationToken.None)));
        // The form shows the warning before saving and saves only once it is acknowledged.
        var web = await app.SignedInAsync("hoy8");
        var fields = new Dictionary<string, string> { ["Type"] = "suspension", ["Reasons"] = "DB", ["StartsOn"] = "2026-11-23", ["Length"] = "5", ["Status"] = "proposed" };
        var warned = await PostAsync(web, $"/pupils/{pupil}/suspensions/new", "", new(fields));
        Assert.Equal(HttpStatusCode.OK, warned.StatusCode);
        Assert.Contains("Over the 45-day limit", await warned.Content.ReadAsStringAsync());
        Assert.False(await app.WithDbAsync(db => db.Set<Suspension>().AnyAsync(s => s.PupilId == pupil)));
        var saved = await PostAsync(web, $"/pupils/{pupil}/suspensions/new", "", new(fields) { ["Acknowledged"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var record = await web.GetStringAsync(saved.Headers.Location!.OriginalString);
        Assert.Contains("Over the 45-day limit", record);
    }

    [Fact]
    public async Task Governors_thresholds_are_counted_per_term()
    {
        var pupil = await PupilAsync(3);
        Assert.True((await CreateAsync(pupil, Input("suspension", "2026-11-02", "5"))).Saved);
        var sixth = await CheckAsync(pupil, Input("suspension", "2026-11-23", "1"));
        Assert.Equal("Governors must consider reinstatement if the parents ask: 6 days of suspension in the autumn term (more than 5).", Assert.Single(sixth.Warnings));
        var withdrawn = await CheckAsync(pupil, Input("suspension", "2026-11-23", "1", "withdrawn"));
        Assert.Empty(withdrawn.Warnings);
        Assert.True((await CreateAsync(pupil, Input("suspension", "2026-11-09", "10"))).Saved);
        var sixteen = await CheckAsync(pupil, Input("suspension", "2026-11-23", "1"));
        Assert.StartsWith("Governors must meet: 16 days of suspension in the autumn term (more than 15).", Assert.Single(sixteen.Warnings));
        var spring = await CheckAsync(pupil, Input("suspension", "2027-01-11", "1"));
        Assert.Empty(spring.Warnings); // another term: its own count
        var permanent = await CheckAsync(pupil, Input("permanent", "2026-11-23", null));
        Assert.Contains(permanent.Warnings, w => w.StartsWith("Governors must meet: a permanent exclusion", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_confirmed_suspension_suggests_code_E_and_records_it_through_the_attendance_writer()
    {
        var pupil = await PupilAsync(4);
        var proposed = await CreateAsync(pupil, Input("suspension", "2026-11-19", "2", "proposed"));
        var web = await app.SignedInAsync("hoy8");
        Assert.Contains("Code E is offered once the suspension is confirmed", await web.GetStringAsync($"/pupils/{pupil}/suspensions/{proposed.Suspension!.Id}"));
        var confirmed = await CreateAsync(pupil, Input("suspension", "2026-11-19", "2"));
        var page = $"/pupils/{pupil}/suspensions/{confirmed.Suspension!.Id}";
        Assert.Contains("Record E (suspended or permanently excluded) for 4 sessions", await web.GetStringAsync(page));
        var response = await PostAsync(web, page, "RecordE", []);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Recorded E for 4 sessions", await response.Content.ReadAsStringAsync());
        var marks = await app.WithDbAsync(db => db.Set<AttendanceMark>().Where(m => m.PupilId == pupil && m.Date >= new DateOnly(2026, 11, 19) && m.Date <= new DateOnly(2026, 11, 20)).ToListAsync());
        Assert.Equal(4, marks.Count);
        Assert.All(marks, m => { Assert.Equal("E", m.Code); Assert.Equal(MarkSource.Suspension, m.Source); });
        // Marks already there (the demo's registers) are replaced with the suspension as the reason, kept in the history.
        var changes = await app.WithDbAsync(db => db.Set<AttendanceMarkChange>().Where(c => c.PupilId == pupil && c.NewCode == "E").ToListAsync());
        Assert.All(changes, c => Assert.StartsWith("Suspension (fixed period) from Thu 19 Nov 2026", c.Reason));
        Assert.Contains("Every session of this suspension has E", await web.GetStringAsync(page));
    }

    [Fact]
    public async Task The_social_worker_line_never_says_why_to_staff_who_may_not_read_safeguarding()
    {
        var pupil = await PupilAsync(5);
        await app.WithDbAsync(async db =>
        {
            db.Set<ChildProtectionRecord>().Add(new ChildProtectionRecord { PupilId = pupil, Status = ChildProtectionStatus.Cp, StartDate = new DateOnly(2026, 10, 1),
                SocialWorkerName = "Sasha Socialworker", RecordedAt = DateTime.UtcNow, RecordedByName = "Dana Lead" });
            return await db.SaveChangesAsync();
        });
        var s = await CreateAsync(pupil, Input("suspension", "2026-11-23", "2"));
        var page = $"/pupils/{pupil}/suspensions/{s.Suspension!.Id}";
        var hoy = await (await app.SignedInAsync("hoy8")).GetStringAsync(page);
        Assert.Contains("Also notify the social worker.", hoy);
        foreach (var secret in new[] { "Child protection", "child protection", "Child in need", "CIN", "CP plan", "Sasha", "Restricted" })
            Assert.DoesNotContain(secret, hoy);
        var api = app.Client(await app.TokenForAsync("hoy8"));
        var json = await api.GetStringAsync($"/api/v1/pupils/{pupil}/suspensions");
        Assert.DoesNotContain("Sasha", json);
        Assert.DoesNotContain("protection", json, StringComparison.OrdinalIgnoreCase);
        var dsl = await (await app.SignedInAsync("dsl")).GetStringAsync(page);
        Assert.Contains("Child protection plan: Sasha Socialworker", dsl);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditActions.ViewedRestricted && a.PupilId == pupil)));
        // A pupil with no CP/CIN status has no such line.
        var other = await PupilAsync(6);
        var plain = await CreateAsync(other, Input("suspension", "2026-11-23", "1"));
        Assert.DoesNotContain("social worker", await (await app.SignedInAsync("hoy8")).GetStringAsync($"/pupils/{other}/suspensions/{plain.Suspension!.Id}"));
    }

    [Fact]
    public async Task The_sixth_day_reminder_goes_to_the_recorder_once_a_day_until_the_provision_is_recorded()
    {
        var pupil = await PupilAsync(7);
        // Friday 20 November for 7 days: 20, 23, 24, 25, 26, then Friday 27 is the 6th day (within 3 school days of Tuesday 24).
        var s = (await CreateAsync(pupil, Input("suspension", "2026-11-20", "7"))).Suspension!;
        Assert.Equal(new DateOnly(2026, 11, 27), s.ProvisionFrom);
        var school = await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == pupil).Select(p => p.SchoolId).SingleAsync());
        var hoy8 = (await app.StaffAsync("hoy8")).UserId;
        Task<int> RemindAsync() => app.WithServicesAsync(sp => sp.GetRequiredService<ProvisionReminderJob>().RemindAsync(school, CancellationToken.None));
        Task<int> NoticesAsync() => app.WithDbAsync(db => db.Set<StaffNotification>().CountAsync(n => n.StaffId == hoy8 && n.Kind == ProvisionReminderJob.Kind.Name && n.Link == $"/pupils/{pupil}/suspensions/{s.Id}#provision"));
        Assert.True(await RemindAsync() >= 1);
        Assert.Equal(1, await NoticesAsync());
        await RemindAsync();
        Assert.Equal(1, await NoticesAsync()); // once a day
        var web = await app.SignedInAsync("hoy8");
        var page = $"/pupils/{pupil}/suspensions/{s.Id}";
        Assert.Contains("From <strong>Fri 27 Nov 2026</strong> the school must arrange suitable full-time education", await web.GetStringAsync(page));
        var version = await app.WithDbAsync(db => db.Set<Suspension>().Where(x => x.Id == s.Id).Select(x => x.Version).SingleAsync());
        var saved = await PostAsync(web, page, "FollowUp", new()
        {
            ["Version"] = version.ToString(), ["ParentsNotifiedOn"] = "2026-11-20", ["ParentsNotifiedHow"] = "Phone call", ["LocalAuthorityNotifiedOn"] = "2026-11-20",
            ["ProvisionWhere"] = "Riverside Learning Centre", ["ProvisionWhat"] = "Full-time timetable",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        app.Clock.Advance(TimeSpan.FromDays(1));
        try
        {
            await RemindAsync();
            Assert.Equal(1, await NoticesAsync()); // arranged: no more reminders
        }
        finally { app.Clock.Advance(TimeSpan.FromDays(-1)); }
    }

    [Fact]
    public async Task The_census_list_and_its_csv_show_the_term_s_suspensions_as_the_census_asks()
    {
        var pupil = await PupilAsync(8);
        var s = (await CreateAsync(pupil, Input("suspension", "2026-11-23", "3", "confirmed", "VA", "DB"))).Suspension!;
        await CreateAsync(pupil, Input("suspension", "2026-11-16", "1", "withdrawn"));
        var (upn, surname) = await app.WithDbAsync(async db => await db.Pupils.Where(p => p.Id == pupil).Select(p => new { p.Upn, p.LegalSurname }).SingleAsync() is var x ? (x.Upn, x.LegalSurname) : default);
        var web = await app.SignedInAsync("hoy8");
        var list = await web.GetStringAsync("/behaviour/exclusions");
        Assert.Contains($"/pupils/{pupil}/suspensions/{s.Id}", list);
        Assert.Contains("Autumn 2026/27", list);
        var term = Regex.Match(list, "<option value=\"(\\d+)\" selected=\"selected\">Autumn 2026/27</option>").Groups[1].Value;
        Assert.NotEmpty(term);
        var csv = await web.GetStringAsync($"/behaviour/exclusions/export.csv?term={term}&type=suspension");
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("UPN,Surname,Forename,DOB,Year,Category,StartDate,Sessions,Reason1,Reason2,Reason3,Status,RemovedFromRoll,DecidedBy", lines[0]);
        var row = Assert.Single(lines, l => l.StartsWith(upn, StringComparison.Ordinal));
        Assert.Contains($"{upn},{surname},", row);
        Assert.Contains(",Suspension,2026-11-23,6,VA,DB,,confirmed,,Robin Year-Eight", row);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditActions.Exported && a.EntityType == "Suspensions")));
        Assert.DoesNotContain(lines, l => l.Contains("2026-11-16")); // withdrawn
        Assert.Contains("/account/denied", (await (await app.SignedInAsync("senco")).GetAsync("/behaviour/exclusions/export.csv")).Headers.Location?.OriginalString ?? "");
        Assert.Contains("/account/denied", (await (await app.SignedInAsync("teacher")).GetAsync("/behaviour/exclusions")).Headers.Location?.OriginalString ?? "");
    }

    [Fact]
    public async Task The_letter_goes_home_and_everything_shows_on_the_timeline_and_profile()
    {
        var pupil = await PupilAsync(9);
        var s = (await CreateAsync(pupil, Input("suspension", "2026-11-23", "2"))).Suspension!;
        var contact = await app.WithDbAsync(db => db.PupilContacts.Where(c => c.PupilId == pupil && c.ParentalResponsibility).OrderBy(c => c.Priority).Select(c => c.Id).FirstAsync());
        var web = await app.SignedInAsync("hoy8");
        var page = $"/pupils/{pupil}/suspensions/{s.Id}";
        var sent = await PostAsync(web, page, "Letter", new() { ["ContactIds"] = contact.ToString() });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var message = await app.WithDbAsync(db => db.Set<ContactMessage>().Where(m => m.PupilId == pupil).OrderByDescending(m => m.Id).FirstAsync());
        Assert.Contains("has been suspended from school", message.Subject);
        Assert.Contains("for 2 school days, from Monday 23 November 2026", message.Body);
        Assert.Contains("expected back in school on Wednesday 25 November 2026", message.Body);
        Assert.Contains("persistent or general disruptive behaviour", message.Body);
        var api = app.Client(await app.TokenForAsync("hoy8"));
        var timeline = await api.GetFromJsonAsync<JsonElement>($"/api/v1/pupils/{pupil}/timeline?limit=200");
        Assert.Contains(timeline.EnumerateArray(), e => e.GetProperty("title").GetString() == "Suspended for 2 days from Mon 23 Nov 2026");
        Assert.Contains("Suspended for 2 days from Mon 23 Nov 2026", await web.GetStringAsync($"/pupils/{pupil}"));
        Assert.DoesNotContain("Suspensions and exclusions", await (await app.SignedInAsync("teacher")).GetStringAsync($"/pupils/{pupil}"));
    }

    [Fact]
    public async Task A_second_editor_sees_the_first_editor_s_values_field_by_field_and_nothing_is_reverted()
    {
        var pupil = await PupilAsync(10);
        var s = (await CreateAsync(pupil, Input("suspension", "2026-11-23", "2", "proposed"))).Suspension!;
        var first = await app.SignedInAsync("hoy8");
        var second = await app.SignedInAsync("head");
        var page = $"/pupils/{pupil}/suspensions/{s.Id}/edit";
        var html2 = await second.GetStringAsync(page);
        var ok = await PostAsync(first, page, "", new()
        {
            ["Type"] = "suspension", ["Reasons"] = "DB", ["StartsOn"] = "2026-11-23", ["Length"] = "2", ["Status"] = "confirmed", ["Notes"] = "Test",
            ["Version"] = s.Version.ToString(), ["From[Type]"] = "suspension", ["From[Reasons]"] = "DB", ["From[StartsOn]"] = "2026-11-23", ["From[Length]"] = "2",
            ["From[Status]"] = "proposed", ["From[Notes]"] = "Test", ["DecidedById"] = s.DecidedById.ToString()!, ["From[DecidedById]"] = s.DecidedById.ToString()!,
        });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var fields = new Dictionary<string, string>
        {
            ["Type"] = "suspension", ["Reasons"] = "DB", ["StartsOn"] = "2026-11-23", ["Length"] = "2", ["Status"] = "proposed", ["Notes"] = "The head spoke to mum",
            ["Version"] = s.Version.ToString(), ["From[Type]"] = "suspension", ["From[Reasons]"] = "DB", ["From[StartsOn]"] = "2026-11-23", ["From[Length]"] = "2",
            ["From[Status]"] = "proposed", ["From[Notes]"] = "Test", ["DecidedById"] = s.DecidedById.ToString()!, ["From[DecidedById]"] = s.DecidedById.ToString()!,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(Token().Match(html2).Groups[1].Value),
        };
        var conflict = await second.PostAsync(page, new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        var html = await conflict.Content.ReadAsStringAsync();
        Assert.Contains("Someone else changed this record while you were editing", html);
        Assert.Matches("<th scope=\"row\">Status</th><td>confirmed</td><td>proposed", html);
        Assert.Matches("id=\"status-confirmed\" value=\"confirmed\" checked", html); // rebased on theirs: their change is not reverted
        Assert.Contains("The head spoke to mum", html); // mine kept
        var saved = await app.WithDbAsync(db => db.Set<Suspension>().SingleAsync(x => x.Id == s.Id));
        Assert.Equal(SuspensionStatus.Confirmed, saved.Status);
        Assert.Equal("Test", saved.Notes);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}

public sealed class ExclusionsTests_Sqlite(SqliteFamiliesApp app) : ExclusionsTests(app), IClassFixture<SqliteFamiliesApp>;
public sealed class ExclusionsTests_Postgres(PostgresFamiliesApp app) : ExclusionsTests(app), IClassFixture<PostgresFamiliesApp>;
