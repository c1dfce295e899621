using System.Net;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Security;

/// <summary>Moves the clock, so it has a fixture of its own.</summary>
public sealed class SessionTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task An_idle_session_ends_after_30_minutes_but_activity_keeps_it_alive()
    {
        var client = await app.SignedInAsync("head");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/pupils")).StatusCode);

        app.Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/pupils")).StatusCode); // past half-way: the cookie is renewed
        app.Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/pupils")).StatusCode);

        app.Clock.Advance(TimeSpan.FromMinutes(31));
        var idle = await client.GetAsync("/pupils");
        Assert.Equal(HttpStatusCode.Redirect, idle.StatusCode);
        Assert.StartsWith("/account/sign-in", idle.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Health_answers_anonymously_when_the_database_does()
    {
        var response = await app.Client().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
