using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Safeguarding.Meetings;
using Pastoral.Features.Safeguarding.Triage;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Safeguarding;

/// <summary>
/// Following actions and meetings through: the owner of an action (even one it was not shared with) marks it done, and the overdue job
/// then leaves it alone; two DSLs changing one action or one meeting: the second is shown both and nothing is lost; the meetings API records
/// a meeting with its actions or nothing at all.
/// </summary>
public abstract partial class TriageTests
{
    [Fact]
    public async Task The_owner_marks_their_action_done_others_get_404_and_the_overdue_job_then_skips_it()
    {
        var pupil = (await PupilsAsync(year: 8, count: 1))[0];
        var concern = await RaiseAsync(pupil.Id);
        var dslApi = app.Client(await app.TokenForAsync("dsl"));
        var hoy = await app.StaffAsync("hoy8");
        async Task<int> AddAsync(string text) => (await (await dslApi.PostAsJsonAsync($"/api/v1/safeguarding/concerns/{concern}/actions",
            new { text, owner = hoy.UserId, dueOn = "2026-11-01" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var action = await AddAsync($"{Marker}-todo");

        Assert.Equal(HttpStatusCode.NotFound, (await app.Client(await app.TokenForAsync("teacher")).PostAsJsonAsync($"/api/v1/safeguarding/actions/{action}/done", new { note = "x" })).StatusCode);
        var hoyApi = app.Client(await app.TokenForAsync("hoy8"));
        var tooLong = await hoyApi.PostAsJsonAsync($"/api/v1/safeguarding/actions/{action}/done", new { note = new string('x', ActionChanges.NoteMax + 1) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        var done = await hoyApi.PostAsJsonAsync($"/api/v1/safeguarding/actions/{action}/done", new { note = $"{Marker}-owner-note" });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var body = await done.Content.ReadAsStringAsync();
        Assert.Contains("\"done\":true", body, StringComparison.Ordinal);
        Assert.DoesNotContain(Marker, body, StringComparison.Ordinal); // not shared with them: their note goes to the DSL only
        var again = await (await app.SignedInAsync("deputy.dsl")).GetAsync($"/safeguarding/actions/{action}");
        Assert.DoesNotContain("Mark done</button>", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await dslApi.PostAsJsonAsync($"/api/v1/safeguarding/actions/{action}/done", new { note = "mine" })).StatusCode);
        var saved = await app.WithDbAsync(db => db.Set<SafeguardingAction>().AsNoTracking().SingleAsync(a => a.Id == action));
        Assert.Equal(($"{Marker}-owner-note", hoy.Name), (saved.Note, saved.DoneByName));
        Assert.NotNull(saved.DoneAt);
        var ownerPage = await (await app.SignedInAsync("hoy8")).GetStringAsync($"/safeguarding/actions/{action}");
        Assert.Contains("Marked done by", ownerPage, StringComparison.Ordinal);
        Assert.DoesNotContain(Marker, ownerPage, StringComparison.Ordinal);
        Assert.Contains($"{Marker}-owner-note", await (await app.SignedInAsync("dsl")).GetStringAsync($"/safeguarding/concerns/{concern}/triage"), StringComparison.Ordinal);

        // The job tells the owner about the overdue one that is not done, and never about the one marked done.
        var open = await AddAsync($"{Marker}-open");
        await RunOverdueJobAsync();
        var mails = (await app.Mail.ToAsync($"hoy8@{AppFixture.Domain}")).Select(m => m.TextBody ?? "").ToList();
        Assert.Contains(mails, m => m.Contains($"/safeguarding/actions/{open}", StringComparison.Ordinal));
        Assert.DoesNotContain(mails, m => System.Text.RegularExpressions.Regex.IsMatch(m, $"/safeguarding/actions/{action}(?![0-9])"));
        Assert.Null(await app.WithDbAsync(db => db.Set<SafeguardingAction>().Where(a => a.Id == action).Select(a => a.OverdueNotifiedAt).SingleAsync()));

        // Two DSLs move the same open action from the same version: the second is shown both dates, and the first one's date stays.
        var page = $"/safeguarding/actions/{open}";
        Dictionary<string, string> Change(string due) => new() { ["dueOn"] = due, ["ownerId"] = hoy.UserId.ToString(), ["startedDueOn"] = "2026-11-01", ["startedOwnerId"] = hoy.UserId.ToString(), ["version"] = "0" };
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(await app.SignedInAsync("dsl"), page, "Change", Change("2026-12-10"))).StatusCode);
        var second = await PostAsync(await app.SignedInAsync("deputy.dsl"), page, "Change", Change("2026-12-24"));
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var clash = await second.Content.ReadAsStringAsync();
        Assert.Contains("Thu 10 Dec 2026", clash, StringComparison.Ordinal);
        Assert.Contains("Thu 24 Dec 2026", clash, StringComparison.Ordinal);
        var moved = await app.WithDbAsync(db => db.Set<SafeguardingAction>().AsNoTracking().SingleAsync(a => a.Id == open));
        Assert.Equal((new DateOnly(2026, 12, 10), (DateTime?)null), (moved.DueOn, moved.OverdueNotifiedAt)); // a new date is told again when it passes
    }

    [Fact]
    public async Task Two_dsls_correct_one_meeting_the_second_sees_both_values_and_nothing_is_lost()
    {
        var pupil = (await PupilsAsync(year: 10, count: 1))[0];
        var dslApi = app.Client(await app.TokenForAsync("dsl"));
        var created = await dslApi.PostAsJsonAsync($"/api/v1/pupils/{pupil.Id}/safeguarding/meetings",
            new { type = "CoreGroup", heldAt = "2026-11-20T10:00", others = "Sam Carter, social worker", minutes = "First minutes" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var page = $"/pupils/{pupil.Id}/safeguarding/meetings/{id}";
        Dictionary<string, string> Form(string minutes, string? contribution = null) => new()
        {
            ["type"] = "CoreGroup", ["heldAt"] = "2026-11-20T10:00", ["others"] = "Sam Carter, social worker", ["minutes"] = minutes, ["contribution"] = contribution ?? "",
            ["o.type"] = "CoreGroup", ["o.heldAt"] = "2026-11-20T10:00", ["o.others"] = "Sam Carter, social worker", ["o.minutes"] = "First minutes", ["version"] = "0",
        };
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(await app.SignedInAsync("dsl"), page, "Edit", Form($"{Marker}-dsl-minutes"))).StatusCode);
        var deputy = await app.SignedInAsync("deputy.dsl");
        var second = await PostAsync(deputy, page, "Edit", Form($"{Marker}-deputy-minutes"));
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var both = await second.Content.ReadAsStringAsync();
        Assert.Contains($"{Marker}-dsl-minutes", both, StringComparison.Ordinal);
        Assert.Contains($"{Marker}-deputy-minutes", both, StringComparison.Ordinal);
        Assert.Equal($"{Marker}-dsl-minutes", await MinutesAsync());
        // From the same stale version, a field the first DSL did not touch is saved, and their minutes stay.
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(deputy, page, "Edit", Form("First minutes", $"{Marker}-contribution"))).StatusCode);
        var meeting = await app.WithDbAsync(db => db.Set<SafeguardingMeeting>().AsNoTracking().Include(m => m.Attendees).SingleAsync(m => m.Id == id));
        Assert.Equal(($"{Marker}-dsl-minutes", $"{Marker}-contribution", 2), (meeting.Minutes, meeting.Contribution, meeting.Version));
        Assert.Equal("Sam Carter, social worker", Assert.Single(meeting.Attendees).Name);

        Task<string?> MinutesAsync() => app.WithDbAsync(db => db.Set<SafeguardingMeeting>().Where(m => m.Id == id).Select(m => m.Minutes).SingleAsync());
    }

    [Fact]
    public async Task The_meetings_api_records_a_meeting_with_its_actions_or_nothing_and_lists_it_only_to_its_readers()
    {
        var pupil = (await PupilsAsync(year: 7, count: 1))[0];
        var dslApi = app.Client(await app.TokenForAsync("dsl"));
        var hoy = await app.StaffAsync("hoy8");
        var url = $"/api/v1/pupils/{pupil.Upn}/safeguarding/meetings";
        var noOwner = await dslApi.PostAsJsonAsync(url, new
        {
            type = "Core group", heldAt = "2026-11-20T10:00", staff = new[] { hoy.UserId }, minutes = $"{Marker}-minutes",
            actions = new object[] { new { text = "Book the review", owner = hoy.UserId, dueOn = "2026-12-01" }, new { text = "Ring the social worker", dueOn = "2026-12-01" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, noOwner.StatusCode);
        var errors = (await noOwner.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("needs an owner", errors.GetProperty("actions[1].owner")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<SafeguardingMeeting>().CountAsync(m => m.PupilId == pupil.Id)));
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<SafeguardingAction>().CountAsync(a => a.PupilId == pupil.Id)));
        Assert.Equal(HttpStatusCode.BadRequest, (await dslApi.PostAsJsonAsync(url, new { type = "Tea party", heldAt = "2026-11-20T10:00" })).StatusCode);

        var created = await dslApi.PostAsJsonAsync(url, new
        {
            type = "Core group", heldAt = "2026-11-20T10:00", staff = new[] { hoy.UserId }, minutes = $"{Marker}-minutes",
            actions = new[] { new { text = "Book the review", owner = hoy.UserId, dueOn = "2026-12-01" } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var list = await dslApi.GetFromJsonAsync<JsonElement>(url);
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        var item = list.GetProperty("items")[0];
        Assert.Equal(("Core group", $"{Marker}-minutes", hoy.UserId.ToString()), (item.GetProperty("type").GetString(), item.GetProperty("minutes").GetString(),
            item.GetProperty("attendees")[0].GetProperty("staff").GetString()));
        Assert.Equal("Book the review", item.GetProperty("actions")[0].GetProperty("text").GetString());
        // A core group is always restricted: staff who see the pupil but do not read it get an empty list, never its content.
        var teacherList = await app.Client(await app.TokenForAsync("hoy7")).GetStringAsync(url);
        Assert.Contains("\"total\":0", teacherList, StringComparison.Ordinal);
        Assert.DoesNotContain(Marker, teacherList, StringComparison.Ordinal);
        var refused = (await app.Client(await app.TokenForAsync("hoy7")).PostAsJsonAsync(url, new { type = "TAF", heldAt = "2026-11-20T10:00" })).StatusCode;
        Assert.True(refused is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, refused.ToString());
    }
}
