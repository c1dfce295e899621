using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Behaviour;
using Pastoral.Features.Behaviour.Isolation;
using Pastoral.Features.Behaviour.Restorative;
using Pastoral.Features.Plans;
using Pastoral.Security.Audit;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Behaviour;

/// <summary>
/// Issue 9, items 4 and 8 through the pages: placing a pupil in the inclusion unit, supervising and setting work, the pupil's classes;
/// restorative conversations from an incident (only the pupils the viewer sees); behaviour reviews that set up a behaviour contract;
/// the overdue reviews list. The app's clock stands at Tue 24 Nov 2026.
/// </summary>
public abstract class IsolationAndReviewsTests(AppFixture app)
{
    private static Dictionary<string, string> Fields(params (string Key, string Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);

    /// <summary>A Year 8 pupil (hoy8 sees Year 8), the <paramref name="skip"/>th: each test takes its own.</summary>
    private Task<int> Year8Async(int skip) => app.WithDbAsync(db => db.Pupils.Where(p => p.YearGroup!.NcYear == 8 && p.OnRollTo == null)
        .OrderBy(p => p.Id).Skip(skip).Select(p => p.Id).FirstAsync());

    /// <summary>A Year 11 pupil hoy8 does not see (not on their caseload either).</summary>
    private Task<int> OutOfScopeAsync(int skip = 0) => app.WithDbAsync(db => db.Pupils.Where(p => p.YearGroup!.NcYear == 11 && p.OnRollTo == null && !db.Caseloads.Any(c => c.PupilId == p.Id))
        .OrderBy(p => p.Id).Skip(skip).Select(p => p.Id).FirstAsync());

    /// <summary>Posts one of the unit page's small forms (a handler in the query), with the antiforgery token from the page itself.</summary>
    private static async Task<HttpResponseMessage> PostUnitAsync(HttpClient web, string handlerQuery, Dictionary<string, string> fields)
    {
        var page = await web.GetStringAsync("/behaviour/isolation?date=2026-11-27"); // a day with a placement, so the page has a form
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);
        return await web.PostAsync($"/behaviour/isolation?{handlerQuery}", new FormUrlEncodedContent(fields));
    }

    private Task<string> NameAsync(int pupil) => app.WithDbAsync(async db => (await db.Pupils.SingleAsync(p => p.Id == pupil)).DisplayName);

