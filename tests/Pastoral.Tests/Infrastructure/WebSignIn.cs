using System.Net;
using System.Text.RegularExpressions;

namespace Pastoral.Tests.Infrastructure;

/// <summary>Signs in through the real sign-in form (antiforgery token, cookie, second factor) as a browser would.</summary>
public static partial class WebSignIn
{
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, Dictionary<string, string> fields)
    {
        var get = await client.GetAsync(path);
        Assert.True(get.IsSuccessStatusCode, $"GET {path} gave {(int)get.StatusCode} {get.Headers.Location}");
        var page = await get.Content.ReadAsStringAsync();
        var token = AntiforgeryField().Match(page);
        Assert.True(token.Success, $"No antiforgery token on {path}");
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
        return await client.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    public static async Task<HttpClient> SignedInAsync(this AppFixture app, string local)
    {
        var client = app.Client();
        var response = await PostFormAsync(client, "/account/sign-in", new() { ["Email"] = $"{local}@{AppFixture.Domain}", ["Password"] = app.Password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        if (response.Headers.Location!.OriginalString.Contains("second-factor", StringComparison.Ordinal))
        {
            response = await PostFormAsync(client, response.Headers.Location.OriginalString, new() { ["Code"] = app.TotpNow(local) });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }
        Assert.Equal("/", response.Headers.Location!.OriginalString);
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
