using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Families;
using Pastoral.Features.Pupils;
using Pastoral.Security.Audit;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Families;

/// <summary>The family contact log (issue 7, item 5): API, checks, scope, edit conflicts, follow-ups, CSV, timeline.</summary>
public abstract partial class FamilyContactTests(FamiliesApp app)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private async Task<HttpClient> ApiAsync(string local) => app.Client(await app.TokenForAsync(local));

    private Task<int> ContactCountAsync(int pupil) => app.WithDbAsync(db => db.Set<FamilyContact>().CountAsync(c => c.PupilId == pupil));

    private Task<int> FirstContactOfAsync(int pupil) => app.WithDbAsync(db => db.PupilContacts.Where(c => c.PupilId == pupil).OrderBy(c => c.Priority).Select(c => c.Id).FirstAsync());

    [Fact]
    public async Task A_phone_call_logged_through_the_api_is_listed_paged_and_audited()
    {
        var pupil = await app.Year8PupilAsync();
        var contact = await FirstContactOfAsync(pupil);
        var api = await ApiAsync("hoy8");
        var response = await api.PostAsJsonAsync($"/api/v1/pupils/{pupil}/family-contacts", new
        {
            kind = "Phone call", direction = "to home", contactId = contact, at = "2026-11-24T08:15", purpose = "Attendance",
            summary = "Talked about mornings", outcome = "Mum will bring him in", followUpOn = "2026-11-30",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<FamilyContactDto>(Json))!;
        Assert.Equal("phone call", created.Kind);
        Assert.Equal("to home", created.Direction);
        Assert.Equal(new DateTime(2026, 11, 24, 8, 15, 0, DateTimeKind.Utc), created.At); // November: London is UTC
        Assert.Equal("Robin Year-Eight", created.Staff);

        var list = (await api.GetFromJsonAsync<FamilyContactList>($"/api/v1/pupils/{pupil}/family-contacts?page=1&pageSize=1", Json))!;
        Assert.Equal(1, list.PageSize);
        Assert.Equal(await ContactCountAsync(pupil), list.Total);
        Assert.Single(list.Items);
        var upn = await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == pupil).Select(p => p.Upn).SingleAsync());
        var byUpn = (await api.GetFromJsonAsync<FamilyContactList>($"/api/v1/pupils/{upn}/family-contacts?pageSize=200", Json))!;
        Assert.Contains(byUpn.Items, i => i.Id == created.Id);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditActions.Created && a.EntityType == nameof(FamilyContact) && a.EntityId == created.Id.ToString())));
    }

    [Fact]
    public async Task A_contact_with_a_person_not_linked_to_the_pupil_is_refused_and_nothing_is_saved()
    {
        var pupil = await app.Year8PupilAsync();
        var other = await app.Year8PupilAsync(1);
        var stranger = await FirstContactOfAsync(other);
        var before = await ContactCountAsync(pupil);
        var response = await (await ApiAsync("hoy8")).PostAsJsonAsync($"/api/v1/pupils/{pupil}/family-contacts",
            new { kind = "phone call", direction = "to home", contactId = stranger, purpose = "Attendance" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("is not one of", problem.GetProperty("errors").GetProperty("contactId")[0].GetString());
        Assert.Equal(before, await ContactCountAsync(pupil));

        // Someone else needs a name and a relationship; the kind must be one of the six; not in the future.
        response = await (await ApiAsync("hoy8")).PostAsJsonAsync($"/api/v1/pupils/{pupil}/family-contacts",
            new { kind = "fax", direction = "to home", withName = "Aunt Jo", at = "2030-01-01T10:00", purpose = "" });
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("kind", out _));
        Assert.True(errors.TryGetProperty("withRelationship", out _));
        Assert.Contains("future", errors.GetProperty("at")[0].GetString());
        Assert.True(errors.TryGetProperty("purpose", out _));
        Assert.Equal(before, await ContactCountAsync(pupil));
    }

    [Fact]
    public async Task A_pupil_out_of_scope_is_a_404_and_a_governor_may_not_read_the_log()
    {
        var year7 = await app.WithDbAsync(db => db.Pupils.Where(p => p.YearGroup!.NcYear == 7).Select(p => p.Id).FirstAsync());
        var teacher = await ApiAsync("teacher"); // Year 8 only
        Assert.Equal(HttpStatusCode.NotFound, (await teacher.GetAsync($"/api/v1/pupils/{year7}/family-contacts")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await teacher.PostAsJsonAsync($"/api/v1/pupils/{year7}/family-contacts", new { kind = "letter" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await ApiAsync("governor")).GetAsync($"/api/v1/pupils/{await app.Year8PupilAsync()}/family-contacts")).StatusCode);
    }

    [Fact]
    public async Task A_change_with_a_stale_version_is_a_409_with_the_current_record()
    {
        var pupil = await app.Year8PupilAsync();
        var api = await ApiAsync("teacher"); // teachers log calls home too
        var created = (await (await api.PostAsJsonAsync($"/api/v1/pupils/{pupil}/family-contacts",
            new { kind = "e-mail", direction = "from home", withName = "Sam Carer", withRelationship = "Childminder", purpose = "Homework" }))
            .Content.ReadFromJsonAsync<FamilyContactDto>(Json))!;
        var first = await api.PutAsJsonAsync($"/api/v1/families/contacts/{created.Id}", new
        {
            kind = "e-mail", direction = "from home", withName = "Sam Carer", withRelationship = "Childminder", purpose = "Homework and reading",
            at = created.At.ToString("O"), version = created.Version,
        });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var stale = await api.PutAsJsonAsync($"/api/v1/families/contacts/{created.Id}", new
        {
            kind = "e-mail", direction = "from home", withName = "Sam Carer", withRelationship = "Childminder", purpose = "Something else",
            at = created.At.ToString("O"), version = created.Version,
        });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var current = (await stale.Content.ReadFromJsonAsync<FamilyContactDto>(Json))!;
        Assert.Equal("Homework and reading", current.Purpose);
        Assert.Equal(created.Version + 1, current.Version);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PutAsJsonAsync($"/api/v1/families/contacts/{created.Id}", new { kind = "letter" })).StatusCode);
    }

    [Fact]
    public async Task The_short_form_logs_a_call_in_one_post_and_offers_the_registered_follow_ups_pre_filled()
    {
        var pupil = await app.Year8PupilAsync(2);
        var web = await app.SignedInAsync("hoy8");
        var form = await web.GetStringAsync($"/pupils/{pupil}/family-contacts/log");
        var contact = await FirstContactOfAsync(pupil);
        Assert.Contains($"value=\"{contact}\" id=\"with-{contact}\" checked=\"checked\"", form); // the first contact is chosen already
        var response = await WebSignIn.PostFormAsync(web, $"/pupils/{pupil}/family-contacts/log", new()
        {
            ["Input.Values[kind]"] = "PhoneCall", ["Input.Values[direction]"] = "ToHome", ["Input.Values[with]"] = contact.ToString(),
            ["Input.Values[at]"] = "2026-11-24T09:00", ["Input.Values[purpose]"] = "Punctuality", ["Input.Values[outcome]"] = "Agreed earlier bus",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = await web.GetStringAsync(response.Headers.Location!.OriginalString);
        var id = await app.WithDbAsync(db => db.Set<FamilyContact>().Where(c => c.PupilId == pupil).OrderByDescending(c => c.Id).Select(c => c.Id).FirstAsync());
        Assert.Contains($"/pupils/{pupil}/behaviour/reviews/new?fromContact={id}&amp;with=", saved);
        Assert.Contains("Open a behaviour review", saved);

        // The profile has the section, one click from "Log a call".
        var profile = await web.GetStringAsync($"/pupils/{pupil}");
        Assert.Contains($"href=\"/pupils/{pupil}/family-contacts/log\"", profile);
        Assert.Contains("Punctuality", profile);
        // A teacher cannot take the follow-up (it needs EditPupils), so it is not offered.
        var teacher = await app.SignedInAsync("teacher");
        Assert.DoesNotContain("Open a behaviour review", await teacher.GetStringAsync($"/pupils/{pupil}/family-contacts?saved={id}"));
    }

    [Fact]
    public async Task A_person_not_linked_to_the_pupil_is_refused_on_the_form_with_the_input_kept()
    {
        var pupil = await app.Year8PupilAsync();
        var stranger = await FirstContactOfAsync(await app.Year8PupilAsync(1));
        var before = await ContactCountAsync(pupil);
        var web = await app.SignedInAsync("hoy8");
        var response = await WebSignIn.PostFormAsync(web, $"/pupils/{pupil}/family-contacts/log", new()
        {
            ["Input.Values[kind]"] = "PhoneCall", ["Input.Values[direction]"] = "ToHome", ["Input.Values[with]"] = stranger.ToString(),
            ["Input.Values[at]"] = "2026-11-24T09:00", ["Input.Values[purpose]"] = "Kept purpose",
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("There is a problem", html);
        Assert.Contains("is not one of", html);
        Assert.Contains("value=\"Kept purpose\"", html);
        Assert.Equal(before, await ContactCountAsync(pupil));
    }

    [Fact]
    public async Task The_second_editor_sees_both_values_field_by_field_and_never_reverts_the_first()
    {
        var pupil = await app.Year8PupilAsync();
        var created = (await (await (await ApiAsync("hoy8")).PostAsJsonAsync($"/api/v1/pupils/{pupil}/family-contacts",
            new { kind = "meeting", direction = "to home", withName = "Pat Aunt", withRelationship = "Aunt", purpose = "Wellbeing", outcome = "First outcome" }))
            .Content.ReadFromJsonAsync<FamilyContactDto>(Json))!;
        var path = $"/pupils/{pupil}/family-contacts/log/{created.Id}";
        var one = await app.SignedInAsync("hoy8");
        var two = await app.SignedInAsync("senco");
        var twoForm = await two.GetStringAsync(path); // the second editor opens the form first
        var r1 = await WebSignIn.PostFormAsync(one, path, EditFields(created, outcome: "Outcome by hoy8", summary: null));
        Assert.Equal(HttpStatusCode.Redirect, r1.StatusCode);
        var r2 = await two.PostAsync(path, new FormUrlEncodedContent(WithToken(twoForm, EditFields(created, outcome: "Outcome by senco", summary: "Summary by senco"))));
        Assert.Equal(HttpStatusCode.Conflict, r2.StatusCode);
        var html = await r2.Content.ReadAsStringAsync();
        Assert.Contains("saved changes to this contact while you were editing", html);
        Assert.Contains("Outcome by hoy8", html);
        Assert.Contains("Which outcome to keep?", html);
        var saved = await app.WithDbAsync(db => db.Set<FamilyContact>().AsNoTracking().SingleAsync(c => c.Id == created.Id));
        Assert.Equal("Outcome by hoy8", saved.Outcome);
        Assert.Null(saved.Summary);

        // Choosing theirs for the clash keeps the first editor's outcome and adds the second editor's summary.
        var r3 = await WebSignIn.PostFormAsync(two, path, new(Hidden(html)) { ["Input.Keep[outcome]"] = "theirs" });
        Assert.Equal(HttpStatusCode.Redirect, r3.StatusCode);
        saved = await app.WithDbAsync(db => db.Set<FamilyContact>().AsNoTracking().SingleAsync(c => c.Id == created.Id));
        Assert.Equal("Outcome by hoy8", saved.Outcome);
        Assert.Equal("Summary by senco", saved.Summary);
    }

    private static Dictionary<string, string> EditFields(FamilyContactDto c, string? outcome, string? summary)
    {
        var start = new Dictionary<string, string?>
        {
            ["kind"] = "Meeting", ["direction"] = "ToHome", ["with"] = "other", ["otherName"] = c.WithName, ["otherRelationship"] = c.WithRelationship,
            ["at"] = Pastoral.Infrastructure.SchoolClock.ToLocal(c.At).ToString("yyyy-MM-dd'T'HH:mm"), ["purpose"] = c.Purpose, ["summary"] = null,
            ["outcome"] = c.Outcome, ["followUpOn"] = null, ["followUpDone"] = "false",
        };
        var fields = new Dictionary<string, string> { ["Input.Version"] = c.Version.ToString() };
        foreach (var (k, v) in start)
        {
            fields[$"Input.Started[{k}]"] = v ?? "";
            fields[$"Input.Values[{k}]"] = (k == "outcome" ? outcome : k == "summary" ? summary : v) ?? "";
        }
        return fields;
    }

    private static Dictionary<string, string> WithToken(string page, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = System.Net.WebUtility.HtmlDecode(TokenField().Match(page).Groups[1].Value);
        return fields;
    }

    /// <summary>Every field of the re-shown form, as a browser would send them back (radios and checkboxes only when checked).</summary>
    private static Dictionary<string, string> Hidden(string html)
    {
        var fields = new Dictionary<string, string>();
        foreach (Match tag in InputTag().Matches(html))
        {
            string? Attr(string name) => Regex.Match(tag.Value, $"\\s{name}=\"([^\"]*)\"") is { Success: true } m ? System.Net.WebUtility.HtmlDecode(m.Groups[1].Value) : null;
            var name = Attr("name");
            if (name is null || name == "__RequestVerificationToken") continue;
            if (Attr("type") is "radio" or "checkbox" && Attr("checked") is null) continue;
            fields[name] = Attr("value") ?? "";
        }
        foreach (Match m in TextArea().Matches(html)) fields[System.Net.WebUtility.HtmlDecode(m.Groups["name"].Value)] = System.Net.WebUtility.HtmlDecode(m.Groups["value"].Value);
        return fields;
    }

    [Fact]
    public async Task The_csv_export_is_formula_safe_and_audited_and_the_school_list_offers_only_visible_years()
    {
        var pupil = await app.Year8PupilAsync();
        await (await ApiAsync("hoy8")).PostAsJsonAsync($"/api/v1/pupils/{pupil}/family-contacts",
            new { kind = "letter", direction = "to home", withName = "=HYPERLINK(\"x\")", withRelationship = "Uncle", purpose = "+Formula test" });
        var web = await app.SignedInAsync("hoy8");
        var csv = await web.GetStringAsync("/families/contacts/export.csv?kind=letter");
        Assert.Contains("'=HYPERLINK", csv);
        Assert.Contains("'+Formula test", csv);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditActions.Exported && a.EntityType == "FamilyContacts")));
        var list = await (await app.SignedInAsync("teacher")).GetStringAsync("/families/contacts"); // a Year 8 teacher
        Assert.Contains(">Year 8<", list);
        Assert.DoesNotContain(">Year 7<", list);
        var refused = await (await app.SignedInAsync("teacher")).GetAsync("/families/contacts/export.csv");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/account/denied", refused.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_due_follow_up_shows_on_my_day_for_the_person_who_logged_it_and_the_contact_is_on_the_timeline()
    {
        var pupil = await app.Year8PupilAsync(3);
        await (await ApiAsync("teacher")).PostAsJsonAsync($"/api/v1/pupils/{pupil}/family-contacts",
            new { kind = "phone call", direction = "to home", withName = "Lee Grandad", withRelationship = "Grandparent", purpose = "Reading at home", at = "2026-11-20T10:00", followUpOn = "2026-11-23" });
        var home = await (await app.SignedInAsync("teacher")).GetStringAsync("/");
        Assert.Contains("Follow-ups due", home);
        Assert.Contains("Reading at home", home);
        Assert.DoesNotContain("Reading at home", await (await app.SignedInAsync("hoy8")).GetStringAsync("/"));
        var timeline = await (await ApiAsync("hoy8")).GetFromJsonAsync<JsonElement>($"/api/v1/pupils/{pupil}/timeline?limit=200");
        Assert.Contains(timeline.EnumerateArray(), e => e.GetProperty("title").GetString() == "Phone call to home: Reading at home"
            && e.GetProperty("detail").GetString()!.Contains("by Taylor Teacher"));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
    [GeneratedRegex("<input[^>]*>")]
    private static partial Regex InputTag();
    [GeneratedRegex("<textarea[^>]*?name=\"(?<name>[^\"]+)\"[^>]*>(?<value>[^<]*)</textarea>")]
    private static partial Regex TextArea();
}

public sealed class FamilyContactTests_Sqlite(SqliteFamiliesApp app) : FamilyContactTests(app), IClassFixture<SqliteFamiliesApp>;
public sealed class FamilyContactTests_Postgres(PostgresFamiliesApp app) : FamilyContactTests(app), IClassFixture<PostgresFamiliesApp>;
