using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Pastoral.Infrastructure;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Platform;

/// <summary>A trust runs several instances on one PostgreSQL: nothing that matters may live in one process.</summary>
public sealed class FleetTests(PostgresApp app) : IClassFixture<PostgresApp>
{
    [Fact]
    public async Task A_cookie_and_a_token_from_one_instance_work_on_another()
    {
        var first = await app.SignedInAsync("dsl");
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/pupils")).StatusCode);
        var token = await app.TokenForAsync("head", "fleet");

        await using var second = app.BuildApp();
        await second.StartAsync();
        var other = new Uri(second.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Assert.NotEqual(app.BaseAddress.Port, other.Port);

        // Same cookie jar, other instance: the Data Protection keys are in the database, so the cookie decrypts there too.
        var page = await first.GetAsync(new Uri(other, "/pupils"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Pupils", await page.Content.ReadAsStringAsync());
        var api = new HttpClient { BaseAddress = other };
        api.DefaultRequestHeaders.Authorization = new("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/pupils")).StatusCode);
        await second.StopAsync();
    }

    [Fact]
    public async Task Only_one_instance_takes_a_job_lease_until_it_lapses()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => app.WithServicesAsync(sp =>
            sp.GetRequiredService<JobLeases>().TryAcquireAsync("test-job", $"instance-{i}", TimeSpan.FromMinutes(5), renew: false))));
        Assert.Equal(1, results.Count(r => r));
        app.Clock.Advance(TimeSpan.FromMinutes(6));
        Assert.True(await app.WithServicesAsync(sp => sp.GetRequiredService<JobLeases>().TryAcquireAsync("test-job", "instance-late", TimeSpan.FromMinutes(5), renew: false)));
        Assert.Equal("instance-late", await app.WithDbAsync(db => db.JobLeases.Where(l => l.Name == "test-job").Select(l => l.Holder).SingleAsync()));
    }
}
