using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Behaviour.Detentions;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Behaviour;

/// <summary>What the rules part will see: each missed detention.</summary>
public sealed class MissedLog
{
    public ConcurrentQueue<MissedDetention> Seen { get; } = new();
}

public sealed class RecordingMissedHook(MissedLog log) : IDetentionMissed
{
    public Task DetentionMissedAsync(MissedDetention missed, CancellationToken ct)
    {
        log.Seen.Enqueue(missed);
        return Task.CompletedTask;
    }
}

public abstract class DetentionsApp(DatabaseProvider provider) : BehaviourApp(provider)
{
    public MissedLog Missed { get; } = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        base.ConfigureServices(services);
        services.AddSingleton(Missed);
        services.AddScoped<IDetentionMissed, RecordingMissedHook>();
    }

    public Task<DetentionType> TypeAsync(string name) => WithDbAsync(db => db.Set<DetentionType>().AsNoTracking().SingleAsync(t => t.Name == name));

    /// <summary>A detention at a sitting already past, as if set last week (the book refuses past dates, rightly).</summary>
    public Task<int> PastDetentionAsync(int pupil, string type, DateOnly date) => WithDbAsync(async db =>
    {
        var t = await db.Set<DetentionType>().SingleAsync(x => x.Name == type);
        var seat = (await db.Set<Detention>().Where(d => d.TypeId == t.Id && d.Date == date).MaxAsync(d => (int?)d.Seat) ?? 0) + 1;
        var d = new Detention { SchoolId = t.SchoolId, PupilId = pupil, TypeId = t.Id, Date = date, Seat = seat, Reason = "Late to lessons three times", SetByName = "Test", SetAt = DateTime.UtcNow };
        db.Add(d);
        await db.SaveChangesAsync();
        return d.Id;
    });
}

public sealed class SqliteDetentionsApp() : DetentionsApp(DatabaseProvider.Sqlite);
public sealed class PostgresDetentionsApp() : DetentionsApp(DatabaseProvider.Postgres);

/// <summary>Issue 9 item 3: setting a detention (every refusal by field), capacity under concurrency, the register and escalation.</summary>
public abstract class DetentionsTests(DetentionsApp app)
{
    // The fixture's clock: Tue 24 Nov 2026 09:30 in London.
    private async Task<HttpClient> ApiAsync(string local) => app.Client(await app.TokenForAsync(local));

