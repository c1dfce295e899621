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
    public async Task A_dsl_keeps_access_after_the_session_is_revalidated_and_loses_it_when_signed_out_elsewhere()
    {
        var client = await app.SignedInAsync("dsl");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/pupils")).StatusCode);
        // Past the security stamp's revalidation interval: the principal is rebuilt, and must still carry the second factor.
        app.Clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/pupils")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/pupils")).StatusCode);

        // A changed security stamp (password reset, roles changed) ends every session at the next revalidation.
        await app.WithServicesAsync(async sp =>
        {
            var users = sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Pastoral.Security.StaffUser>>();
            return await users.UpdateSecurityStampAsync((await users.FindByEmailAsync($"dsl@{AppFixture.Domain}"))!);
        });
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        var after = await client.GetAsync("/pupils");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/sign-in", after.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Health_answers_anonymously_when_the_database_does()
    {
        var response = await app.Client().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
