using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Agencies;
using Pastoral.Features.Safeguarding;
using Pastoral.Features.Safeguarding.Chronology;
using Pastoral.Features.Safeguarding.Concerns;
using Pastoral.Features.Safeguarding.Meetings;
using Pastoral.Features.Safeguarding.Orders;
using Pastoral.Features.Safeguarding.Referrals;
using Pastoral.Features.Safeguarding.Triage;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Security.Audit;
using Pastoral.Tests.Documents;
using Pastoral.Tests.Infrastructure;
using ReferralStatus = Pastoral.Features.Safeguarding.Referrals.ReferralStatus;

namespace Pastoral.Tests.Features.Safeguarding;

/// <summary>
/// Safeguarding referrals (issue 10, item 4) and the pupil chronology (item 6): restricted to the school's DSL and deputies, audited,
/// the overdue notice sent once and carrying nothing but its sentence and a link; the chronology merges every source, filters, pins,
/// writes one audit entry per read and prints OFFICIAL-SENSITIVE on every page.
/// </summary>
public abstract class ReferralsChronologyTests(OrdersApp app)
{
    [Fact]
    public async Task A_referral_is_saved_audited_flagged_and_read_only_by_its_readers_and_bad_input_saves_nothing()
    {
        var pupil = (await app.FreshPupilsAsync(10, 1))[0];
        var mash = await AgencyAsync("social-care");
        var dsl = await app.SignedInAsync("dsl");
        var response = await WebSignIn.PostFormAsync(dsl, $"/pupils/{pupil}/safeguarding/records/referrals", Values(new()
        {
            ["agency"] = mash.ToString(), ["referredAt"] = "2026-11-20T10:00", ["referredBy"] = "Dana Lead", ["method"] = "Phone", ["status"] = "Made",
            ["reason"] = "MARKERREASON", ["reference"] = "MASH-1",
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = await app.WithDbAsync(db => db.Set<SafeguardingReferral>().AsNoTracking().SingleAsync(r => r.PupilId == pupil));
        Assert.Equal(new DateTime(2026, 11, 21, 10, 0, 0, DateTimeKind.Utc), saved.ResponseDueAt); // the MASH answers within 24 hours
        Assert.Equal(await app.StaffIdAsync("dsl"), saved.ReferrerId);
        Assert.Equal(1, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.EntityType == nameof(SafeguardingReferral) && a.EntityId == saved.Id.ToString()
            && a.Action == AuditActions.Created && a.PupilId == pupil)));
        var reads = await ReadsAsync(pupil, SafeguardingReferral.RecordType);
        var page = await dsl.GetStringAsync($"/pupils/{pupil}/safeguarding/records");
        Assert.Contains("MARKERREASON", page, StringComparison.Ordinal);
        Assert.Contains("No response in the expected time", page, StringComparison.Ordinal);
        Assert.Equal(reads + 1, await ReadsAsync(pupil, SafeguardingReferral.RecordType));

        var dslApi = app.Client(await app.TokenForAsync("dsl"));
        var list = await dslApi.GetFromJsonAsync<JsonElement>($"/api/v1/pupils/{pupil}/safeguarding/referrals");
        var item = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal(("made", true, "MARKERREASON"), (item.GetProperty("status").GetString(), item.GetProperty("overdue").GetBoolean(), item.GetProperty("reason").GetString()));

        foreach (var who in new[] { "teacher", "hoy8" })
        {
            var web = await app.SignedInAsync(who);
            var api = app.Client(await app.TokenForAsync(who));
            Assert.Equal(HttpStatusCode.NotFound, (await web.GetAsync($"/pupils/{pupil}/safeguarding/records")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/pupils/{pupil}/safeguarding/referrals")).StatusCode);
            var timeline = await api.GetStringAsync($"/api/v1/pupils/{pupil}/timeline");
            Assert.DoesNotContain("Safeguarding referral", timeline, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("MARKERREASON", timeline, StringComparison.Ordinal);
            Assert.DoesNotContain("MARKERREASON", await web.GetStringAsync($"/pupils/{pupil}"), StringComparison.Ordinal);
        }

        var cases = new (object Body, string Field, string Message)[]
        {
            (new { referredAt = "2026-11-20T10:00", method = "phone", reason = "x" }, "agency", "Choose the agency the referral went to."),
            (new { agency = "Demo County MASH", referredAt = "2026-11-20T10:00", method = "phone", reason = "x", responseOn = "2026-11-19" }, "responseOn",
                "The response date cannot be before the date of the referral."),
            (new { agency = mash.ToString(), referredAt = "2026-11-20T10:00", method = "secure e-mail", reason = "x", reference = new string('R', 51) }, "reference",
                "Reference number can be at most 50 characters."),
        };
        foreach (var (body, field, message) in cases)
        {
            var bad = await dslApi.PostAsJsonAsync($"/api/v1/pupils/{pupil}/safeguarding/referrals", body);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(message, problem.GetProperty("errors").GetProperty(field)[0].GetString());
        }
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<SafeguardingReferral>().CountAsync(r => r.PupilId == pupil)));
        var good = await dslApi.PostAsJsonAsync($"/api/v1/pupils/{pupil}/safeguarding/referrals",
            new { agency = "demo county mash", referredAt = "2026-11-23T09:00", method = "Online form", status = "stepped down to Early Help", reason = "Second", responseOn = "2026-11-24" });
        Assert.Equal(HttpStatusCode.Created, good.StatusCode);
        Assert.Equal("stepped down to Early Help", (await good.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var notReader = await app.Client(await app.TokenForAsync("hoy8")).PostAsJsonAsync($"/api/v1/pupils/{pupil}/safeguarding/referrals",
            new { agency = mash.ToString(), referredAt = "2026-11-20T10:00", method = "phone", reason = "x" });
        Assert.True(notReader.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, notReader.StatusCode.ToString());
        Assert.Equal(2, await app.WithDbAsync(db => db.Set<SafeguardingReferral>().CountAsync(r => r.PupilId == pupil)));
    }

    [Fact]
    public async Task An_overdue_referral_is_notified_once_to_the_referrer_and_the_dsls_with_no_text()
    {
        var pupil = (await app.FreshPupilsAsync(12, 1))[0];
        var referrer = await app.StaffIdAsync("hoy8");
        var (id, surname) = await app.WithDbAsync<(int, string)>(async db =>
        {
            var r = new SafeguardingReferral
            {
                PupilId = pupil, AgencyId = await AgencyIdAsync(db, "camhs"), ReferredAt = new DateTime(2026, 10, 1, 9, 0, 0, DateTimeKind.Utc), ReferredByName = "Hoy Eight",
                ReferrerId = referrer, Method = ReferralMethod.OnlineForm, Status = ReferralStatus.Made, Reason = "MARKERNOTICE", RecordedAt = new DateTime(2026, 10, 1, 9, 5, 0, DateTimeKind.Utc),
                RecordedByName = "Hoy Eight", ResponseDueAt = new DateTime(2026, 10, 30, 0, 0, 0, DateTimeKind.Utc),
            };
            db.Add(r);
            await db.SaveChangesAsync();
            return (r.Id, await db.Pupils.Where(p => p.Id == pupil).Select(p => p.LegalSurname).SingleAsync());
        });
        for (var run = 0; run < 2; run++)
            await app.WithServicesAsync(async sp =>
            {
                await ActivatorUtilities.CreateInstance<OverdueReferrals>(sp).RunAsync(null!, default);
                return 0;
            });
        var link = $"/pupils/{pupil}/safeguarding/records#referral-{id}";
        var notices = await app.WithDbAsync(db => db.Set<StaffNotification>().AsNoTracking().Where(n => n.Link == link).ToListAsync());
        var dsl = await app.StaffIdAsync("dsl");
        Assert.Single(notices, n => n.StaffId == dsl);
        Assert.Single(notices, n => n.StaffId == referrer);
        var teacher = await app.StaffIdAsync("teacher");
        Assert.DoesNotContain(notices, n => n.StaffId == teacher);
        Assert.All(notices, n => Assert.Equal(OverdueReferrals.Title, n.Title));
        var mails = (await app.Mail.ToAsync($"dsl@{AppFixture.Domain}")).Where(m => (m.TextBody ?? "").Contains($"referral-{id}", StringComparison.Ordinal)).ToList();
        var mail = Assert.Single(mails);
        foreach (var secret in new[] { "MARKERNOTICE", surname, "CAMHS" })
        {
            Assert.DoesNotContain(secret, mail.TextBody ?? "", StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(secret, mail.Subject ?? "", StringComparison.OrdinalIgnoreCase);
        }
        Assert.Contains(OverdueReferrals.Title, mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_chronology_orders_every_source_filters_pins_audits_once_and_prints_official_sensitive_for_the_dsl_only()
    {
        var pupil = (await app.FreshPupilsAsync(14, 1))[0];
        await app.WithDbAsync(async db =>
        {
            var school = await db.Pupils.Where(p => p.Id == pupil).Select(p => p.SchoolId).SingleAsync();
            db.Add(new SafeguardingConcern
            {
                PupilId = pupil, SchoolId = school, BatchId = Guid.NewGuid(), Description = "Came in hungry", RaisedByName = "Taylor Teacher",
                RaisedAt = new DateTime(2026, 9, 10, 9, 0, 0, DateTimeKind.Utc), OccurredAt = new DateTime(2026, 9, 10, 8, 30, 0, DateTimeKind.Utc),
                LastAlertedAt = new DateTime(2026, 9, 10, 9, 0, 0, DateTimeKind.Utc), Status = ConcernStatus.New,
            });
            db.Add(new ChildProtectionRecord { PupilId = pupil, Status = ChildProtectionStatus.Cin, StartDate = new DateOnly(2026, 9, 20), RecordedAt = new DateTime(2026, 9, 20, 10, 0, 0, DateTimeKind.Utc), RecordedByName = "Dana Lead" });
            db.Add(new CourtOrder { PupilId = pupil, Kind = CourtOrderKind.Injunction, PersonName = "Someone", NoContact = true, StartDate = new DateOnly(2026, 10, 1), RecordedAt = new DateTime(2026, 10, 1, 10, 0, 0, DateTimeKind.Utc), RecordedByName = "Dana Lead" });
            db.Add(new EncompassNotification { PupilId = pupil, ReceivedAt = new DateTime(2026, 10, 5, 8, 0, 0, DateTimeKind.Utc), IncidentDate = new DateOnly(2026, 10, 4), Content = "Police attended", RecordedAt = new DateTime(2026, 10, 5, 8, 10, 0, DateTimeKind.Utc), RecordedByName = "Dana Lead" });
            db.Add(new SafeguardingReferral
            {
                PupilId = pupil, AgencyId = await AgencyIdAsync(db, "early-help"), ReferredAt = new DateTime(2026, 10, 12, 9, 0, 0, DateTimeKind.Utc), ReferredByName = "Dana Lead",
                Method = ReferralMethod.Phone, Status = ReferralStatus.Accepted, Reason = "Family support", ResponseOn = new DateOnly(2026, 10, 14), ResponseFrom = "Hub lead",
                Response = "Accepted for a family worker", RecordedAt = new DateTime(2026, 10, 12, 9, 30, 0, DateTimeKind.Utc), RecordedByName = "Dana Lead",
            });
            await db.SaveChangesAsync();
            // Triage and meetings join through their own sources: a decision (under its concern), an action, a meeting.
            var concern = await db.Set<SafeguardingConcern>().Where(c => c.PupilId == pupil).Select(c => c.Id).SingleAsync();
            var dslId = await db.Users.Where(u => u.Email == $"dsl@{AppFixture.Domain}").Select(u => u.Id).SingleAsync();
            db.Add(new SafeguardingDecision { ConcernId = concern, PupilId = pupil, Kind = DecisionKind.Decision, Decision = "Offer Early Help.", Reason = "No disclosure of harm.",
                ById = dslId, ByName = "Dana Lead", At = new DateTime(2026, 9, 11, 10, 0, 0, DateTimeKind.Utc) });
            db.Add(new SafeguardingAction { PupilId = pupil, SchoolId = school, SourceType = ActionSource.Concern, SourceId = concern, Text = "Ring the parent", OwnerId = dslId,
                OwnerName = "Dana Lead", DueOn = new DateOnly(2026, 9, 18), CreatedAt = new DateTime(2026, 9, 12, 10, 0, 0, DateTimeKind.Utc), CreatedByName = "Dana Lead" });
            db.Add(new SafeguardingMeeting { PupilId = pupil, SchoolId = school, Type = MeetingType.StrategyDiscussion, HeldAt = new DateTime(2026, 10, 20, 14, 0, 0, DateTimeKind.Utc),
                Decisions = "Section 47 enquiry to start", RecordedAt = new DateTime(2026, 10, 20, 16, 0, 0, DateTimeKind.Utc), RecordedByName = "Dana Lead" });
            await db.SaveChangesAsync();
        });
        var dsl = await app.SignedInAsync("dsl");
        var path = $"/pupils/{pupil}/safeguarding/chronology";
        // A pin with no title is refused and nothing is saved; with one it is pinned (and audited).
        var refused = await WebSignIn.PostFormAsync(dsl, path + "?handler=Pin", new() { ["Pin.On"] = "2026-11-02", ["Pin.Category"] = "Attendance", ["Pin.Title"] = "" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Enter a title for the entry.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<ChronologyPin>().CountAsync(p => p.PupilId == pupil)));
        Assert.Equal(HttpStatusCode.Redirect, (await WebSignIn.PostFormAsync(dsl, path + "?handler=Pin",
            new() { ["Pin.On"] = "2026-11-02", ["Pin.Category"] = "Attendance", ["Pin.Title"] = "Attendance dropped to 82%", ["Pin.Note"] = "Mondays" })).StatusCode);

        var before = await AllReadsAsync();
        var page = await dsl.GetStringAsync(path);
        var order = new[] { "Concern raised by Taylor Teacher", "Decision by Dana Lead", "Action for Dana Lead", "Child in need started", "Injunction",
            "Operation Encompass notification", "Referred to", "Response from Hub lead: accepted", "Strategy discussion", "Attendance dropped to 82%" }.Select(t => page.IndexOf(t, StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, order);
        Assert.Equal(order.Order().ToList(), order);
        var after = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.Action == AuditActions.ViewedRestricted && a.Id > before).ToListAsync());
        var entry = Assert.Single(after);
        foreach (var type in new[] { SafeguardingConcern.RecordType, ChildProtectionRecord.RecordType, CourtOrder.RecordType, EncompassNotification.RecordType,
                     SafeguardingReferral.RecordType, ChronologyPin.RecordType, SafeguardingAction.RecordType, SafeguardingMeeting.RecordType })
            Assert.Contains(type, entry.Detail, StringComparison.Ordinal);

        var filtered = await dsl.GetStringAsync(path + "?category=Referral&from=2026-10-01&to=2026-10-31");
        Assert.Contains("Response from Hub lead", filtered, StringComparison.Ordinal);
        Assert.DoesNotContain("Injunction", filtered, StringComparison.Ordinal);
        Assert.Contains("2 entries", filtered, StringComparison.Ordinal);
        var backwards = await dsl.GetAsync(path + "?from=2026-11-01&to=2026-10-01");
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Contains("The from date must be on or before the to date.", await backwards.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var pdf = await dsl.GetByteArrayAsync($"/pupils/{pupil}/safeguarding/chronology.pdf?category=Referral");
        var text = await PdfText.OfAsync(pdf);
        var pages = text.Split('\f').Where(p => !string.IsNullOrWhiteSpace(p)).ToList();
        Assert.NotEmpty(pages);
        Assert.All(pages, p => Assert.Contains("OFFICIAL-SENSITIVE", p, StringComparison.Ordinal));
        Assert.Contains("Printed by", text, StringComparison.Ordinal);
        Assert.Contains(await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == pupil).Select(p => p.Upn).SingleAsync()), text, StringComparison.Ordinal);

        var teacher = await app.SignedInAsync("teacher");
        Assert.Equal(HttpStatusCode.NotFound, (await teacher.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await teacher.GetAsync(path + ".pdf")).StatusCode);
        var timeline = await app.Client(await app.TokenForAsync("teacher")).GetStringAsync($"/api/v1/pupils/{pupil}/timeline");
        Assert.DoesNotContain("Pinned", timeline, StringComparison.Ordinal);
        Assert.DoesNotContain("Attendance dropped", timeline, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Values(Dictionary<string, string> v) => v.ToDictionary(kv => $"Input.Values[{kv.Key}]", kv => kv.Value);

    private Task<int> AgencyAsync(string kind) => app.WithDbAsync(db => AgencyIdAsync(db, kind));

    private static Task<int> AgencyIdAsync(PastoralDbContext db, string kind) =>
        db.Set<Agency>().Where(a => a.Kind == kind && !a.Archived).OrderBy(a => a.Id).Select(a => a.Id).FirstAsync();

    private Task<int> ReadsAsync(int pupil, string type) =>
        app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.PupilId == pupil && a.Action == AuditActions.ViewedRestricted && a.EntityType == type));

    private Task<long> AllReadsAsync() => app.WithDbAsync(db => db.AuditEntries.MaxAsync(a => a.Id));
}

public sealed class ReferralsChronologyTests_Sqlite(SqliteOrdersApp app) : ReferralsChronologyTests(app), IClassFixture<SqliteOrdersApp>;
public sealed class ReferralsChronologyTests_Postgres(PostgresOrdersApp app) : ReferralsChronologyTests(app), IClassFixture<PostgresOrdersApp>;
