using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Security;

/// <summary>
/// Issue 5, 1.4 and 5.6: every response carries the security headers whatever produced it (binding 400s, 500s, 404, 405,
/// 413, static files, health), and the error pages people see stay inside the layout with their navigation.
/// Not a data test: one provider is enough.
/// </summary>
public sealed partial class ErrorResponseTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private static void AssertSecurityHeaders(HttpResponseMessage response, string what)
    {
        string? One(string name) => response.Headers.TryGetValues(name, out var v) ? string.Join(" ", v)
            : response.Content.Headers.TryGetValues(name, out var c) ? string.Join(" ", c) : null;
        var csp = One("Content-Security-Policy");
        Assert.True(csp is not null && csp.Contains("frame-ancestors 'none'", StringComparison.Ordinal) && csp.Contains("script-src 'self'", StringComparison.Ordinal),
            $"{what} ({(int)response.StatusCode}): Content-Security-Policy was '{csp}'");
        Assert.True(One("X-Frame-Options") == "DENY", $"{what} ({(int)response.StatusCode}): X-Frame-Options was '{One("X-Frame-Options")}'");
        Assert.True(One("X-Content-Type-Options") == "nosniff", $"{what} ({(int)response.StatusCode}): X-Content-Type-Options was '{One("X-Content-Type-Options")}'");
        Assert.True(One("Referrer-Policy") == "no-referrer", $"{what} ({(int)response.StatusCode}): Referrer-Policy was '{One("Referrer-Policy")}'");
    }

    private static HttpClient AsBrowser(HttpClient client)
    {
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        return client;
    }

    [Fact]
    public async Task Every_paged_list_refuses_a_page_below_one_and_a_page_size_out_of_range_naming_both()
    {
        var api = app.Client(await app.TokenForAsync("dsl"));
        foreach (var (path, max) in new[] { ("/api/v1/pupils/1/behaviour", 200), ("/api/v1/pupils/1/family-contacts", 200),
            ("/api/v1/pupils/1/safeguarding/referrals", 200), ("/api/v1/pupils/1/safeguarding/meetings", 200), ("/api/v1/pupils/1/safeguarding/cp-transfers", 200) })
        {
            var refused = await api.GetAsync($"{path}?page=0&pageSize={max + 1}");
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var body = await refused.Content.ReadAsStringAsync();
            Assert.Contains("page must be 1 or more.", body, StringComparison.Ordinal);
            Assert.Contains($"pageSize must be between 1 and {max}.", body, StringComparison.Ordinal);
            Assert.NotEqual(HttpStatusCode.BadRequest, (await api.GetAsync($"{path}?page=1&pageSize={max}")).StatusCode);
        }
    }

    [Fact]
    public async Task Every_kind_of_response_carries_the_security_headers()
    {
        var api = app.Client(await app.TokenForAsync("head"));
        var web = AsBrowser(await app.SignedInAsync("head"));
        var anonymous = app.Client();
        var cases = new (HttpClient Client, HttpMethod Method, string Path, HttpStatusCode Expected)[]
        {
            (api, HttpMethod.Get, "/api/v1/pupils?page=abc", HttpStatusCode.BadRequest),
            (api, HttpMethod.Get, "/api/v1/pupils/1/timeline?before=xyz", HttpStatusCode.BadRequest),
            (web, HttpMethod.Get, "/pupils/export.csv?year=abc", HttpStatusCode.BadRequest),
            (web, HttpMethod.Get, "/pupils?p=abc&year=abc", HttpStatusCode.OK),
            (api, HttpMethod.Get, "/api/v1/pupils?pageSize=0", HttpStatusCode.BadRequest),
            (anonymous, HttpMethod.Get, AppFixture.FailingPath, HttpStatusCode.InternalServerError),
            (web, HttpMethod.Get, AppFixture.FailingPath, HttpStatusCode.InternalServerError),
            (api, HttpMethod.Post, AppFixture.FailingPath, HttpStatusCode.InternalServerError),
            (web, HttpMethod.Get, "/no/such/page", HttpStatusCode.NotFound),
            (api, HttpMethod.Get, "/api/v1/no-such-thing", HttpStatusCode.NotFound),
            (api, HttpMethod.Get, "/api/v1/pupils/999999", HttpStatusCode.NotFound),
            (api, HttpMethod.Delete, "/api/v1/pupils/1/timeline", HttpStatusCode.MethodNotAllowed),
            (anonymous, HttpMethod.Get, "/api/v1/pupils", HttpStatusCode.Unauthorized),
            (anonymous, HttpMethod.Get, "/css/site.css", HttpStatusCode.OK),
            (anonymous, HttpMethod.Get, "/lib/bootstrap/bootstrap.min.css", HttpStatusCode.OK),
            (anonymous, HttpMethod.Get, "/healthz", HttpStatusCode.OK),
            (anonymous, HttpMethod.Get, "/account/sign-in", HttpStatusCode.OK),
        };
        foreach (var (client, method, path, expected) in cases)
        {
            using var response = await client.SendAsync(new HttpRequestMessage(method, path));
            Assert.True(expected == response.StatusCode, $"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode}");
            AssertSecurityHeaders(response, $"{method} {path}");
        }
    }

    [Fact]
    public async Task A_500_is_a_page_in_the_layout_or_a_problem_for_the_api_and_never_a_stack_trace()
    {
        var web = AsBrowser(await app.SignedInAsync("head"));
        var page = await web.GetAsync(AppFixture.FailingPath);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.InternalServerError, page.StatusCode);
        Assert.Contains("Something went wrong", html);
        Assert.Contains("href=\"/pupils\"", html);              // the signed-in navigation is still there
        Assert.DoesNotContain("InvalidOperationException", html);
        var api = app.Client(await app.TokenForAsync("head"));
        api.DefaultRequestHeaders.Accept.ParseAdd("application/json");
        var problem = await api.PostAsync(AppFixture.FailingPath, null);
        Assert.Equal("application/problem+json", problem.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("InvalidOperationException", await problem.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/no/such/page", HttpStatusCode.NotFound, "Page not found", "There is nothing at /no/such/page")]
    [InlineData("/pupils/export.csv?year=abc", HttpStatusCode.BadRequest, "The request was not valid", "year cannot be &quot;abc&quot;")]
    public async Task Error_pages_keep_the_layout_and_the_signed_in_navigation(string path, HttpStatusCode status, string title, string says)
    {
        var web = AsBrowser(await app.SignedInAsync("head"));
        var response = await web.GetAsync(path);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains($"<title>{title} · Pastoral</title>", html);
        Assert.Contains("aria-label=\"Main\"", html);
        Assert.Contains("href=\"/pupils\"", html);
        Assert.Contains("Sign out", html);
        Assert.Contains(says, html);
        Assert.DoesNotContain("Failed to bind", html);
    }

    [Fact]
    public async Task Asking_for_the_error_page_directly_is_a_404_not_an_error()
    {
        var response = await AsBrowser(app.Client()).GetAsync("/error/500");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_25_MB_upload_gets_a_413_page_that_says_the_limit_inside_the_layout()
    {
        var admin = await app.SignedInAsync("admin");
        var form = await (await admin.GetAsync("/pupils/import")).Content.ReadAsStringAsync();
        var token = WebUtility.HtmlDecode(AntiforgeryField().Match(form).Groups[1].Value);
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(new byte[25 * 1024 * 1024]);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "Upload", "big.csv");
        // Expect: 100-continue lets the server refuse on the declared length before the body is sent, as Kestrel does.
        var request = new HttpRequestMessage(HttpMethod.Post, "/pupils/import") { Content = content };
        request.Headers.ExpectContinue = true;
        var response = await AsBrowser(admin).SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        AssertSecurityHeaders(response, "POST /pupils/import (25 MB)");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("The file is too large", html);
        Assert.Contains("at most 20 MB", html);
        Assert.Contains("aria-label=\"Main\"", html);
    }

    [Fact]
    public async Task The_api_reference_shows_no_deploy_sdk_or_ai_buttons()
    {
        var html = await app.Client().GetStringAsync("/api/docs/");
        var config = ScalarConfiguration().Match(html);
        Assert.True(config.Success, "The Scalar page carries no configuration object");
        var json = System.Text.Json.JsonDocument.Parse(config.Groups[1].Value).RootElement;
        Assert.Equal("never", json.GetProperty("showDeveloperTools").GetString());   // the toolbar with Deploy and Generate SDK
        Assert.True(json.GetProperty("agent").GetProperty("disabled").GetBoolean()); // Ask AI
        Assert.True(json.GetProperty("mcp").GetProperty("disabled").GetBoolean());
        Assert.True(json.GetProperty("hideClientButton").GetBoolean());
        Assert.False(json.GetProperty("telemetry").GetBoolean());
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex(@"initialize\(\s*'[^']*',\s*\w+,\s*(\{.*\}),", RegexOptions.Singleline)]
    private static partial Regex ScalarConfiguration();
}