    private static async Task<JsonElement> ProblemsAsync(HttpResponseMessage r)
    {
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        return (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
    }

    [Fact]
    public async Task A_detention_is_set_at_a_sitting_with_space_and_listed_for_the_pupil_audited_on_them()
    {
        var pupil = await app.PupilInYearAsync(8, 10);
        var api = await ApiAsync("teacher");
        var r = await api.PostAsJsonAsync("/api/v1/behaviour/detentions", new { pupil = await app.UpnAsync(pupil), type = "lunch detention", date = "2026-11-25", reason = "Homework not done" });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var created = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Lunch detention", created.GetProperty("type").GetString());
        Assert.Equal("set", created.GetProperty("status").GetString());
        var id = created.GetProperty("id").GetInt32();
        var list = await api.GetFromJsonAsync<JsonElement>($"/api/v1/pupils/{pupil}/detentions");
        Assert.Contains(list.GetProperty("items").EnumerateArray(), d => d.GetProperty("id").GetInt32() == id && d.GetProperty("reason").GetString() == "Homework not done");
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.EntityType == nameof(Detention) && e.EntityId == id.ToString() && e.PupilId == pupil)));
    }

    [Fact]
    public async Task Bad_detentions_are_refused_naming_the_field_and_nothing_is_saved()
    {
        var pupil = (await app.PupilInYearAsync(8, 11)).ToString();
        var api = await ApiAsync("teacher");
        var before = await app.WithDbAsync(db => db.Set<Detention>().CountAsync());
        async Task<string> Refused(object body, string field)
        {
            var errors = await ProblemsAsync(await api.PostAsJsonAsync("/api/v1/behaviour/detentions", body));
            return errors.GetProperty(field)[0].GetString()!;
        }
        Assert.Contains("in the past", await Refused(new { pupil, type = "Lunch detention", date = "2026-11-23", reason = "x" }, "date"));
        Assert.Contains("not a school day", await Refused(new { pupil, type = "Lunch detention", date = "2026-11-28", reason = "x" }, "date"));
        // After school today is under 24 hours away: parents must be given notice. Thursday's is the first that may be chosen.
        var notice = await Refused(new { pupil, type = "After-school detention", date = "2026-11-24", reason = "x" }, "date");
        Assert.Contains("24 hours' notice", notice);
        Assert.Contains("Thu 26 Nov 2026", notice);
        Assert.Contains("sits on", await Refused(new { pupil, type = "After-school detention", date = "2026-11-27", reason = "x" }, "date"));
        Assert.Contains("no detention type", await Refused(new { pupil, type = "Detention on the moon", date = "2026-11-25", reason = "x" }, "type"));
        Assert.Contains("that you may see", await Refused(new { pupil = "Z999999999999", type = "Lunch detention", date = "2026-11-25", reason = "x" }, "pupil"));
        Assert.Contains("reason", await Refused(new { pupil, type = "Lunch detention", date = "2026-11-25", reason = " " }, "reason"));
        Assert.Contains("year-month-day", await Refused(new { pupil, type = "Lunch detention", date = "25/11/2026", reason = "x" }, "date"));
        Assert.Equal(before, await app.WithDbAsync(db => db.Set<Detention>().CountAsync()));
    }

    [Fact]
    public async Task Two_staff_taking_the_last_place_at_once_cannot_overfill_a_sitting()
    {
        // A one-place sitting: whichever request saves second is told it is full.
        var school = (await app.TypeAsync("Lunch detention")).SchoolId;
        await app.WithDbAsync(async db =>
        {
            db.Add(new DetentionType { SchoolId = school, Name = "Head's detention", Kind = DetentionKind.Lunch, Minutes = 30, StartsAt = new TimeOnly(13, 0), Capacity = 1 });
            await db.SaveChangesAsync();
        });
        var (a, b) = ((await app.PupilInYearAsync(8, 12)).ToString(), (await app.PupilInYearAsync(8, 13)).ToString());
        var (one, two) = (await ApiAsync("teacher"), await ApiAsync("hoy8"));
        foreach (var date in new[] { "2026-11-25", "2026-11-26", "2026-11-27" })
        {
            var answers = await Task.WhenAll(
                one.PostAsJsonAsync("/api/v1/behaviour/detentions", new { pupil = a, type = "Head's detention", date, reason = "Rude to staff" }),
                two.PostAsJsonAsync("/api/v1/behaviour/detentions", new { pupil = b, type = "Head's detention", date, reason = "Rude to staff" }));
            Assert.Single(answers, r => r.StatusCode == HttpStatusCode.Created);
            var loser = Assert.Single(answers, r => r.StatusCode != HttpStatusCode.Created);
            Assert.Contains("is full (1 of 1 places taken)", (await ProblemsAsync(loser)).GetProperty("date")[0].GetString());
            Assert.Equal(1, await app.WithDbAsync(db => db.Set<Detention>().CountAsync(d => d.Type!.Name == "Head's detention" && d.Date == DateOnly.Parse(date))));
        }
    }

    [Fact]
    public async Task A_missed_detention_escalates_to_the_next_sitting_with_notice_tells_the_head_of_year_and_raises_the_hook()
    {
        var pupil = await app.PupilInYearAsync(8, 14);
        var missed = await app.PastDetentionAsync(pupil, "Lunch detention", new DateOnly(2026, 11, 23));
        var hoy = await ApiAsync("hoy8");
        var r = await hoy.PostAsJsonAsync($"/api/v1/behaviour/detentions/{missed}/register", new { status = "MISSED" });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("missed", (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var escalated = await app.WithDbAsync(db => db.Set<Detention>().Include(d => d.Type).SingleAsync(d => d.EscalatedFromId == missed));
        Assert.Equal("After-school detention", escalated.Type!.Name);
        // Today's after-school sitting is within the 24 hours' notice; Thursday's is the next.
        Assert.Equal(new DateOnly(2026, 11, 26), escalated.Date);
        Assert.Equal(pupil, escalated.PupilId);
        Assert.Contains("Missed the lunch detention on Mon 23 Nov 2026", escalated.Reason);
        var name = await app.NameAsync(pupil);
        var hoyId = (await app.StaffAsync("hoy8")).UserId;
        var notices = await app.WithDbAsync(db => db.Set<StaffNotification>().Where(n => n.Kind == DetentionBook.MissedKind && n.Title.StartsWith(name)).ToListAsync());
        Assert.Contains(notices, n => n.StaffId == hoyId && n.Title.Contains("after-school detention set for Thu 26 Nov 2026"));
        var seen = Assert.Single(app.Missed.Seen, m => m.DetentionId == missed);
        Assert.Equal(escalated.Id, seen.EscalatedToId);

        // Marking it missed again escalates nothing more.
        Assert.Equal(HttpStatusCode.OK, (await hoy.PostAsJsonAsync($"/api/v1/behaviour/detentions/{missed}/register", new { status = "missed" })).StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<Detention>().CountAsync(d => d.EscalatedFromId == missed)));
    }

    [Fact]
    public async Task The_register_marks_attended_only_once_the_sitting_has_begun_and_refuses_an_unknown_status()
    {
        var pupil = await app.PupilInYearAsync(8, 15);
        var past = await app.PastDetentionAsync(pupil, "Lunch detention", new DateOnly(2026, 11, 23));
        var hoy = await ApiAsync("hoy8");
        Assert.Equal(HttpStatusCode.OK, (await hoy.PostAsJsonAsync($"/api/v1/behaviour/detentions/{past}/register", new { status = "attended" })).StatusCode);
        Assert.Equal(DetentionStatus.Attended, await app.WithDbAsync(db => db.Set<Detention>().Where(d => d.Id == past).Select(d => d.Status).SingleAsync()));
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<Detention>().CountAsync(d => d.EscalatedFromId == past)));
        var future = await (await ApiAsync("teacher")).PostAsJsonAsync("/api/v1/behaviour/detentions", new { pupil = pupil.ToString(), type = "Lunch detention", date = "2026-11-26", reason = "x" });
        var futureId = (await future.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        Assert.Contains("has not started yet", (await ProblemsAsync(await hoy.PostAsJsonAsync($"/api/v1/behaviour/detentions/{futureId}/register", new { status = "attended" }))).GetProperty("status")[0].GetString());
        Assert.Equal(HttpStatusCode.OK, (await hoy.PostAsJsonAsync($"/api/v1/behaviour/detentions/{futureId}/register", new { status = "excused" })).StatusCode);
        await ProblemsAsync(await hoy.PostAsJsonAsync($"/api/v1/behaviour/detentions/{past}/register", new { status = "asleep" }));
        // A teacher may set detentions but not run the register.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await ApiAsync("teacher")).PostAsJsonAsync($"/api/v1/behaviour/detentions/{past}/register", new { status = "missed" })).StatusCode);
    }

    [Fact]
    public async Task A_pupil_out_of_scope_does_not_exist_for_detentions()
    {
        var pupil = await app.PupilInYearAsync(8, 16);
        var past = await app.PastDetentionAsync(pupil, "Lunch detention", new DateOnly(2026, 11, 23));
        var hoy7 = await ApiAsync("hoy7");
        Assert.Equal(HttpStatusCode.NotFound, (await hoy7.GetAsync($"/api/v1/pupils/{pupil}/detentions")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await hoy7.PostAsJsonAsync($"/api/v1/behaviour/detentions/{past}/register", new { status = "missed" })).StatusCode);
        Assert.Contains("that you may see", (await ProblemsAsync(await hoy7.PostAsJsonAsync("/api/v1/behaviour/detentions",
            new { pupil = pupil.ToString(), type = "Lunch detention", date = "2026-11-25", reason = "x" }))).GetProperty("pupil")[0].GetString());
        Assert.Equal(DetentionStatus.Set, await app.WithDbAsync(db => db.Set<Detention>().Where(d => d.Id == past).Select(d => d.Status).SingleAsync()));
    }
}

public sealed class DetentionsTests_Sqlite(SqliteDetentionsApp app) : DetentionsTests(app), IClassFixture<SqliteDetentionsApp>;
public sealed class DetentionsTests_Postgres(PostgresDetentionsApp app) : DetentionsTests(app), IClassFixture<PostgresDetentionsApp>;
