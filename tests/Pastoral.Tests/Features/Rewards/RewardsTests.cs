using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Attendance;
using Pastoral.Features.Behaviour;
using Pastoral.Features.Behaviour.Exclusions;
using Pastoral.Features.Pupils.Timeline;
using Pastoral.Features.Rewards;
using Pastoral.Security.Audit;
using Pastoral.Tests.Documents;
using Pastoral.Tests.Features.Behaviour;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Rewards;

/// <summary>Issue 9 item 12: praise postcards and certificates, and reward events with eligibility rules and a confirmed list.</summary>
public abstract partial class RewardsTests(BehaviourApp app)
{
    private static readonly CancellationToken None = CancellationToken.None;

    private async Task<RewardEvent> EventAsync(int pupil, string? minPositive = null, string? maxNegative = null, string? minAttendance = null,
        bool noSuspension = false, string? capacity = null, bool noMissed = false)
    {
        var year = await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == pupil).Select(p => p.YearGroupId!.Value).SingleAsync());
        var head = await app.StaffAsync("head");
        var w = await app.WithServicesAsync(sp => sp.GetRequiredService<RewardEvents>().AddAsync(head,
            new RewardEventInput($"Trip {Guid.NewGuid():N}"[..20], "2026-12-10", [year], capacity, noSuspension, minAttendance, minPositive, maxNegative, noMissed), None));
        Assert.True(w.Saved, string.Join("; ", w.Problems));
        return w.Event!;
    }

    private async Task<EligibilityRow> RowAsync(string who, int eventId, int pupil)
    {
        var staff = await app.StaffAsync(who);
        return await app.WithServicesAsync(async sp =>
        {
            var e = await sp.GetRequiredService<RewardEvents>().FindAsync(staff, eventId, None);
            return (await sp.GetRequiredService<RewardEligibility>().ForAsync(staff, e!, None)).Rows.Single(r => r.PupilId == pupil);
        });
    }

    private async Task LogAsync(int pupil, string type, int points, string? description = null, string at = "2026-11-23T10:00")
    {
        var head = await app.StaffAsync("head");
        var r = await app.WithServicesAsync(sp => sp.GetRequiredService<BehaviourRecorder>().LogAsync(head, new IncidentInput
        {
            Type = type, OccurredAt = at, Description = description, Pupils = [new IncidentPupilInput(pupil.ToString(), "instigator", points)],
        }));
        Assert.True(r.Saved, string.Join("; ", r.Problems.SelectMany(p => p.Value)));
    }

    private async Task SuspendAsync(int pupil)
    {
        var head = await app.StaffAsync("head");
        var w = await app.WithServicesAsync(sp => sp.GetRequiredService<Suspensions>().CreateAsync(head, pupil,
            new SuspensionInput("suspension", ["DB"], "2026-11-16", "1", "confirmed", null, null, "Test", null), None));
        Assert.True(w.Saved, string.Join("; ", w.Problems));
    }

    private async Task<PupilPoints> PointsAsync(int pupil, DateOnly from) =>
        await app.WithServicesAsync(sp => sp.GetRequiredService<BehaviourPoints>().ForPupilAsync(pupil, from, new DateOnly(2026, 11, 24)));

    private async Task<DateOnly> TermFromAsync(int eventId) =>
        (await app.WithServicesAsync(async sp =>
        {
            var head = await app.StaffAsync("head");
            var e = await sp.GetRequiredService<RewardEvents>().FindAsync(head, eventId, None);
            return await sp.GetRequiredService<RewardEligibility>().ForAsync(head, e!, None);
        })).From;

    private async Task<IReadOnlyList<TimelineEntry>> TimelineAsync(int pupil)
    {
        var head = await app.StaffAsync("head");
        return await app.WithServicesAsync(async sp =>
        {
            var p = await sp.GetRequiredService<Pastoral.Data.PastoralDbContext>().Pupils.SingleAsync(x => x.Id == pupil);
            return await sp.GetRequiredService<PupilTimeline>().ForAsync(p, head, null, 50, None);
        });
    }

    [Fact]
    public async Task Positive_and_negative_point_rules_hold_exactly_at_their_line()
    {
        var pupil = await app.PupilInYearAsync(9, 1);
        var probe = await EventAsync(pupil);
        var from = await TermFromAsync(probe.Id);
        Assert.True(from > new DateOnly(2026, 8, 20) && from < new DateOnly(2026, 9, 10), $"term from {from}");
        var before = await PointsAsync(pupil, from);

        // One point short is out (the pupil would pass if the rule were not checked); one more positive point and they are in.
        var positive = await EventAsync(pupil, minPositive: (before.Positive + 1).ToString());
        var row = await RowAsync("head", positive.Id, pupil);
        Assert.False(row.Eligible);
        Assert.Contains($"{before.Positive:N0} positive points this term (needs {before.Positive + 1:N0})", row.Reasons);
        // Exactly at the negative line is in.
        var negative = await EventAsync(pupil, maxNegative: (-before.Negative).ToString());
        Assert.True((await RowAsync("head", negative.Id, pupil)).Eligible);

        await LogAsync(pupil, "Excellent classwork", 1);
        Assert.True((await RowAsync("head", positive.Id, pupil)).Eligible);
        await LogAsync(pupil, "Uniform", -1);
        var over = await RowAsync("head", negative.Id, pupil);
        Assert.False(over.Eligible);
        Assert.Contains($"{-before.Negative + 1:N0} negative points this term (at most {-before.Negative:N0})", over.Reasons);
    }

    [Fact]
    public async Task Attendance_rule_holds_exactly_at_its_line_and_suspension_rule_by_who_may_read_it()
    {
        var year8 = await app.WithDbAsync(db => db.Pupils.Where(p => p.YearGroup!.NcYear == 8 && p.OnRollTo == null).OrderBy(p => p.Id).Select(p => p.Id).ToListAsync());
        var probe = await EventAsync(year8[0]);
        var from = await TermFromAsync(probe.Id);
        var figures = await app.WithServicesAsync(sp => sp.GetRequiredService<AttendanceStatistics>()
            .ForSchoolAsync(1, from, new DateOnly(2026, 11, 24), null, None));
        var pupil = year8.First(p => figures.GetValueOrDefault(p)?.AttendancePercent is < 99.5m and > 50m);
        var pct = figures[pupil].AttendancePercent!.Value;
        var at = await EventAsync(pupil, minAttendance: pct.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture));
        Assert.True((await RowAsync("head", at.Id, pupil)).Eligible);
        var above = await EventAsync(pupil, minAttendance: (pct + 0.1m).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture));
        var row = await RowAsync("head", above.Id, pupil);
        Assert.False(row.Eligible);
        Assert.Contains(row.Reasons, r => r.StartsWith($"Attendance {pct:0.0}% this term", StringComparison.Ordinal));

        // Suspension: eligible before, out after; the reason only for staff who may view exclusions (a teacher sees "not eligible").
        var other = year8[^2];
        var noSuspension = await EventAsync(other, noSuspension: true);
        Assert.True((await RowAsync("head", noSuspension.Id, other)).Eligible);
        await SuspendAsync(other);
        var headRow = await RowAsync("head", noSuspension.Id, other);
        Assert.False(headRow.Eligible);
        Assert.Equal(["Suspended this term"], headRow.Reasons);
        var teacherRow = await RowAsync("teacher", noSuspension.Id, other);
        Assert.False(teacherRow.Eligible);
        Assert.Empty(teacherRow.Reasons);
        Assert.Equal(1, teacherRow.HiddenReasons);

        var teacher = await app.SignedInAsync("teacher");
        var teacherPage = WebUtility.HtmlDecode(await teacher.GetStringAsync($"/rewards/events/{noSuspension.Id}"));
        Assert.DoesNotContain("Suspended", teacherPage);
        Assert.Contains("Not eligible", teacherPage);
        var headPage = WebUtility.HtmlDecode(await (await app.SignedInAsync("head")).GetStringAsync($"/rewards/events/{noSuspension.Id}"));
        Assert.Contains("Suspended this term", headPage);
        var api = await teacher.GetStringAsync($"/api/v1/rewards/events/{noSuspension.Id}/eligible?pageSize=500");
        Assert.DoesNotContain("Suspended", api);
        Assert.Contains("\"total\":", api);
    }

    [Fact]
    public async Task A_confirmed_list_is_kept_when_data_changes_is_on_the_timeline_and_its_csv_is_audited()
    {
        var pupil = await app.PupilInYearAsync(10, 2);
        var before = await PointsAsync(pupil, new DateOnly(2026, 9, 1));
        var e = await EventAsync(pupil, maxNegative: (-before.Negative).ToString(), capacity: "500");
        var head = await app.SignedInAsync("head");
        var page = $"/rewards/events/{e.Id}";
        var html = await head.GetStringAsync(page);
        var ticked = TickedPupils().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Contains(pupil.ToString(), ticked);
        var fields = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", Token(html)), new("Version", e.Version.ToString()) };
        fields.AddRange(ticked.Select(t => new KeyValuePair<string, string>("Pupils", t)));
        var confirm = await head.PostAsync($"{page}?handler=Confirm", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);

        // The pupil goes over the line after confirming: the list does not change.
        await LogAsync(pupil, "Uniform", -3);
        Assert.False((await RowAsync("head", e.Id, pupil)).Eligible);
        var invited = await app.WithDbAsync(db => db.Set<RewardInvitation>().Where(i => i.EventId == e.Id).Select(i => i.PupilId).ToListAsync());
        Assert.Equal(ticked.Select(int.Parse).Order(), invited.Order());
        var after = WebUtility.HtmlDecode(await head.GetStringAsync(page));
        Assert.Contains($"Going ({ticked.Count})", after);
        Assert.Contains(await app.NameAsync(pupil), after);

        var timeline = await TimelineAsync(pupil);
        Assert.Contains(timeline, t => t.Title == $"Invited to {e.Name}");

        var audits = await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.Exported && a.EntityType == nameof(RewardEvent) && a.EntityId == e.Id.ToString()));
        var csv = await head.GetStringAsync($"{page}/export.csv");
        Assert.StartsWith("UPN,Name,Year,Form,Status", csv);
        Assert.Contains(await app.UpnAsync(pupil), csv);
        Assert.Equal(ticked.Count + 1, csv.Trim().Split('\n').Length);
        Assert.Equal(audits + 1, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.Exported && a.EntityType == nameof(RewardEvent) && a.EntityId == e.Id.ToString())));

        // Certificates for two ticked pupils: one PDF, a page each, each recorded on its pupil.
        var two = ticked.Take(2).ToList();
        var certificates = await head.PostAsync($"{page}?handler=Certificates", new FormUrlEncodedContent(
            two.Select(t => new KeyValuePair<string, string>("Pupils", t)).Concat([new("__RequestVerificationToken", Token(after)),
                new("Template", RewardTemplates.Achievement), new("Reason", "For a great term.")])));
        Assert.Equal(HttpStatusCode.OK, certificates.StatusCode);
        var pdf = await certificates.Content.ReadAsByteArrayAsync();
        Assert.Equal(two.Count, await PdfText.PagesAsync(pdf));
        Assert.Contains("For a great term.", Spaces().Replace(await PdfText.OfAsync(pdf), " "));
        Assert.Equal(two.Count, await app.WithDbAsync(db => db.Set<RewardAward>().CountAsync(a => a.EventId == e.Id)));
        if (Environment.GetEnvironmentVariable(Browser.BrowserFixture.ScreenshotsVariable) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await File.WriteAllBytesAsync(Path.Combine(folder, "reward-certificates.pdf"), pdf);
        }
    }

    [Fact]
    public async Task A_postcard_uses_the_preferred_name_never_an_incident_description_prints_the_same_again_and_is_on_the_timeline()
    {
        var pupil = await app.PupilInYearAsync(11, 3);
        await app.WithDbAsync(async db =>
        {
            var p = await db.Pupils.SingleAsync(x => x.Id == pupil);
            p.PreferredForename = "Zephyrine";
            await db.SaveChangesAsync();
        });
        await LogAsync(pupil, "Kindness to others", 2, description: "Stopped Quentin Secretname crying after the fight", at: "2026-11-24T09:20");
        var web = await app.SignedInAsync("head");
        var page = $"/pupils/{pupil}/rewards";
        var form = WebUtility.HtmlDecode(await web.GetStringAsync(page));
        Assert.Contains("kindness to others", form);
        Assert.DoesNotContain("Secretname", form);

        var empty = await web.PostAsync(page, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(form), ["Format"] = "postcard", ["Template"] = RewardTemplates.PraisePostcard, ["Reason"] = "", ["SendHow"] = "printed",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("Enter what the pupil is praised for.", WebUtility.HtmlDecode(await empty.Content.ReadAsStringAsync()));
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<RewardAward>().CountAsync(a => a.PupilId == pupil)));

        var done = await web.PostAsync(page, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(form), ["Format"] = "postcard", ["Template"] = RewardTemplates.PraisePostcard,
            ["Reason"] = "For helping a friend.", ["SendHow"] = "printed",
        }));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var award = await app.WithDbAsync(db => db.Set<RewardAward>().SingleAsync(a => a.PupilId == pupil));
        var pdf = await web.GetByteArrayAsync($"/pupils/{pupil}/rewards/{award.Id}.pdf");
        var text = Spaces().Replace(await PdfText.OfAsync(pdf), " ");
        var legal = await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == pupil).Select(p => new { p.LegalForename, Surname = p.PreferredSurname ?? p.LegalSurname }).SingleAsync());
        Assert.Contains($"Zephyrine {legal.Surname}", text);
        Assert.DoesNotContain(legal.LegalForename, text);
        Assert.Contains("For helping a friend.", text);
        Assert.DoesNotContain("Secretname", text);
        Assert.DoesNotContain("fight", text);
        if (Environment.GetEnvironmentVariable(Browser.BrowserFixture.ScreenshotsVariable) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await File.WriteAllBytesAsync(Path.Combine(folder, "reward-postcard.pdf"), pdf);
        }

        // The name changes later: printing it again gives the same words.
        await app.WithDbAsync(async db =>
        {
            var p = await db.Pupils.SingleAsync(x => x.Id == pupil);
            p.PreferredForename = "Someoneelse";
            await db.SaveChangesAsync();
        });
        var again = Spaces().Replace(await PdfText.OfAsync(await web.GetByteArrayAsync($"/pupils/{pupil}/rewards/{award.Id}.pdf")), " ");
        Assert.Equal(text, again);

        var timeline = await TimelineAsync(pupil);
        Assert.Contains(timeline, t => t.Title == "Postcard: Praise postcard, printed" && t.Detail!.Contains("For helping a friend.", StringComparison.Ordinal));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.EntityType == nameof(RewardAward) && a.PupilId == pupil && a.Action == AuditActions.Created)));
    }

    [Fact]
    public async Task A_certificate_e_mailed_home_goes_to_a_parent_with_the_pdf_attached()
    {
        var pupil = await app.WithDbAsync(db => db.Pupils.Where(p => p.YearGroup!.NcYear == 8 && p.OnRollTo == null
            && p.Contacts.Any(c => c.ParentalResponsibility && c.Email != null && EF.Functions.Like(c.Email, "%@%"))).OrderByDescending(p => p.Id).Select(p => p.Id).FirstAsync());
        var contact = await app.WithDbAsync(db => db.PupilContacts.OrderBy(c => c.Priority).FirstAsync(c => c.PupilId == pupil && c.ParentalResponsibility && c.Email != null && EF.Functions.Like(c.Email, "%@%")));
        var staff = await app.StaffAsync("hoy8");
        var w = await app.WithServicesAsync(sp => sp.GetRequiredService<RewardAwards>().GiveAsync(staff, pupil,
            new RewardInput("certificate", "Certificate of achievement", "For a brilliant science project.", "emailed", [contact.Id]), None));
        Assert.True(w.Saved, string.Join("; ", w.Problems));
        Assert.Single(w.Sent);
        var mail = (await app.Mail.ToAsync(contact.Email!.Trim()))[^1];
        Assert.Equal("Certificate of achievement", mail.Subject);
        var attachment = Assert.Single(mail.Attachments.OfType<MimeKit.MimePart>(), a => a.ContentType.MimeType == "application/pdf");
        using var bytes = new MemoryStream();
        await attachment.Content!.DecodeToAsync(bytes);
        Assert.Contains("For a brilliant science project.", Spaces().Replace(await PdfText.OfAsync(bytes.ToArray()), " "));
        Assert.Contains("e-mailed home to", RewardsTimeline.Title(w.Award!));
    }

    [Fact]
    public async Task Out_of_scope_pupils_and_awards_are_404()
    {
        var year7 = await app.PupilInYearAsync(7, 4);
        var head = await app.StaffAsync("head");
        var w = await app.WithServicesAsync(sp => sp.GetRequiredService<RewardAwards>().GiveAsync(head, year7,
            new RewardInput("postcard", RewardTemplates.PraisePostcard, "For kindness.", "printed", null), None));
        Assert.True(w.Saved);
        var teacher = await app.SignedInAsync("teacher");
        Assert.Equal(HttpStatusCode.NotFound, (await teacher.GetAsync($"/pupils/{year7}/rewards")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await teacher.GetAsync($"/pupils/{year7}/rewards/{w.Award!.Id}.pdf")).StatusCode);
        var other = await app.StaffAsync("teacher");
        var refused = await app.WithServicesAsync(sp => sp.GetRequiredService<RewardAwards>().GiveAsync(other, year7,
            new RewardInput("postcard", RewardTemplates.PraisePostcard, "For kindness.", "printed", null), None));
        Assert.True(refused.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, (await teacher.GetAsync("/rewards/events/999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await teacher.GetAsync("/api/v1/rewards/events/999999/eligible")).StatusCode);
        // Without the permission the pages are refused outright.
        Assert.NotEqual(HttpStatusCode.OK, (await (await app.SignedInAsync("readonly")).GetAsync("/rewards/events")).StatusCode);
    }

    private static string Token(string html) => WebUtility.HtmlDecode(TokenField().Match(html).Groups[1].Value);

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex("name=\"Pupils\" value=\"(\\d+)\" id=\"pupil-\\d+\" checked=\"checked\"")]
    private static partial Regex TickedPupils();
}

public sealed class RewardsTests_Sqlite(SqliteBehaviourApp app) : RewardsTests(app), IClassFixture<SqliteBehaviourApp>;
public sealed class RewardsTests_Postgres(PostgresBehaviourApp app) : RewardsTests(app), IClassFixture<PostgresBehaviourApp>;
