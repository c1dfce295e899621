using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure.Demo;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Pupils;

/// <summary>
/// The pupils list in a two-school trust: paging that never wraps round (issue 5, 1.10), sorting by the name shown and
/// first/last/jump paging (5.5), and filter options from the user's own scope (1.11).
/// </summary>
public abstract partial class RosterTests(AppFixture app)
{
    private async Task<HttpClient> HeadApiAsync() => app.Client(await app.TokenForAsync("head"));

    [Theory]
    [InlineData(2147483647, 200)]
    [InlineData(1073741825, 2)]   // (page - 1) × pageSize is exactly 2^31: wraps to a negative offset in int arithmetic
    [InlineData(21474837, 100)]
    public async Task A_page_past_the_end_is_empty_and_the_offset_never_wraps_round(int page, int pageSize)
    {
        var list = await (await HeadApiAsync()).GetFromJsonAsync<JsonElement>($"/api/v1/pupils?page={page}&pageSize={pageSize}");
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
        Assert.Equal(await app.WithDbAsync(db => db.Pupils.CountAsync()), list.GetProperty("total").GetInt32());
        Assert.Equal(page, list.GetProperty("page").GetInt32());
    }

    [Fact]
    public async Task The_pupils_page_past_the_end_says_so_and_offers_the_last_page()
    {
        var web = await app.SignedInAsync("head");
        var total = await app.WithDbAsync(db => db.Pupils.CountAsync());
        var pages = (total + 49) / 50;
        var html = await web.GetStringAsync("/pupils?p=99");
        Assert.DoesNotContain("page 99 of", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"There is no page 99: these pupils fit on {pages} pages.", html);
        Assert.Contains($"href=\"?p={pages}\">Go to the last page", html);
        Assert.DoesNotContain("<tbody>", html);
        Assert.DoesNotContain("No pupils match", html);
        html = await web.GetStringAsync("/pupils?p=2147483647");
        Assert.Contains("There is no page 2,147,483,647", html);
    }

    [Fact]
    public async Task Paging_offers_first_last_and_a_page_jump_and_is_hidden_on_one_page()
    {
        var web = await app.SignedInAsync("head");
        var total = await app.WithDbAsync(db => db.Pupils.CountAsync());
        var pages = (total + 49) / 50;
        var html = await web.GetStringAsync("/pupils?p=2&sort=upn");
        Assert.Contains("href=\"?sort=upn&amp;p=1\">First</a>", html);
        Assert.Contains($"href=\"?sort=upn&amp;p={pages}\">Last ({pages})</a>", html);
        var jump = PageJumpForm().Match(html);
        Assert.True(jump.Success, "no page-jump form");
        Assert.Contains("<input type=\"hidden\" name=\"sort\" value=\"upn\">", jump.Value);   // the jump keeps the sort and filters
        Assert.Contains("name=\"p\" type=\"number\"", jump.Value);
        Assert.Contains("<button type=\"submit\"", jump.Value);

        var upn = await app.WithDbAsync(db => db.Pupils.OrderBy(p => p.Id).Select(p => p.Upn).FirstAsync());
        html = await web.GetStringAsync($"/pupils?q={upn}");
        Assert.Contains("1 pupil<", html);
        Assert.DoesNotContain("Pages of pupils", html);
        Assert.DoesNotContain("page-jump", html);
        Assert.DoesNotContain("page 1 of 1", html);
    }

    [Fact]
    public async Task Name_sorts_by_the_preferred_name_shown_not_the_legal_one()
    {
        // Two pupils whose legal and preferred surnames sit at opposite ends of the alphabet.
        var (early, late) = await app.WithDbAsync(async db =>
        {
            var two = await db.Pupils.OrderBy(p => p.Id).Skip(3).Take(2).ToListAsync();
            two[0].LegalSurname = "Zzyzx"; two[0].PreferredSurname = "Aabel";
            two[1].LegalSurname = "Aaberg"; two[1].PreferredSurname = "Zzyzzogeton";
            await db.SaveChangesAsync();
            return (two[0].Id, two[1].Id);
        });
        var api = await HeadApiAsync();
        var ascending = (await api.GetFromJsonAsync<JsonElement>("/api/v1/pupils?sort=name&pageSize=200")).GetProperty("items");
        Assert.Equal(early, ascending[0].GetProperty("id").GetInt32());
        Assert.Equal(late, ascending[ascending.GetArrayLength() - 1].GetProperty("id").GetInt32());
        var byDefault = (await api.GetFromJsonAsync<JsonElement>("/api/v1/pupils?pageSize=1")).GetProperty("items");
        Assert.Equal(early, byDefault[0].GetProperty("id").GetInt32());
        var descending = (await api.GetFromJsonAsync<JsonElement>("/api/v1/pupils?sort=-name&pageSize=1")).GetProperty("items");
        Assert.Equal(late, descending[0].GetProperty("id").GetInt32());

        var html = await (await app.SignedInAsync("head")).GetStringAsync("/pupils");
        Assert.Contains($"href=\"/pupils/{early}\">Aabel,", FirstRow().Match(html).Value);
    }

