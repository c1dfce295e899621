using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Home;

public sealed partial class MyDayTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Theory]
    [InlineData("head")]
    [InlineData("hoy7")]
    public async Task Every_count_on_my_day_matches_the_list_it_links_to(string local)
    {
        var client = await app.SignedInAsync(local);
        var html = await client.GetStringAsync("/");
        var links = CountLink().Matches(html).ToList();
        Assert.True(links.Count >= 4, "My day shows its counts as links");
        foreach (var link in links)
        {
            var query = System.Net.WebUtility.HtmlDecode(link.Groups["query"].Value);
            var shown = int.Parse(link.Groups["count"].Value, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture);
            var list = await client.GetFromJsonAsync<JsonElement>($"/api/v1/pupils{query}{(query.Length == 0 ? "?" : "&")}pageSize=1");
            Assert.True(shown == list.GetProperty("total").GetInt32(), $"My day shows {shown} for /pupils{query}, the list has {list.GetProperty("total").GetInt32()}");
        }
    }

    [GeneratedRegex("""<a href="/pupils(?<query>(\?flag=[a-z-]+)?)">(?<count>[0-9,]+)</a>""")]
    private static partial Regex CountLink();
}
