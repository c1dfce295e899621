using Microsoft.EntityFrameworkCore;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Platform;

public abstract class ConcurrencyTests(AppFixture app)
{
    [Fact]
    public async Task The_second_of_two_editors_is_told_and_the_first_edit_stands()
    {
        var id = await app.PupilIdAsync();
        await using var a = app.App.Services.CreateAsyncScope();
        await using var b = app.App.Services.CreateAsyncScope();
        var dbA = a.ServiceProvider.GetRequiredService<Pastoral.Data.PastoralDbContext>();
        var dbB = b.ServiceProvider.GetRequiredService<Pastoral.Data.PastoralDbContext>();
        var first = await dbA.Pupils.SingleAsync(p => p.Id == id);
        var second = await dbB.Pupils.SingleAsync(p => p.Id == id);
        first.PreferredForename = "First";
        await dbA.SaveChangesAsync();
        second.PreferredForename = "Second";
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => dbB.SaveChangesAsync());
        Assert.Equal("First", await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == id).Select(p => p.PreferredForename).SingleAsync()));
    }

    [Fact]
    public async Task On_the_edit_page_the_second_editor_gets_a_409_naming_who_saved_first_and_keeps_their_input()
    {
        var id = await app.PupilIdAsync();
        var version = await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == id).Select(p => p.Version).SingleAsync());
        var started = await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == id).Select(p => p.PreferredForename).SingleAsync());
        var head = await app.SignedInAsync("head");
        var senco = await app.SignedInAsync("senco");
        Dictionary<string, string> Form(string name) => new()
        {
            ["Input.Values[PreferredForename]"] = name, ["Input.Started[PreferredForename]"] = started ?? "", ["Input.Version"] = version.ToString(),
        };
        var first = await WebSignIn.PostFormAsync(head, $"/pupils/{id}/edit", Form("Sam"));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, first.StatusCode);
        var second = await WebSignIn.PostFormAsync(senco, $"/pupils/{id}/edit", Form("Samantha"));
        Assert.Equal(System.Net.HttpStatusCode.Conflict, second.StatusCode);
        var page = await second.Content.ReadAsStringAsync();
        Assert.Contains("Sam Senior saved changes to this pupil", page);
        Assert.Contains("Use yours: Samantha", page);
        Assert.Equal("Sam", await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == id).Select(p => p.PreferredForename).SingleAsync()));
    }

    [Fact]
    public async Task A_teacher_may_not_open_the_edit_page()
    {
        var teacher = await app.SignedInAsync("teacher");
        var response = await teacher.GetAsync($"/pupils/{await app.PupilIdAsync()}/edit");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/denied", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task A_lease_is_taken_by_one_holder_on_this_provider_too()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => app.WithServicesAsync(sp =>
            sp.GetRequiredService<Pastoral.Infrastructure.JobLeases>().TryAcquireAsync("lease-" + app.Provider, $"h{i}", TimeSpan.FromMinutes(1), renew: false))));
        Assert.Equal(1, results.Count(r => r));
    }
}

public sealed class ConcurrencyTests_Sqlite(SqliteApp app) : ConcurrencyTests(app), IClassFixture<SqliteApp>;
public sealed class ConcurrencyTests_Postgres(PostgresApp app) : ConcurrencyTests(app), IClassFixture<PostgresApp>;