    [Fact]
    public async Task Head_of_year_7_is_offered_only_their_own_year_and_its_forms()
    {
        var (ownYear7, ownYear8, otherYear7, ownForms, otherForms) = await app.WithDbAsync(async db =>
        {
            var schools = await db.Schools.OrderBy(s => s.Id).Select(s => s.Id).ToListAsync();
            Assert.True(schools.Count >= 2, "this test needs a two-school demo");
            var years = await db.YearGroups.Where(y => y.NcYear == 7 || y.NcYear == 8).Select(y => new { y.Id, y.SchoolId, y.NcYear }).ToListAsync();
            int Year(int school, int nc) => years.Single(y => y.SchoolId == school && y.NcYear == nc).Id;
            var own7 = Year(schools[0], 7);
            var other7 = Year(schools[1], 7);
            var formsWithPupils = await db.Pupils.Where(p => p.FormId != null).Select(p => new { Form = p.FormId!.Value, Year = p.YearGroupId }).Distinct().ToListAsync();
            return (own7, Year(schools[0], 8), other7,
                formsWithPupils.Where(f => f.Year == own7).Select(f => f.Form).Order().ToList(),
                formsWithPupils.Where(f => f.Year == other7).Select(f => f.Form).Order().ToList());
        });
        var web = await app.SignedInAsync("hoy7");

        var html = await web.GetStringAsync("/pupils");
        Assert.Equal(new[] { ownYear7 }, Options(html, "year"));

        html = await web.GetStringAsync($"/pupils?year={ownYear7}");
        Assert.Equal(ownForms, Options(html, "form").Order().ToList());

        foreach (var outside in new[] { otherYear7, ownYear8, 999_999 })
        {
            html = await web.GetStringAsync($"/pupils?year={outside}");
            Assert.Empty(Options(html, "form"));
            Assert.Contains(">0 pupils<", html);
            Assert.DoesNotContain("<tbody>", html);
            Assert.Equal(new[] { ownYear7 }, Options(html, "year"));
        }
        html = await web.GetStringAsync($"/pupils?year={otherYear7}&form={otherForms[0]}");
        Assert.Empty(Options(html, "form"));
        Assert.Contains(">0 pupils<", html);
    }

    /// <summary>The values of the non-empty options of one select.</summary>
    private static List<int> Options(string html, string select)
    {
        var match = Regex.Match(html, $"<select id=\"{select}\"[^>]*>(.*?)</select>", RegexOptions.Singleline);
        Assert.True(match.Success, $"no select #{select}");
        return OptionValue().Matches(match.Groups[1].Value).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
    }

    [GeneratedRegex("<option value=\"(\\d+)\"")]
    private static partial Regex OptionValue();

    [GeneratedRegex("<form method=\"get\" class=\"[^\"]*page-jump\">.*?</form>", RegexOptions.Singleline)]
    private static partial Regex PageJumpForm();

    [GeneratedRegex("<tbody>\\s*<tr>.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex FirstRow();
}

/// <summary>A trust of two schools: the head of Year 7 works in the first.</summary>
public abstract class TwoSchoolApp(DatabaseProvider provider) : AppFixture(provider)
{
    protected override DemoSize Size => new(2, 100);
}

public sealed class TwoSchoolSqliteApp() : TwoSchoolApp(DatabaseProvider.Sqlite);
public sealed class TwoSchoolPostgresApp() : TwoSchoolApp(DatabaseProvider.Postgres);

public sealed class RosterTests_Sqlite(TwoSchoolSqliteApp app) : RosterTests(app), IClassFixture<TwoSchoolSqliteApp>;
public sealed class RosterTests_Postgres(TwoSchoolPostgresApp app) : RosterTests(app), IClassFixture<TwoSchoolPostgresApp>;
