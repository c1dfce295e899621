using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Pupils;
using Pastoral.Security.Audit;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Pupils;

/// <summary>Editing a pupil: who may change which field, and two editors at once never undoing each other.</summary>
public abstract partial class PupilEditTests(AppFixture app)
{
    [Fact]
    public async Task Two_editors_on_different_fields_both_changes_stand()
    {
        var pupil = await FreshYear7PupilAsync();
        var (first, second) = (await app.SignedInAsync("senco"), await app.SignedInAsync("hoy7"));
        var firstForm = await FormAsync(first, pupil);
        var secondForm = await FormAsync(second, pupil);

        firstForm["Input.Values[YoungCarer]"] = "true";
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(first, pupil, firstForm)).StatusCode);

        secondForm["Input.Values[PreferredForename]"] = "Jo";
        var conflict = await PostAsync(second, pupil, secondForm);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        var page = await conflict.Content.ReadAsStringAsync();
        Assert.Contains("Sol Senco saved changes", page);
        Assert.Matches(new Regex("<th scope=\"row\">Young carer</th><td>Yes</td>"), page);
        Assert.True(await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == pupil).Select(p => p.YoungCarer).SingleAsync()), "the stale post reverted nothing");

        // The form now starts from the saved record with the second editor's change on top: saving it keeps both.
        var rebased = Fields(page);
        Assert.Equal("true", rebased["Input.Values[YoungCarer]"]);
        Assert.Equal("Jo", rebased["Input.Values[PreferredForename]"]);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(second, pupil, rebased)).StatusCode);
        var saved = await app.WithDbAsync(db => db.Pupils.AsNoTracking().SingleAsync(p => p.Id == pupil));
        Assert.True(saved.YoungCarer);
        Assert.Equal("Jo", saved.PreferredForename);
    }

    [Theory]
    [InlineData("mine", "Jo")]
    [InlineData("theirs", "Jojo")]
    public async Task Two_editors_on_the_same_field_the_second_sees_both_and_chooses(string keep, string expected)
    {
        var pupil = await FreshYear7PupilAsync();
        var (first, second) = (await app.SignedInAsync("senco"), await app.SignedInAsync("hoy7"));
        var firstForm = await FormAsync(first, pupil);
        var secondForm = await FormAsync(second, pupil);
        firstForm["Input.Values[PreferredForename]"] = "Jojo";
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(first, pupil, firstForm)).StatusCode);
        secondForm["Input.Values[PreferredForename]"] = "Jo";
        var page = await (await PostAsync(second, pupil, secondForm)).Content.ReadAsStringAsync();
        Assert.Contains("Keep theirs: Jojo", page);
        Assert.Contains("Use yours: Jo", page);

        var rebased = Fields(page);
        var unchosen = await PostAsync(second, pupil, rebased);
        Assert.Equal(HttpStatusCode.BadRequest, unchosen.StatusCode);
        Assert.Contains("Choose which preferred forename to keep", await unchosen.Content.ReadAsStringAsync());

        rebased["Input.Keep[PreferredForename]"] = keep;
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(second, pupil, rebased)).StatusCode);
        Assert.Equal(expected, await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == pupil).Select(p => p.PreferredForename).SingleAsync()));
    }

    [Fact]
    public async Task A_mentor_sees_mis_and_owned_fields_as_text_and_a_forged_change_is_refused()
    {
        var pupil = await app.WithDbAsync(db => db.Caseloads.Where(c => db.Users.Any(u => u.Id == c.StaffId && u.Email == $"mentor@{AppFixture.Domain}"))
            .OrderBy(c => c.PupilId).Select(c => c.PupilId).FirstAsync());
        var mentor = await app.SignedInAsync("mentor");
        var page = await (await mentor.GetAsync($"/pupils/{pupil}/edit")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("name=\"Input.Values[PupilPremium]\"", page);
        Assert.DoesNotContain("name=\"Input.Values[SenProvision]\"", page);
        Assert.Contains("name=\"Input.Values[YoungCarer]\"", page);
        Assert.Matches(new Regex("<dt[^>]*>Pupil premium</dt>"), page);
        Assert.Contains("changed by administrators", page);

        var before = await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == pupil).Select(p => p.PupilPremium).SingleAsync());
        var form = Fields(page);
        form["Input.Values[PupilPremium]"] = before ? "false" : "true";
        var response = await PostAsync(mentor, pupil, form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("You may not change pupil premium: only administrators can.", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        Assert.Equal(before, await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == pupil).Select(p => p.PupilPremium).SingleAsync()));
    }

    [Fact]
    public async Task Too_long_a_preferred_forename_is_refused_in_staff_words_on_the_page()
    {
        var pupil = await FreshYear7PupilAsync();
        var hoy = await app.SignedInAsync("hoy7");
        var form = await FormAsync(hoy, pupil);
        form["Input.Values[PreferredForename]"] = new string('a', 101);
        var response = await PostAsync(hoy, pupil, form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("Preferred forename can be at most 100 characters", page);
        Assert.DoesNotContain("The field", page);
        Assert.Contains(new string('a', 101), page); // the input is kept
    }

    [Fact]
    public async Task A_value_the_form_cannot_read_is_a_400_in_staff_words()
    {
        var pupil = await FreshYear7PupilAsync();
        var hoy = await app.SignedInAsync("hoy7");
        var form = await FormAsync(hoy, pupil);
        form["Input.Version"] = "abc";
        var response = await PostAsync(hoy, pupil, form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("“abc” is not a valid Version", page);
        Assert.DoesNotContain("The value", page);
    }

    [Fact]
    public async Task The_api_refuses_a_field_the_role_does_not_own_with_a_403_naming_it()
    {
        var pupil = await FreshYear7PupilAsync();
        var version = await VersionAsync(pupil);
        var hoy = app.Client(await app.TokenForAsync("hoy7"));
        var response = await hoy.PatchAsJsonAsync($"/api/v1/pupils/{pupil}", new { version, youngCarer = true, fsm = true });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("You may not change free school meals", problem.GetProperty("title").GetString());
        Assert.Equal("fsm", problem.GetProperty("field").GetString());
        Assert.False(await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == pupil).Select(p => p.YoungCarer).SingleAsync()), "nothing was changed");

        var senco = app.Client(await app.TokenForAsync("senco"));
        var ok = await senco.PatchAsJsonAsync($"/api/v1/pupils/{pupil}", new { version, senProvision = "E" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var detail = await ok.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("E", detail.GetProperty("senProvision").GetString());
        Assert.True(detail.GetProperty("ehcp").GetBoolean(), "an EHC plan is SEN provision E");
    }

    [Fact]
    public async Task The_api_answers_a_stale_version_with_409_and_the_current_record()
    {
        var pupil = await FreshYear7PupilAsync();
        var version = await VersionAsync(pupil);
        var hoy = app.Client(await app.TokenForAsync("hoy7"));
        Assert.Equal(HttpStatusCode.OK, (await hoy.PatchAsJsonAsync($"/api/v1/pupils/{pupil}", new { version, youngCarer = true })).StatusCode);
        var stale = await hoy.PatchAsJsonAsync($"/api/v1/pupils/{pupil}", new { version, youngCarer = false, preferredForename = "Jo" });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var current = await stale.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(version + 1, current.GetProperty("version").GetInt32());
        Assert.True(current.GetProperty("youngCarer").GetBoolean());
    }

    [Theory]
    [InlineData("{\"version\":1,\"preferredForename\":\"%LONG%\"}", "preferredForename", "Preferred forename can be at most 100 characters.")]
    [InlineData("{\"version\":1,\"youngCarer\":\"perhaps\"}", "youngCarer", "Young carer must be yes or no.")]
    [InlineData("{\"version\":1,\"shoeSize\":9}", "shoeSize", "shoeSize is not a pupil field.")]
    [InlineData("{\"youngCarer\":true}", "version", "Send the version of the record you started from (a whole number).")]
    [InlineData("[1,2]", "body", "Send a JSON object")]
    [InlineData("{not json", "body", "Send a JSON object")]
    public async Task Bad_api_input_is_a_400_in_staff_words(string body, string field, string message)
    {
        var pupil = await FreshYear7PupilAsync();
        var hoy = app.Client(await app.TokenForAsync("hoy7"));
        var response = await hoy.PatchAsync($"/api/v1/pupils/{pupil}",
            new StringContent(body.Replace("%LONG%", new string('a', 101)), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var messages = problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(m => m.GetString()!).ToList();
        Assert.Contains(messages, m => m.StartsWith(message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_timeline_shows_old_and_new_values_kept_in_the_change_history_not_the_audit_log()
    {
        var pupil = await FreshYear7PupilAsync();
        var hoy = app.Client(await app.TokenForAsync("hoy7"));
        var response = await hoy.PatchAsJsonAsync($"/api/v1/pupils/{pupil}", new { version = await VersionAsync(pupil), youngCarer = true, preferredForename = "Jo" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var timeline = await hoy.GetStringAsync($"/api/v1/pupils/{pupil}/timeline");
        Assert.Contains("Young carer: No → Yes", timeline);
        Assert.Contains("Preferred forename: not recorded → Jo", timeline);
        var (history, audit) = await app.WithDbAsync(async db => (
            await db.PupilChanges.Where(c => c.PupilId == pupil).Select(c => c.Field + "=" + c.NewValue).ToListAsync(),
            await db.AuditEntries.Where(a => a.PupilId == pupil && a.Action == AuditActions.Updated).Select(a => a.Detail).ToListAsync()));
        Assert.Contains("YoungCarer=true", history);
        Assert.Contains("PreferredForename=Jo", history);
        Assert.DoesNotContain(audit, d => d!.Contains("Jo", StringComparison.Ordinal));
    }

    private static int _taken;

    /// <summary>A Year 7 pupil, a different one each time, reset to no preferred forename, not a young carer, no EAL.</summary>
    private Task<int> FreshYear7PupilAsync()
    {
        var n = Interlocked.Increment(ref _taken);
        return app.WithDbAsync(async db =>
        {
            var year7 = await db.Pupils.Where(x => x.YearGroup!.NcYear == 7).OrderByDescending(x => x.Id).ToListAsync();
            var p = year7[n % year7.Count];
            (p.PreferredForename, p.YoungCarer, p.Eal) = (null, false, false);
            await db.SaveChangesAsync();
            return p.Id;
        });
    }

    private Task<int> VersionAsync(int pupil) => app.WithDbAsync(db => db.Pupils.Where(p => p.Id == pupil).Select(p => p.Version).SingleAsync());

    private static async Task<Dictionary<string, string>> FormAsync(HttpClient client, int pupil)
    {
        var response = await client.GetAsync($"/pupils/{pupil}/edit");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Fields(await response.Content.ReadAsStringAsync());
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, int pupil, Dictionary<string, string> form) =>
        client.PostAsync($"/pupils/{pupil}/edit", new FormUrlEncodedContent(form));

    /// <summary>What a browser would submit from the page's form: text and hidden inputs, ticked boxes and radios, chosen options.</summary>
    public static Dictionary<string, string> Fields(string html)
    {
        var form = html[html.IndexOf("<form method=\"post\" class=\"card", StringComparison.Ordinal)..];
        form = form[..(form.IndexOf("</form>", StringComparison.Ordinal) + 7)];
        var fields = new Dictionary<string, string>();
        foreach (Match m in Input().Matches(form))
        {
            var tag = m.Value;
            var name = WebUtility.HtmlDecode(Attr(tag, "name") ?? "");
            if (name == "") continue;
            var type = Attr(tag, "type") ?? "text";
            if (type is "checkbox" or "radio" && !tag.Contains("checked", StringComparison.Ordinal)) continue;
            fields[name] = WebUtility.HtmlDecode(Attr(tag, "value") ?? "");
        }
        foreach (Match m in Select().Matches(form))
        {
            var name = WebUtility.HtmlDecode(Attr(m.Groups[1].Value, "name")!);
            var chosen = Option().Matches(m.Groups[2].Value).FirstOrDefault(o => o.Value.Contains("selected", StringComparison.Ordinal))
                         ?? Option().Matches(m.Groups[2].Value).First();
            fields[name] = WebUtility.HtmlDecode(Attr(chosen.Value, "value")!);
        }
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(Attr(Input().Matches(form).First(i => i.Value.Contains("__RequestVerificationToken", StringComparison.Ordinal)).Value, "value")!);
        return fields;
    }

    private static string? Attr(string tag, string name) =>
        Regex.Match(tag, $"\\s{name}=\"([^\"]*)\"") is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex("<input[^>]*>")]
    private static partial Regex Input();

    [GeneratedRegex("(<select[^>]*>)(.*?)</select>", RegexOptions.Singleline)]
    private static partial Regex Select();

    [GeneratedRegex("<option[^>]*>")]
    private static partial Regex Option();
}

public sealed class PupilEditTests_Sqlite(SqliteApp app) : PupilEditTests(app), IClassFixture<SqliteApp>;
public sealed class PupilEditTests_Postgres(PostgresApp app) : PupilEditTests(app), IClassFixture<PostgresApp>;
