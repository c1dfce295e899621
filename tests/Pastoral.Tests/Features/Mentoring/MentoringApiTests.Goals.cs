using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Behaviour.Detentions;
using Pastoral.Features.Interventions;
using Pastoral.Features.Mentoring.Goals;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Mentoring;

/// <summary>Issue 11 item 6, a goal from a session: offered from the session log for the pupils present, saved with the session, refused for any other.</summary>
public abstract partial class MentoringApiTests
{
    [Fact]
    public async Task A_goal_from_a_session_the_pupil_attended_is_saved_and_any_other_session_is_refused_with_nothing_saved()
    {
        // The demo's goals from a session each name a delivered session their pupil was present at, and say which, as the form records it.
        var demo = await app.WithDbAsync(db => db.Set<Goal>().Where(g => g.Source == GoalSource.Session)
            .Select(g => new { g.SourceText, Held = db.Set<SessionAttendance>().Where(a => a.SessionId == g.SessionId && a.PupilId == g.PupilId && a.Present && a.Session!.Status == SessionStatus.Delivered)
                .Select(a => new { a.Session!.HeldOn, a.Session.Provision!.Name }).FirstOrDefault() }).ToListAsync());
        Assert.NotEmpty(demo);
        Assert.All(demo, g => Assert.Equal($"{DetentionBook.Day(g.Held!.HeldOn)} ({g.Held.Name})", g.SourceText));

        var senco = await app.StaffAsync("senco");
        var schools = senco.SchoolIds.ToList();
        // A demo group session with one pupil present and one absent, and a session the present pupil had nothing to do with.
        var s = await app.WithDbAsync(db => db.Set<ProvisionSession>().Where(x => schools.Contains(x.SchoolId) && x.Status == SessionStatus.Delivered
                && x.Attendance.Any(a => a.Present) && x.Attendance.Any(a => !a.Present))
            .OrderByDescending(x => x.HeldOn).ThenByDescending(x => x.Id)
            .Select(x => new { x.Id, x.ProvisionId, x.HeldOn, Provision = x.Provision!.Name, Present = x.Attendance.Where(a => a.Present).Select(a => a.PupilId).First(), Absent = x.Attendance.Where(a => !a.Present).Select(a => a.PupilId).First() })
            .FirstAsync());
        var elsewhere = await app.WithDbAsync(db => db.Set<ProvisionSession>().Where(x => x.Status == SessionStatus.Delivered && x.Attendance.Any(a => a.Present) && !x.Attendance.Any(a => a.PupilId == s.Present))
            .Select(x => x.Id).FirstAsync());
        var web = await app.SignedInAsync("senco");

        // The session page offers the goal for the pupil present, not for the one absent; the link chooses the session on the goal form.
        var logged = WebUtility.HtmlDecode(await web.GetStringAsync($"/interventions/provisions/{s.ProvisionId}?done=session&session={s.Id}"));
        Assert.Contains($"/pupils/{s.Present}/mentoring?session={s.Id}#new-goal", logged);
        Assert.DoesNotContain($"/pupils/{s.Absent}/mentoring?session={s.Id}", logged);
        // The session list names pupils as everywhere else (a blank preferred forename is not a name: the legal one is shown).
        var preferred = await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == s.Present).Select(p => p.PreferredForename).SingleAsync());
        await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == s.Present).ExecuteUpdateAsync(u => u.SetProperty(p => p.PreferredForename, " ")));
        try
        {
            var name = await app.WithDbAsync(async db => (await db.Pupils.AsNoTracking().SingleAsync(p => p.Id == s.Present)).DisplayName);
            var listed = WebUtility.HtmlDecode(await web.GetStringAsync($"/interventions/provisions/{s.ProvisionId}"));
            var row = Regex.Match(listed, $"<tr[^>]*>(?:(?!</tr>)[\\s\\S])*?/pupils/{s.Present}/mentoring\\?session={s.Id}#new-goal[\\s\\S]*?</tr>").Value;
            Assert.Contains(name, row);
            Assert.DoesNotContain($"  {name.Split(' ')[^1]}", row);
        }
        finally
        {
            await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == s.Present).ExecuteUpdateAsync(u => u.SetProperty(p => p.PreferredForename, preferred)));
        }
        var form = await web.GetStringAsync($"/pupils/{s.Present}/mentoring?session={s.Id}");
        Assert.Matches($"<option value=\"{s.Id}\" selected=\"selected\">", form);
        Assert.Contains("id=\"src-session\" value=\"session\" checked=\"checked\"", form);
        Assert.Contains("id=\"session-notice\"", await web.GetStringAsync($"/pupils/{s.Absent}/mentoring?session={s.Id}"));

        Task<int> GoalsAsync() => app.WithDbAsync(db => db.Set<Goal>().CountAsync(g => g.PupilId == s.Present || g.PupilId == s.Absent));
        Task<HttpResponseMessage> SetAsync(int pupil, string session) => PostAsync(web, $"/pupils/{pupil}/mentoring", $"/pupils/{pupil}/mentoring?handler=Goal", new()
        {
            ["Goal.What"] = "Take turns in the group without being reminded", ["Goal.Measure"] = "The lead's tally over four sessions", ["Goal.ByDate"] = "2027-01-29",
            ["Goal.Source"] = "session", ["Goal.Session"] = session,
        });
        var before = await GoalsAsync();
        foreach (var (pupil, session) in new[] { (s.Absent, s.Id.ToString(CultureInfo.InvariantCulture)), (s.Present, elsewhere.ToString(CultureInfo.InvariantCulture)), (s.Present, "99999999"), (s.Present, "") })
        {
            var refused = await SetAsync(pupil, session);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("Choose one of the sessions the pupil was at", await refused.Content.ReadAsStringAsync());
        }
        Assert.Equal(before, await GoalsAsync());

        var saved = await SetAsync(s.Present, s.Id.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(s.Id, await app.WithDbAsync(db => db.Set<Goal>().Where(g => g.PupilId == s.Present).OrderByDescending(g => g.Id).Select(g => g.SessionId).FirstAsync()));
        Assert.Contains($"From a session on {DetentionBook.Day(s.HeldOn)} ({s.Provision})", WebUtility.HtmlDecode(await web.GetStringAsync($"/pupils/{s.Present}/mentoring")));
    }
}
