using System.Net;
using System.Text.Json;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Platform;

public sealed class ApiDescriptionTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task The_openapi_document_lists_the_pupil_endpoints_their_errors_and_the_bearer_scheme()
    {
        var doc = JsonDocument.Parse(await app.Client().GetStringAsync("/openapi/v1.json")).RootElement;
        Assert.Equal("http", doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("type").GetString());
        var paths = doc.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/pupils", "/api/v1/pupils/{key}", "/api/v1/pupils/{key}/timeline", "/api/v1/pupils/import" })
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is not described");
        var list = paths.GetProperty("/api/v1/pupils").GetProperty("get").GetProperty("responses");
        foreach (var status in new[] { "200", "400", "401", "403" }) Assert.True(list.TryGetProperty(status, out _), $"GET /api/v1/pupils has no {status}");
        Assert.True(paths.GetProperty("/api/v1/pupils/import").GetProperty("post").GetProperty("requestBody").GetProperty("content").TryGetProperty("text/csv", out _));
        Assert.False(paths.TryGetProperty("/pupils/export.csv", out _));
    }

    [Fact]
    public async Task The_api_reference_page_is_served_without_a_cdn()
    {
        Assert.Equal(HttpStatusCode.Redirect, (await app.Client().GetAsync("/api/docs")).StatusCode);
        var response = await app.Client().GetAsync("/api/docs/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("cdn.jsdelivr", html);
        Assert.DoesNotContain("unpkg.com", html);
    }
}
