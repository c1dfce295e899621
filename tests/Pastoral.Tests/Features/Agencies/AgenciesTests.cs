using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Agencies;
using Pastoral.Security.Audit;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Agencies;

/// <summary>The agency directory, signposting and non-safeguarding referrals, through the pages and the API, on both databases.</summary>
public abstract class AgenciesTests(AppFixture app)
{
    private Task<int> PupilInYearAsync(int year, bool withContact = true) => app.WithDbAsync(db => db.Pupils.AsNoTracking()
        .Where(p => p.YearGroup!.NcYear == year && (!withContact || p.Contacts.Any())).OrderByDescending(p => p.Id).Select(p => p.Id).FirstAsync());

    private Task<int> AgencyAsync(string kind, bool archived = false) => app.WithDbAsync(db =>
        db.Set<Agency>().Where(a => a.Kind == kind && a.Archived == archived).OrderBy(a => a.Id).Select(a => a.Id).FirstAsync());

    private static string Today => AppFixture.Start.ToString("yyyy-MM-dd");

    private static async Task<string> TextAsync(HttpResponseMessage r) => WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync());

    [Fact]
    public async Task Every_member_of_staff_who_sees_pupils_reads_the_directory_paged_and_filtered_by_kind()
    {
        var teacher = app.Client(await app.TokenForAsync("teacher"));
        var all = await teacher.GetFromJsonAsync<JsonElement>("/api/v1/agencies?pageSize=5");
        Assert.Equal(5, all.GetProperty("items").GetArrayLength());
        Assert.True(all.GetProperty("total").GetInt32() >= 11);
        Assert.Equal(1, all.GetProperty("page").GetInt32());
        Assert.DoesNotContain(all.GetProperty("items").EnumerateArray(), a => a.GetProperty("archived").GetBoolean());
        var camhs = await teacher.GetFromJsonAsync<JsonElement>("/api/v1/agencies?kind=CAMHS%20/%20mental%20health");
        Assert.All(camhs.GetProperty("items").EnumerateArray(), a => Assert.Equal("CAMHS / mental health", a.GetProperty("kind").GetString()));
        Assert.Equal(2, camhs.GetProperty("total").GetInt32());
        var bad = await teacher.GetAsync("/api/v1/agencies?kind=astrology");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("kind 'astrology' is not one we know", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client(await app.TokenForAsync("governor")).GetAsync("/api/v1/agencies")).StatusCode);

        var page = await (await app.SignedInAsync("teacher")).GetStringAsync("/agencies?q=young+carers");
        Assert.Contains("Riverside Young Carers", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Brookvale CAMHS", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Add an agency", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dsl_adds_an_agency_which_is_audited_and_an_agency_without_a_name_or_with_a_bad_email_is_refused_with_nothing_saved()
    {
        var dsl = await app.SignedInAsync("dsl");
        var before = await app.WithDbAsync(db => db.Set<Agency>().CountAsync());
        var bad = await WebSignIn.PostFormAsync(dsl, "/admin/agencies/new", new()
        {
            ["Input.Values[Name]"] = " ", ["Input.Values[Kind]"] = "housing", ["Input.Values[Email]"] = "not an address",
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var text = await TextAsync(bad);
        Assert.Contains("Enter the agency's name", text, StringComparison.Ordinal);
        Assert.Contains("Enter an e-mail address in the right format", text, StringComparison.Ordinal);
        Assert.Contains("value=\"not an address\"", text, StringComparison.Ordinal); // the input is kept
        Assert.Equal(before, await app.WithDbAsync(db => db.Set<Agency>().CountAsync()));

        var ok = await WebSignIn.PostFormAsync(dsl, "/admin/agencies/new", new()
        {
            ["Input.Values[Name]"] = "Hillside Bereavement Service", ["Input.Values[Kind]"] = "voluntary", ["Input.Values[Email]"] = "help@example.org",
            ["Input.Values[ResponseDays]"] = "7",
        });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var id = await app.WithDbAsync(db => db.Set<Agency>().Where(a => a.Name == "Hillside Bereavement Service").Select(a => a.Id).SingleAsync());
        Assert.Equal(1, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.EntityType == nameof(Agency) && a.EntityId == id.ToString() && a.Action == AuditActions.Created)));
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client(await app.TokenForAsync("hoy7")).GetAsync("/admin/agencies/new")).StatusCode);
    }

    [Fact]
    public async Task Two_people_editing_one_agency_the_second_sees_the_first_ones_values_and_nothing_is_overwritten()
    {
        var id = await AgencyAsync("school-nurse");
        var dsl = await app.SignedInAsync("dsl");
        var head = await app.SignedInAsync("head");
        var form = await dsl.GetStringAsync($"/admin/agencies/{id}"); // the DSL opens the form first (version and values it started from)
        var started = await app.WithDbAsync(db => db.Set<Agency>().Include(a => a.Schools).SingleAsync(a => a.Id == id));
        Dictionary<string, string> Fields(string name, string phone, string notes) => new()
        {
            ["Input.Version"] = started.Version.ToString(), ["Input.Values[Name]"] = name, ["Input.Values[Kind]"] = started.Kind,
            ["Input.Values[Phone]"] = phone, ["Input.Values[Notes]"] = notes, ["Input.Values[Team]"] = started.Team ?? "",
            ["Input.Values[Email]"] = started.Email ?? "", ["Input.Values[Website]"] = started.Website ?? "", ["Input.Values[Address]"] = started.Address ?? "",
            ["Input.Values[HowToRefer]"] = started.HowToRefer ?? "", ["Input.Values[ResponseDays]"] = started.ResponseDays?.ToString() ?? "",
            ["Input.Started[Name]"] = started.Name, ["Input.Started[Kind]"] = started.Kind, ["Input.Started[Phone]"] = started.Phone ?? "",
            ["Input.Started[Notes]"] = started.Notes ?? "", ["Input.Started[Team]"] = started.Team ?? "", ["Input.Started[Email]"] = started.Email ?? "",
            ["Input.Started[Website]"] = started.Website ?? "", ["Input.Started[Address]"] = started.Address ?? "",
            ["Input.Started[HowToRefer]"] = started.HowToRefer ?? "", ["Input.Started[ResponseDays]"] = started.ResponseDays?.ToString() ?? "",
        };
        Assert.Contains(started.Name, form, StringComparison.Ordinal);
        // The head saves a new phone number first.
        var first = await WebSignIn.PostFormAsync(head, $"/admin/agencies/{id}", Fields(started.Name, "0113 496 0123", started.Notes ?? ""));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal("0113 496 0123", await app.WithDbAsync(db => db.Set<Agency>().Where(a => a.Id == id).Select(a => a.Phone).SingleAsync()));
        // The DSL, from the older form, changes the phone too and adds a note.
        var clash = await WebSignIn.PostFormAsync(dsl, $"/admin/agencies/{id}", Fields(started.Name, "0113 496 0999", "Drop-in moved to Thursdays"));
        Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);
        var text = await TextAsync(clash);
        Assert.Contains("Sam Senior saved changes to this agency while you were editing", text, StringComparison.Ordinal);
        Assert.Contains("0113 496 0123", text, StringComparison.Ordinal);
        Assert.Contains("Keep yours: 0113 496 0999", text, StringComparison.Ordinal);
        var saved = await app.WithDbAsync(db => db.Set<Agency>().AsNoTracking().SingleAsync(a => a.Id == id));
        Assert.Equal("0113 496 0123", saved.Phone); // nothing of the DSL's saved yet
        Assert.Equal(started.Notes, saved.Notes);
        // The DSL keeps the head's phone: their note is saved, the phone is not reverted.
        var resolved = Fields(started.Name, "0113 496 0999", "Drop-in moved to Thursdays");
        resolved["Input.Version"] = saved.Version.ToString();
        resolved["Input.Started[Phone]"] = "0113 496 0123";
        resolved["Input.Clashes"] = "Phone";
        resolved["Input.Keep[Phone]"] = "theirs";
        Assert.Equal(HttpStatusCode.Redirect, (await WebSignIn.PostFormAsync(dsl, $"/admin/agencies/{id}", resolved)).StatusCode);
        var after = await app.WithDbAsync(db => db.Set<Agency>().AsNoTracking().SingleAsync(a => a.Id == id));
        Assert.Equal("0113 496 0123", after.Phone);
        Assert.Equal("Drop-in moved to Thursdays", after.Notes);
    }

    [Fact]
    public async Task Signposting_to_a_contact_goes_on_the_timeline_with_the_take_up_and_a_person_not_linked_to_the_pupil_is_refused()
    {
        var pupil = await PupilInYearAsync(7);
        var other = await app.WithDbAsync(db => db.PupilContacts.Where(c => c.PupilId != pupil).Select(c => c.Id).FirstAsync());
        var contact = await app.WithDbAsync(db => db.PupilContacts.Where(c => c.PupilId == pupil).OrderBy(c => c.Priority).Select(c => new { c.Id, c.Forename }).FirstAsync());
        var hoy = await app.SignedInAsync("hoy7");
        var agency = await AgencyAsync("food-bank");
        var before = await app.WithDbAsync(db => db.Set<Signposting>().CountAsync(s => s.PupilId == pupil));

        var refused = await WebSignIn.PostFormAsync(hoy, $"/pupils/{pupil}/signposting/new", new() { ["AgencyId"] = agency.ToString(), ["To"] = other.ToString(), ["SuggestedOn"] = Today });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("that person is not linked to this pupil", await TextAsync(refused), StringComparison.Ordinal);
        Assert.Equal(before, await app.WithDbAsync(db => db.Set<Signposting>().CountAsync(s => s.PupilId == pupil)));

        var ok = await WebSignIn.PostFormAsync(hoy, $"/pupils/{pupil}/signposting/new", new() { ["AgencyId"] = agency.ToString(), ["To"] = contact.Id.ToString(), ["SuggestedOn"] = Today });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var row = await app.WithDbAsync(db => db.Set<Signposting>().Where(s => s.PupilId == pupil).OrderByDescending(s => s.Id).FirstAsync());
        Assert.Equal(contact.Id, row.ContactId);
        Assert.Equal(1, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.EntityType == nameof(Signposting) && a.EntityId == row.Id.ToString() && a.PupilId == pupil)));

        var takeUp = await WebSignIn.PostFormAsync(hoy, $"/pupils/{pupil}/signposting/{row.Id}/take-up", new() { ["TakenUp"] = "yes", ["TakeUpOn"] = Today, ["TakeUpNote"] = "Collected a parcel", ["Version"] = row.Version.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, takeUp.StatusCode);
        var timeline = await app.Client(await app.TokenForAsync("hoy7")).GetStringAsync($"/api/v1/pupils/{pupil}/timeline");
        Assert.Contains("Signposted: St Anne's Community Food Bank", timeline, StringComparison.Ordinal);
        Assert.Contains($"Suggested to {contact.Forename}", timeline, StringComparison.Ordinal);
        Assert.Contains("Take-up of St Anne's Community Food Bank: yes", timeline, StringComparison.Ordinal);
        Assert.Contains("Recorded by Harper Year-Seven", timeline, StringComparison.Ordinal);
        var api = await app.Client(await app.TokenForAsync("teacher79")).GetFromJsonAsync<JsonElement>($"/api/v1/pupils/{pupil}/signposting");
        Assert.Contains(api.GetProperty("items").EnumerateArray(), s => s.GetProperty("id").GetInt32() == row.Id && s.GetProperty("takenUp").GetString() == "yes");
        // A teacher of Year 8 does not see a Year 7 pupil: 404, never 403.
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client(await app.TokenForAsync("teacher")).GetAsync($"/api/v1/pupils/{pupil}/signposting")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.SignedInAsync("hoy8")).GetAsync($"/pupils/{pupil}/signposting/new")).StatusCode);
    }

    [Fact]
    public async Task A_referral_keeps_each_status_change_and_a_stale_version_gets_a_409_with_the_current_referral()
    {
        var pupil = await PupilInYearAsync(7);
        var hoy = await app.SignedInAsync("hoy7");
        var archived = await AgencyAsync("early-help", archived: true);
        var salt = await AgencyAsync("speech-language");
        var toArchived = await WebSignIn.PostFormAsync(hoy, $"/pupils/{pupil}/referrals/new", new() { ["AgencyId"] = archived.ToString(), ["Reason"] = "Routines", ["Status"] = "draft" });
        Assert.Equal(HttpStatusCode.BadRequest, toArchived.StatusCode);
        Assert.Contains("Old Town Family Centre is archived: choose an agency that is still in use", await TextAsync(toArchived), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<AgencyReferral>().CountAsync(r => r.PupilId == pupil && r.AgencyId == archived)));

        var created = await WebSignIn.PostFormAsync(hoy, $"/pupils/{pupil}/referrals/new", new() { ["AgencyId"] = salt.ToString(), ["Reason"] = "Receptive language need", ["Status"] = "draft" });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var id = int.Parse(created.Headers.Location!.OriginalString.Split('/')[^1]);

        var api = app.Client(await app.TokenForAsync("hoy7"));
        var sent = AppFixture.Start.AddDays(-3).ToString("yyyy-MM-dd");
        var body = new Dictionary<string, object?> { ["version"] = 0, ["agency"] = "Brookvale Speech and Language Therapy", ["reason"] = "Receptive language need", ["status"] = "Sent", ["sentOn"] = sent, ["consentFrom"] = "Mother", ["consentOn"] = sent };
        var put = await api.PutAsJsonAsync($"/api/v1/agencies/referrals/{id}", body);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var dto = await put.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("sent", dto.GetProperty("status").GetString());
        Assert.Equal(["draft", "sent"], dto.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("status").GetString()));
        Assert.Equal("Harper Year-Seven", dto.GetProperty("history")[1].GetProperty("by").GetString());
        var version = dto.GetProperty("version").GetInt32();

        // The same version again is stale now: 409 with the current referral, nothing changed.
        body["status"] = "accepted"; body["responseOn"] = Today;
        var stale = await api.PutAsJsonAsync($"/api/v1/agencies/referrals/{id}", body);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var current = await stale.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("sent", current.GetProperty("status").GetString());
        Assert.Equal(version, current.GetProperty("version").GetInt32());

        // A response dated before the referral was sent: a clear message, nothing saved.
        body["version"] = version; body["responseOn"] = AppFixture.Start.AddDays(-10).ToString("yyyy-MM-dd");
        var early = await api.PutAsJsonAsync($"/api/v1/agencies/referrals/{id}", body);
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        Assert.Contains("The response date must be on or after the date sent", await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(ReferralStatus.Sent, await app.WithDbAsync(db => db.Set<AgencyReferral>().Where(r => r.Id == id).Select(r => r.Status).SingleAsync()));

        body["responseOn"] = Today; body["response"] = "First appointment offered";
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsJsonAsync($"/api/v1/agencies/referrals/{id}", body)).StatusCode);
        var list = await api.GetFromJsonAsync<JsonElement>($"/api/v1/pupils/{pupil}/referrals");
        var mine = list.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("id").GetInt32() == id);
        Assert.Equal(["draft", "sent", "accepted"], mine.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("status").GetString()));
        var changeIds = await app.WithDbAsync(db => db.Set<AgencyReferralStatusChange>().Where(c => c.ReferralId == id).Select(c => c.Id.ToString()).ToListAsync());
        Assert.Equal(3, changeIds.Count);
        Assert.Equal(3, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.EntityType == nameof(AgencyReferralStatusChange) && changeIds.Contains(a.EntityId!) && a.PupilId == pupil && a.Action == AuditActions.Created)));
        var timeline = await api.GetStringAsync($"/api/v1/pupils/{pupil}/timeline");
        Assert.Contains("Referral to Brookvale Speech and Language Therapy: accepted", timeline, StringComparison.Ordinal);

        // Out of scope: another year's head of year gets a 404, not the referral.
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client(await app.TokenForAsync("hoy8")).PutAsJsonAsync($"/api/v1/agencies/referrals/{id}", body)).StatusCode);
    }

    [Fact]
    public async Task A_referral_unanswered_past_the_agencys_working_days_is_overdue_and_listed_first()
    {
        var pupil = await PupilInYearAsync(7, withContact: false);
        var food = await AgencyAsync("food-bank"); // answers in 2 working days
        var sentOn = AppFixture.Start.AddDays(-14);
        var id = await app.WithServicesAsync(async sp =>
        {
            var staff = (await Pastoral.Security.CurrentStaff.LoadAsync(sp.GetRequiredService<PastoralDbContext>(),
                await sp.GetRequiredService<PastoralDbContext>().Users.Where(u => u.Email == "hoy7@" + AppFixture.Domain).Select(u => u.Id).SingleAsync(), app.Clock))!;
            var outcome = await sp.GetRequiredService<Referrals>().CreateAsync(staff, pupil, new ReferralInput(food, "Family short of food", "sent",
                sentOn.ToString("yyyy-MM-dd"), "Father", sentOn.ToString("yyyy-MM-dd"), null, null), default);
            return outcome.Id!.Value;
        });
        var due = await app.WithDbAsync(db => db.Set<AgencyReferral>().Where(r => r.Id == id).Select(r => r.ResponseDueOn).SingleAsync());
        Assert.Equal(WorkingDays.Add(DateOnly.FromDateTime(sentOn.UtcDateTime), 2, new HashSet<DateOnly>()), due);
        var hoy = await app.SignedInAsync("hoy7");
        var page = await hoy.GetStringAsync("/agencies/referrals?overdue=true");
        Assert.Contains($"/agencies/referrals/{id}\"", page, StringComparison.Ordinal);
        var rows = System.Text.RegularExpressions.Regex.Matches(page[page.IndexOf("<tbody>", StringComparison.Ordinal)..], "<tr>.*?</tr>", System.Text.RegularExpressions.RegexOptions.Singleline).Select(m => m.Value).ToList();
        Assert.All(rows, r => Assert.Contains("Overdue", r, StringComparison.Ordinal));
        var everything = await hoy.GetStringAsync("/agencies/referrals");
        var firstRow = System.Text.RegularExpressions.Regex.Match(everything, "<tbody>.*?</tr>", System.Text.RegularExpressions.RegexOptions.Singleline).Value;
        Assert.Contains("Overdue", firstRow, StringComparison.Ordinal);
        Assert.DoesNotContain("Year 8", everything, StringComparison.Ordinal); // only the pupils hoy7 sees
        var dto = await app.Client(await app.TokenForAsync("hoy7")).GetFromJsonAsync<JsonElement>($"/api/v1/pupils/{pupil}/referrals");
        Assert.True(dto.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("id").GetInt32() == id).GetProperty("overdue").GetBoolean());
    }
}

public sealed class AgenciesApiDescriptionTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task The_openapi_document_describes_the_agency_routes_and_the_409_of_the_referral_put()
    {
        var paths = JsonDocument.Parse(await app.Client().GetStringAsync("/openapi/v1.json")).RootElement.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/agencies", "/api/v1/pupils/{key}/signposting", "/api/v1/pupils/{key}/referrals", "/api/v1/agencies/referrals/{id}" })
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is not described");
        var put = paths.GetProperty("/api/v1/agencies/referrals/{id}").GetProperty("put");
        foreach (var status in new[] { "200", "400", "404", "409" }) Assert.True(put.GetProperty("responses").TryGetProperty(status, out _), $"PUT has no {status}");
        Assert.True(put.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
    }
}

public sealed class AgenciesTests_Sqlite(SqliteApp app) : AgenciesTests(app), IClassFixture<SqliteApp>;
public sealed class AgenciesTests_Postgres(PostgresApp app) : AgenciesTests(app), IClassFixture<PostgresApp>;

public sealed class WorkingDaysTests
{
    [Fact]
    public void Working_days_skip_weekends_and_the_bank_holidays_the_school_recorded()
    {
        var friday = new DateOnly(2026, 5, 1);
        Assert.Equal(new DateOnly(2026, 5, 4), WorkingDays.Add(friday, 1, new HashSet<DateOnly>()));
        Assert.Equal(new DateOnly(2026, 5, 5), WorkingDays.Add(friday, 1, new HashSet<DateOnly> { new(2026, 5, 4) }));
        Assert.Equal(new DateOnly(2026, 5, 15), WorkingDays.Add(friday, 10, new HashSet<DateOnly>()));
        Assert.True(WorkingDays.IsBankHoliday("Early May bank holiday"));
        Assert.False(WorkingDays.IsBankHoliday("INSET day"));
    }

    [Fact]
    public void Overdue_means_sent_and_unanswered_after_the_due_day()
    {
        var today = new DateOnly(2026, 11, 24);
        Assert.True(AgencyReferral.IsOverdue(ReferralStatus.Sent, today.AddDays(-1), today));
        Assert.False(AgencyReferral.IsOverdue(ReferralStatus.Sent, today, today));
        Assert.False(AgencyReferral.IsOverdue(ReferralStatus.WaitingList, today.AddDays(-30), today));
        Assert.False(AgencyReferral.IsOverdue(ReferralStatus.Sent, null, today));
    }
}