    private async Task<int> IncidentAsync(string token, string description, params (int Pupil, string Role)[] pupils)
    {
        var location = await app.WithDbAsync(db => db.Set<Pastoral.Features.Schools.Location>().OrderBy(l => l.Id).Select(l => l.Name).FirstAsync());
        var response = await app.Client(await app.TokenForAsync(token)).PostAsJsonAsync("/api/v1/behaviour/incidents", new
        {
            type = "fighting or physical aggression", location, occurredAt = "2026-11-23T12:40", description,
            pupils = pupils.Select(p => new { pupil = p.Pupil.ToString(System.Globalization.CultureInfo.InvariantCulture), role = p.Role }).ToArray(),
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    [Fact]
    public async Task Placing_a_pupil_with_bad_dates_no_sessions_or_another_pupils_incident_is_a_400_naming_each_field_and_nothing_is_saved()
    {
        var (pupil, other) = (await Year8Async(10), await Year8Async(11));
        var theirs = await IncidentAsync("hoy8", "Scuffle", (other, "instigator"));
        var own = await IncidentAsync("hoy8", "Pushing in the lunch queue", (pupil, "instigator"));
        var web = await app.SignedInAsync("hoy8");
        var form = $"/pupils/{pupil}/isolation/new";
        Assert.Contains($"<option value=\"{own}\">Fighting or physical aggression, Mon 23 Nov 2026 12:40</option>", await web.GetStringAsync(form), StringComparison.OrdinalIgnoreCase);

        var refused = await WebSignIn.PostFormAsync(web, form, Fields(("StartsOn", "2026-11-20"), ("EndsOn", "2026-11-19"), ("Sessions", ""),
            ("Reason", "Fighting at lunch"), ("Incident", theirs.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("There is a problem", html);
        Assert.Contains("The first day cannot be in the past", html);
        Assert.Contains("The last day cannot be before the first", html);
        Assert.Contains("Choose mornings, afternoons or both", html);
        Assert.Contains($"Incident {theirs} is not one", html);
        Assert.Contains("href=\"#StartsOn\"", html);
        Assert.Contains("Fighting at lunch", html); // the input is kept

        var badDate = await WebSignIn.PostFormAsync(web, form, Fields(("StartsOn", "25/11/2026"), ("Sessions", "am"), ("Reason", "")));
        Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);
        html = WebUtility.HtmlDecode(await badDate.Content.ReadAsStringAsync());
        Assert.Contains("Enter the first day as year-month-day", html);
        Assert.Contains("Enter the reason for the placement", html);
        Assert.False(await app.WithDbAsync(db => db.Set<IsolationPlacement>().AnyAsync(p => p.PupilId == pupil)));

        var saved = await WebSignIn.PostFormAsync(web, form, Fields(("StartsOn", "2026-11-25"), ("EndsOn", "2026-11-26"), ("Sessions", "both"),
            ("Reason", "Fighting at lunch"), ("Incident", own.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var placement = await app.WithDbAsync(db => db.Set<IsolationPlacement>().Include(p => p.Sessions).SingleAsync(p => p.PupilId == pupil));
        Assert.Equal($"/behaviour/isolation?date=2026-11-25#placement-{placement.Id}", saved.Headers.Location!.OriginalString);
        Assert.Equal((new DateOnly(2026, 11, 25), new DateOnly(2026, 11, 26), own, 4), (placement.StartsOn, placement.EndsOn, placement.IncidentId, placement.Sessions.Count));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditActions.Created && a.EntityType == nameof(IsolationPlacement) && a.PupilId == pupil)));
        Assert.Contains("Fighting at lunch", await web.GetStringAsync($"/pupils/{pupil}"));
    }

    [Fact]
    public async Task The_unit_page_shows_the_days_pupils_with_their_classes_and_staff_supervise_and_set_work()
    {
        var pupil = await Year8Async(12);
        var name = await NameAsync(pupil);
        var web = await app.SignedInAsync("hoy8");
        Assert.Equal(HttpStatusCode.Redirect, (await WebSignIn.PostFormAsync(web, $"/pupils/{pupil}/isolation/new",
            Fields(("StartsOn", "2026-11-27"), ("Sessions", "am"), ("Reason", "Refusing to follow instructions")))).StatusCode);
        var placement = await app.WithDbAsync(db => db.Set<IsolationPlacement>().Include(p => p.Sessions).SingleAsync(p => p.PupilId == pupil));
        var session = Assert.Single(placement.Sessions).Id;

        var day = WebUtility.HtmlDecode(await web.GetStringAsync("/behaviour/isolation?date=2026-11-27"));
        Assert.Contains(name, day);
        Assert.Contains("Refusing to follow instructions", day);
        Assert.Contains("Nobody is supervising yet", day);
        var classes = await app.WithDbAsync(db => db.Set<Pastoral.Features.Admin.Responsibilities.TeachingGroup>().Where(g => g.Pupils.Any(p => p.PupilId == pupil)).Select(g => g.Code).ToListAsync());
        Assert.NotEmpty(classes);
        Assert.All(classes, c => Assert.Contains($"<td>{c}</td>", day));
        Assert.DoesNotContain(name, WebUtility.HtmlDecode(await web.GetStringAsync("/behaviour/isolation?date=2026-11-30")));

        var supervise = $"handler=Supervise&session={session}&date=2026-11-27";
        Assert.Equal(HttpStatusCode.Redirect, (await PostUnitAsync(web, supervise, Fields())).StatusCode);
        Assert.Equal("Robin Year-Eight", await app.WithDbAsync(db => db.Set<IsolationSession>().Where(s => s.Id == session).Select(s => s.SupervisedByName).SingleAsync()));
        Assert.Contains("You are supervising", await web.GetStringAsync("/behaviour/isolation?date=2026-11-27"));
        Assert.Equal(HttpStatusCode.Redirect, (await PostUnitAsync(web, supervise, Fields(("clear", "true")))).StatusCode);
        Assert.Null(await app.WithDbAsync(db => db.Set<IsolationSession>().Where(s => s.Id == session).Select(s => s.SupervisedByName).SingleAsync()));

        var work = $"handler=Work&placement={placement.Id}&date=2026-11-27";
        var refused = await PostUnitAsync(web, work, Fields(("Subject", "Maths"), ("Work", "")));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("Enter the work set", html);
        Assert.Contains($"href=\"#Work-{placement.Id}\"", html);
        Assert.Contains("value=\"Maths\"", html);
        Assert.False(await app.WithDbAsync(db => db.Set<IsolationWork>().AnyAsync(w => w.PupilId == pupil)));
        Assert.Equal(HttpStatusCode.Redirect, (await PostUnitAsync(web, work, Fields(("Subject", "Maths"), ("Work", "Algebra worksheet, pages 12 to 14")))).StatusCode);
        Assert.Equal("Algebra worksheet, pages 12 to 14", await app.WithDbAsync(db => db.Set<IsolationWork>().Where(w => w.PupilId == pupil).Select(w => w.Work).SingleAsync()));
        Assert.Contains("Algebra worksheet, pages 12 to 14", await web.GetStringAsync($"/pupils/{pupil}/isolation"));

        // A session of a pupil the head of year does not see: not found, nothing changed.
        var head = await app.SignedInAsync("head");
        var hidden = await OutOfScopeAsync(1);
        Assert.Equal(HttpStatusCode.Redirect, (await WebSignIn.PostFormAsync(head, $"/pupils/{hidden}/isolation/new", Fields(("StartsOn", "2026-11-27"), ("Sessions", "pm"), ("Reason", "Truancy")))).StatusCode);
        var hiddenSession = await app.WithDbAsync(db => db.Set<IsolationSession>().Where(s => s.PupilId == hidden).Select(s => s.Id).SingleAsync());
        Assert.DoesNotContain(await NameAsync(hidden), await web.GetStringAsync("/behaviour/isolation?date=2026-11-27"));
        Assert.Equal(HttpStatusCode.NotFound, (await PostUnitAsync(web, $"handler=Supervise&session={hiddenSession}&date=2026-11-27", Fields())).StatusCode);
        Assert.Null(await app.WithDbAsync(db => db.Set<IsolationSession>().Where(s => s.Id == hiddenSession).Select(s => s.SupervisedByName).SingleAsync()));
    }

    [Fact]
    public async Task A_pupil_out_of_scope_is_a_404_on_every_isolation_and_review_page()
    {
        var hidden = await OutOfScopeAsync();
        var web = await app.SignedInAsync("hoy8");
        foreach (var path in new[] { $"/pupils/{hidden}/isolation", $"/pupils/{hidden}/isolation/new", $"/pupils/{hidden}/restorative",
                     $"/pupils/{hidden}/behaviour/reviews/new", $"/behaviour/restorative/new?pupil={hidden}" })
            Assert.Equal(HttpStatusCode.NotFound, (await web.GetAsync(path)).StatusCode);
        // A teacher may see the pupil's behaviour but not manage isolation or record reviews.
        var teacher = await app.SignedInAsync("teacher");
        var pupil = await Year8Async(13);
        Assert.Equal(HttpStatusCode.OK, (await teacher.GetAsync($"/pupils/{pupil}/isolation")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await teacher.GetAsync($"/pupils/{pupil}/isolation/new")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await teacher.GetAsync("/behaviour/isolation")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await teacher.GetAsync("/behaviour/reviews")).StatusCode);
    }

    [Fact]
    public async Task A_restorative_conversation_from_an_incident_offers_only_the_pupils_the_viewer_sees_and_shows_what_was_agreed_only_to_those_who_see_everyone()
    {
        var mine = await Year8Async(14);
        var year7 = await app.WithDbAsync(db => db.Pupils.Where(p => p.YearGroup!.NcYear == 7 && p.OnRollTo == null && !db.Caseloads.Any(c => c.PupilId == p.Id))
            .OrderBy(p => p.Id).Skip(3).Select(p => p.Id).FirstAsync());
        var (mineName, year7Name) = (await NameAsync(mine), await NameAsync(year7));
        var incident = await IncidentAsync("head", "Name-calling in the corridor", (mine, "instigator"), (year7, "target"));
        var web = await app.SignedInAsync("hoy8");
        Assert.Contains($"/behaviour/restorative/new?incident={incident}", await web.GetStringAsync($"/behaviour/incidents/{incident}"));
        Assert.DoesNotContain("/behaviour/restorative/new", await (await app.SignedInAsync("teacher")).GetStringAsync($"/behaviour/incidents/{incident}"));

        var form = $"/behaviour/restorative/new?incident={incident}";
        var offered = WebUtility.HtmlDecode(await web.GetStringAsync(form));
        Assert.Contains(mineName, offered);
        Assert.DoesNotContain(year7Name, offered);
        Assert.DoesNotContain("Name-calling in the corridor", offered);

        var refused = await WebSignIn.PostFormAsync(web, form, Fields(("Pupils", year7.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("HeldOn", "2026-11-24"), ("StaffNames", "Robin Year-Eight"), ("Agreed", "To apologise")));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("that you may see", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        Assert.False(await app.WithDbAsync(db => db.Set<RestorativeConversation>().AnyAsync(c => c.IncidentId == incident)));

        var saved = await WebSignIn.PostFormAsync(web, form, Fields(("Pupils", mine.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("HeldOn", "2026-11-24"), ("StaffNames", "Robin Year-Eight"), ("Agreed", "To stay away from the Year 7 corridor at break"), ("FollowUpOn", "2026-12-01")));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.StartsWith($"/pupils/{mine}/restorative#conversation-", saved.Headers.Location!.OriginalString);
        Assert.Equal([mine], await app.WithDbAsync(db => db.Set<RestorativeParticipant>().Where(p => p.Conversation!.IncidentId == incident).Select(p => p.PupilId).ToListAsync()));
        Assert.Contains("To stay away from the Year 7 corridor at break", WebUtility.HtmlDecode(await web.GetStringAsync($"/pupils/{mine}/behaviour")));

        // The head records one with both pupils: the head of year (who does not see the Year 7 pupil) sees that it happened, not what was agreed.
        var head = await app.SignedInAsync("head");
        Assert.Equal(HttpStatusCode.Redirect, (await WebSignIn.PostFormAsync(head, form, Fields(("Pupils[0]", mine.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Pupils[1]", year7.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("HeldOn", "2026-11-24"), ("StaffNames", "Sam Senior"), ("Agreed", "Both to shake hands")))).StatusCode);
        Assert.Contains("Both to shake hands", WebUtility.HtmlDecode(await head.GetStringAsync($"/pupils/{mine}/restorative")));
        var partial = WebUtility.HtmlDecode(await web.GetStringAsync($"/pupils/{mine}/restorative"));
        Assert.DoesNotContain("Both to shake hands", partial);
        Assert.DoesNotContain(year7Name, partial);
        Assert.Contains("shown only to staff who can see every pupil who took part", partial);
    }

    [Fact]
    public async Task A_review_that_sets_up_a_behaviour_contract_creates_a_draft_plan_linked_to_it_and_a_problem_with_either_saves_neither()
    {
        var pupil = await Year8Async(15);
        var web = await app.SignedInAsync("hoy8");
        var form = $"/pupils/{pupil}/behaviour/reviews/new";
        var targets = "No more than one negative a week; on time to every lesson";

        var refused = await WebSignIn.PostFormAsync(web, form, Fields(("HeldOn", "2026-11-24"), ("Attendees", "Pupil, mother, head of year"), ("Targets", targets),
            ("NextReviewOn", "2026-12-15"), ("Contract", "true"), ("SchoolAgrees", "A daily check-in with the mentor")));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("Enter what the parents or carers agree to", html);
        Assert.Contains("Enter the date the contract ends", html);
        Assert.Contains("A daily check-in with the mentor", html);

        // The review itself is fine but the plan engine refuses a review date in the past: the review is not saved without its contract.
        var stale = await WebSignIn.PostFormAsync(web, form, Fields(("HeldOn", "2026-10-01"), ("Attendees", "Pupil, mother"), ("Targets", targets),
            ("NextReviewOn", "2026-11-02"), ("Contract", "true"), ("ParentsAgree", "Check the planner every night"), ("SchoolAgrees", "A daily check-in"), ("ContractEndsOn", "2027-01-29")));
        Assert.Equal(HttpStatusCode.BadRequest, stale.StatusCode);
        Assert.Contains("The review date must be today or in the future", WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync()));
        Assert.False(await app.WithDbAsync(db => db.Set<BehaviourReview>().AnyAsync(r => r.PupilId == pupil)));
        Assert.False(await app.WithDbAsync(db => db.Set<Plan>().AnyAsync(p => p.PupilId == pupil && p.Type!.Key == BehaviourContracts.PlanType)));

        var saved = await WebSignIn.PostFormAsync(web, form, Fields(("HeldOn", "2026-11-24"), ("Attendees", "Pupil, mother, head of year"), ("Targets", targets),
            ("NextReviewOn", "2026-12-15"), ("Contract", "true"), ("ParentsAgree", "Check the planner every night"), ("SchoolAgrees", "A daily check-in with the mentor"),
            ("ContractEndsOn", "2027-01-29")));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var review = await app.WithDbAsync(db => db.Set<BehaviourReview>().SingleAsync(r => r.PupilId == pupil));
        Assert.NotNull(review.PlanId);
        var plan = await app.WithDbAsync(db => db.Set<Plan>().Include(p => p.Type).SingleAsync(p => p.Id == review.PlanId));
        Assert.Equal((BehaviourContracts.PlanType, PlanStatus.Draft, new DateOnly(2026, 12, 15), pupil), (plan.Type!.Key, plan.Status, plan.ReviewDate, plan.PupilId));
        var content = PlanContent.Parse(plan.ContentJson);
        Assert.Equal(targets, content.Get("pupil-commitments", "commitments")!.Text);
        Assert.Equal("Check the planner every night", content.Get("parents-commitments", "commitments")!.Text);
        Assert.Equal("2027-01-29", content.Get("duration", "end")!.Text);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.EntityType == nameof(BehaviourReview) && a.PupilId == pupil)));
        var page = await web.GetStringAsync($"/pupils/{pupil}/restorative");
        Assert.Contains($"/pupils/{pupil}/plans/{plan.Id}", page);
        Assert.Contains("Tue 15 Dec 2026", page);
        Assert.Equal(HttpStatusCode.OK, (await web.GetAsync($"/pupils/{pupil}/plans/{plan.Id}")).StatusCode);
    }

    [Fact]
    public async Task The_overdue_list_shows_reviews_due_before_today_with_no_later_review_for_pupils_in_scope_oldest_first()
    {
        var (due, reviewedSince, hidden) = (await Year8Async(16), await Year8Async(17), await OutOfScopeAsync(2));
        var api = app.Client(await app.TokenForAsync("head"));
        async Task ReviewAsync(int pupil, string held, string next) => Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/behaviour/reviews", new
        {
            pupil = pupil.ToString(System.Globalization.CultureInfo.InvariantCulture), heldOn = held, attendees = "Pupil and father", targets = "Calm in lessons", nextReviewOn = next,
        })).StatusCode);
        await ReviewAsync(due, "2026-10-01", "2026-11-23");
        await ReviewAsync(reviewedSince, "2026-10-01", "2026-11-10");
        await ReviewAsync(reviewedSince, "2026-11-20", "2026-12-20");
        await ReviewAsync(hidden, "2026-10-01", "2026-11-02");

        var hoy = await app.SignedInAsync("hoy8");
        Assert.Contains("href=\"/behaviour/reviews\"", await hoy.GetStringAsync("/behaviour"));
        var list = await hoy.GetStringAsync("/behaviour/reviews");
        Assert.Contains($"/pupils/{due}/restorative", list);
        Assert.Contains("Mon 23 Nov 2026", list);
        Assert.DoesNotContain($"/pupils/{reviewedSince}/restorative", list);
        Assert.DoesNotContain($"/pupils/{hidden}/restorative", list);

        var all = await (await app.SignedInAsync("head")).GetStringAsync("/behaviour/reviews");
        Assert.True(all.IndexOf($"/pupils/{hidden}/restorative", StringComparison.Ordinal) is var h and >= 0 && h < all.IndexOf($"/pupils/{due}/restorative", StringComparison.Ordinal),
            "the longest overdue comes first");
        Assert.Contains("Overdue", await hoy.GetStringAsync($"/pupils/{due}/restorative"));
    }
}

public sealed class IsolationAndReviewsTests_Sqlite(SqliteApp app) : IsolationAndReviewsTests(app), IClassFixture<SqliteApp>;
public sealed class IsolationAndReviewsTests_Postgres(PostgresApp app) : IsolationAndReviewsTests(app), IClassFixture<PostgresApp>;
