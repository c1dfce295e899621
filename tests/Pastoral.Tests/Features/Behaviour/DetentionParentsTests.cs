using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Pastoral.Data;
using Pastoral.Features.Behaviour.Detentions;
using Pastoral.Features.Notifications.Contacts;
using Pastoral.Features.Pupils;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Behaviour;

/// <summary>
/// Issue 9 item 3's last sentence: parents told through the shared contact messages when the school opts in. The fixture's clock is
/// Tue 24 Nov 2026 09:30; the tests use their own type ("Parents test detention", after school every day at 15:30, Room P1, parents
/// told, 24 hours' notice) so the demo's detentions never fill a sitting they need. Mail reaches the fixture's real SMTP server.
/// </summary>
public abstract class DetentionParentsTests(DetentionsApp app)
{
    private const string TypeName = "Parents test detention";
    private const string LunchName = "Parents test lunch";
    private const string Reason = "Threw a pencil case at Jamie Rivers";
    private const string Description = "Secret incident words naming Morgan Vale";

    private async Task<HttpClient> ApiAsync(string local) => app.Client(await app.TokenForAsync(local));

    /// <summary>The test types (once per app) and the school's setting as this test needs it.</summary>
    private async Task<int> SchoolWithAsync(bool tell, bool byEmail = true, bool byLetter = false) => await app.WithDbAsync(async db =>
    {
        var lunch = await db.Set<DetentionType>().SingleAsync(t => t.Name == "Lunch detention");
        var school = lunch.SchoolId;
        if (!await db.Set<DetentionType>().AnyAsync(t => t.Name == TypeName))
        {
            var told = new DetentionType { SchoolId = school, Name = TypeName, Kind = DetentionKind.AfterSchool, Minutes = 45, StartsAt = new TimeOnly(15, 30),
                Room = "Room P1", Capacity = 50, OutsideSchoolHours = true, NoticeHours = 24, ParentsTold = true };
            db.Add(told);
            await db.SaveChangesAsync();
            db.Add(new DetentionType { SchoolId = school, Name = LunchName, Kind = DetentionKind.Lunch, Minutes = 20, StartsAt = new TimeOnly(12, 30),
                Room = "Room H9", Capacity = 50, EscalatesToId = told.Id });
            await db.SaveChangesAsync();
        }
        var notice = await db.Set<DetentionParentNotice>().FirstOrDefaultAsync(n => n.SchoolId == school)
            ?? db.Add(new DetentionParentNotice { SchoolId = school }).Entity;
        (notice.TellAutomatically, notice.ByEmail, notice.ByLetter) = (tell, byEmail, byLetter);
        await db.SaveChangesAsync();
        return school;
    });

    /// <summary>A pupil of year 8 with three contacts of their own: a mother (parental responsibility, e-mail), an uncle (no parental
    /// responsibility: the school does not write to him) and a father with parental responsibility and no e-mail address.</summary>
    private async Task<(int Pupil, string Mum, string Uncle)> FamilyAsync(int skip)
    {
        var pupil = await app.PupilInYearAsync(8, skip);
        var (mum, uncle) = ($"mum{pupil}@family.test", $"uncle{pupil}@family.test");
        await app.WithDbAsync(async db =>
        {
            await db.PupilContacts.Where(c => c.PupilId == pupil).ExecuteDeleteAsync();
            db.PupilContacts.AddRange(
                new PupilContact { PupilId = pupil, Priority = 5, Forename = "Ada", Surname = "Parent", Relationship = "Mother", ParentalResponsibility = true, Email = mum },
                new PupilContact { PupilId = pupil, Priority = 6, Forename = "Ned", Surname = "Other", Relationship = "Uncle", ParentalResponsibility = false, Email = uncle },
                new PupilContact { PupilId = pupil, Priority = 7, Forename = "Bob", Surname = "Parent", Relationship = "Father", ParentalResponsibility = true, Address = "1 Test Road" });
            await db.SaveChangesAsync();
        });
        return (pupil, mum, uncle);
    }

    private async Task<JsonElement> SetAsync(string local, int pupil, string type, string date, int? incident = null)
    {
        var r = await (await ApiAsync(local)).PostAsJsonAsync("/api/v1/behaviour/detentions", new { pupil = pupil.ToString(), type, date, reason = Reason, incident });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        return await r.Content.ReadFromJsonAsync<JsonElement>();
    }

    private Task<Detention> DetentionAsync(int id) => app.WithDbAsync(db => db.Set<Detention>().AsNoTracking().SingleAsync(d => d.Id == id));

    private Task<List<ContactMessage>> MessagesAsync(int pupil) => app.WithDbAsync(db => db.Set<ContactMessage>().AsNoTracking().Where(m => m.PupilId == pupil).OrderBy(m => m.Id).ToListAsync());

    private async Task<RegisterRow> RegisterRowAsync(int detentionId)
    {
        var d = await DetentionAsync(detentionId);
        var staff = await app.StaffAsync("hoy8");
        var (_, rows) = await app.WithServicesAsync(sp => sp.GetRequiredService<DetentionSittings>().RegisterAsync(staff, d.TypeId, d.Date, CancellationToken.None));
        return rows.Single(r => r.DetentionId == detentionId);
    }

    private static string Text(MimeMessage m) => $"{m.Subject}\n{m.TextBody}";

    [Fact]
    public async Task An_opted_in_school_emails_each_parent_it_may_write_to_the_sitting_without_the_reason_and_marks_the_detention_told()
    {
        await SchoolWithAsync(tell: true);
        var (pupil, mum, uncle) = await FamilyAsync(1);
        var location = await app.LocationNameAsync();
        var incident = await (await ApiAsync("hoy8")).PostAsJsonAsync("/api/v1/behaviour/incidents", new
        {
            type = "fighting or physical aggression", location, occurredAt = "2026-11-23T12:40", description = Description,
            pupils = new object[] { new { pupil, role = "instigator" } },
        });
        Assert.Equal(HttpStatusCode.Created, incident.StatusCode);
        var incidentId = (await incident.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        var set = await SetAsync("hoy8", pupil, TypeName, "2026-11-25", incidentId);
        Assert.False(set.GetProperty("parentsToBeTold").GetBoolean());
        Assert.Equal("e-mail", set.GetProperty("parentsToldHow").GetString());
        var id = set.GetProperty("id").GetInt32();

        var toMum = Assert.Single(await app.Mail.ToAsync(mum));
        var text = Text(toMum);
        var forename = await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == pupil).Select(p => p.PreferredForename ?? p.LegalForename).SingleAsync());
        foreach (var expected in new[] { forename, "Dear Ada Parent", "parents test detention", "Wednesday 25 November 2026", "15:30", "45 minutes", "Room P1", "24 hours' notice" })
            Assert.Contains(expected, text);
        Assert.DoesNotContain(Reason, text);
        Assert.DoesNotContain("pencil case", text);
        Assert.DoesNotContain(Description, text);
        Assert.DoesNotContain("Morgan Vale", text);
        Assert.Empty(await app.Mail.ToAsync(uncle));

        var d = await DetentionAsync(id);
        Assert.False(d.ParentsToBeTold);
        Assert.Equal("e-mail", d.ParentsToldHow);
        Assert.NotNull(d.ParentsToldAt);
        // Recorded as family contact (on the timeline), audited in the same save; the uncle and the father (letters are off) have no message.
        var message = Assert.Single(await MessagesAsync(pupil));
        Assert.Equal(("Ada Parent (Mother)", ContactMessageMethod.Email), (message.ContactName, message.Method));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.EntityType == nameof(ContactMessage) && e.EntityId == message.Id.ToString() && e.PupilId == pupil)));
        Assert.Equal("Told by e-mail", (await RegisterRowAsync(id)).Parents);
        var timeline = await (await ApiAsync("hoy8")).GetStringAsync($"/api/v1/pupils/{pupil}/timeline");
        Assert.Contains($"Message to family: {toMum.Subject}", JsonSerializer.Deserialize<JsonElement>(timeline).ToString());
    }

    [Fact]
    public async Task A_school_that_has_not_opted_in_sends_nothing_and_the_register_shows_parents_to_be_told()
    {
        await SchoolWithAsync(tell: false);
        var (pupil, mum, _) = await FamilyAsync(2);
        var set = await SetAsync("teacher", pupil, TypeName, "2026-11-25");
        Assert.True(set.GetProperty("parentsToBeTold").GetBoolean());
        Assert.Equal(JsonValueKind.Null, set.GetProperty("parentsToldHow").ValueKind);
        Assert.Empty(await app.Mail.ToAsync(mum));
        Assert.Empty(await MessagesAsync(pupil));
        Assert.Equal("Parents to be told", (await RegisterRowAsync(set.GetProperty("id").GetInt32())).Parents);
    }

    [Fact]
    public async Task With_letters_chosen_a_parent_without_e_mail_gets_a_printable_letter_and_with_no_one_to_tell_it_stays_to_be_told()
    {
        await SchoolWithAsync(tell: true, byEmail: false, byLetter: true);
        var (pupil, mum, _) = await FamilyAsync(3);
        var set = await SetAsync("hoy8", pupil, TypeName, "2026-11-26");
        Assert.Equal("letter", set.GetProperty("parentsToldHow").GetString());
        Assert.Empty(await app.Mail.ToAsync(mum));
        var letter = Assert.Single(await MessagesAsync(pupil));
        Assert.Equal(("Bob Parent (Father)", ContactMessageMethod.Letter), (letter.ContactName, letter.Method));
        Assert.DoesNotContain(Reason, letter.Body);

        // A pupil with nobody the school may write to by e-mail: the office still has it to do.
        await SchoolWithAsync(tell: true);
        var alone = await app.PupilInYearAsync(8, 4);
        await app.WithDbAsync(async db => { await db.PupilContacts.Where(c => c.PupilId == alone).ExecuteDeleteAsync(); });
        var stays = await SetAsync("hoy8", alone, TypeName, "2026-11-26");
        Assert.True(stays.GetProperty("parentsToBeTold").GetBoolean());
        Assert.Empty(await MessagesAsync(alone));
    }

    [Fact]
    public async Task A_type_that_does_not_tell_parents_sends_nothing()
    {
        await SchoolWithAsync(tell: true);
        var (pupil, mum, _) = await FamilyAsync(5);
        var set = await SetAsync("hoy8", pupil, LunchName, "2026-11-25");
        Assert.False(set.GetProperty("parentsToBeTold").GetBoolean());
        Assert.Equal(JsonValueKind.Null, set.GetProperty("parentsToldAt").ValueKind);
        Assert.Empty(await app.Mail.ToAsync(mum));
        Assert.Empty(await MessagesAsync(pupil));
        Assert.Null((await RegisterRowAsync(set.GetProperty("id").GetInt32())).Parents);
    }

    [Fact]
    public async Task A_missed_detention_escalated_to_a_type_that_tells_parents_tells_them_without_the_reason()
    {
        await SchoolWithAsync(tell: true);
        var (pupil, mum, _) = await FamilyAsync(6);
        var missed = await app.PastDetentionAsync(pupil, LunchName, new DateOnly(2026, 11, 23));
        var r = await (await ApiAsync("hoy8")).PostAsJsonAsync($"/api/v1/behaviour/detentions/{missed}/register", new { status = "missed" });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var escalated = await app.WithDbAsync(db => db.Set<Detention>().AsNoTracking().SingleAsync(d => d.EscalatedFromId == missed));
        Assert.Equal(("e-mail", false), (escalated.ParentsToldHow, escalated.ParentsToBeTold));
        // The next sitting with 24 hours' notice: Wednesday's.
        var toMum = Assert.Single(await app.Mail.ToAsync(mum));
        Assert.Contains("Wednesday 25 November 2026", Text(toMum));
        Assert.DoesNotContain("Late to lessons", Text(toMum));
        Assert.DoesNotContain("Missed the", Text(toMum));
    }

    [Fact]
    public async Task A_detention_set_by_a_behaviour_rule_tells_parents_when_the_rule_saves_and_not_if_it_is_rolled_back()
    {
        var school = await SchoolWithAsync(tell: true);
        var (pupil, mum, _) = await FamilyAsync(7);
        // Not saved (the rule's firing failed): nothing queued, nothing recorded.
        await app.WithServicesAsync(async sp =>
        {
            await sp.GetRequiredService<DetentionBook>().AddForRuleAsync(school, pupil, "Behaviour rule: three negatives in a day");
            return 0;
        });
        Assert.Empty(await app.Mail.ToAsync(mum));
        Assert.Empty(await MessagesAsync(pupil));
        var id = await app.WithServicesAsync(async sp =>
        {
            var d = await sp.GetRequiredService<DetentionBook>().AddForRuleAsync(school, pupil, "Behaviour rule: three negatives in a day");
            await sp.GetRequiredService<PastoralDbContext>().SaveChangesAsync();
            return d!.Id;
        });
        var d = await DetentionAsync(id);
        Assert.Equal(TypeName, await app.WithDbAsync(db => db.Set<DetentionType>().Where(t => t.Id == d.TypeId).Select(t => t.Name).SingleAsync()));
        Assert.Equal("e-mail", d.ParentsToldHow);
        var toMum = Assert.Single(await app.Mail.ToAsync(mum));
        Assert.DoesNotContain("three negatives", Text(toMum));
    }

    [Fact]
    public async Task A_told_detention_excused_before_it_begins_tells_parents_it_is_cancelled_once()
    {
        await SchoolWithAsync(tell: true);
        var (pupil, mum, uncle) = await FamilyAsync(8);
        var id = (await SetAsync("hoy8", pupil, TypeName, "2026-11-26")).GetProperty("id").GetInt32();
        var hoy = await ApiAsync("hoy8");
        var r = await hoy.PostAsJsonAsync($"/api/v1/behaviour/detentions/{id}/register", new { status = "excused" });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.NotEqual(JsonValueKind.Null, (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cancellationToldAt").ValueKind);
        var mails = await app.Mail.ToAsync(mum);
        Assert.Equal(2, mails.Count);
        Assert.Contains("cancelled", Text(mails[1]));
        Assert.Contains("Thursday 26 November 2026", Text(mails[1]));
        Assert.DoesNotContain(Reason, Text(mails[1]));
        Assert.Empty(await app.Mail.ToAsync(uncle));
        Assert.Equal("Told by e-mail, and told it was cancelled", (await RegisterRowAsync(id)).Parents);
        // Excused again: no second cancellation.
        Assert.Equal(HttpStatusCode.OK, (await hoy.PostAsJsonAsync($"/api/v1/behaviour/detentions/{id}/register", new { status = "excused" })).StatusCode);
        Assert.Equal(2, (await app.Mail.ToAsync(mum)).Count);

        // Excusing one that parents were never told about (the school had not opted in) sends nothing.
        await SchoolWithAsync(tell: false);
        var (quiet, quietMum, _) = await FamilyAsync(9);
        var untold = (await SetAsync("hoy8", quiet, TypeName, "2026-11-26")).GetProperty("id").GetInt32();
        await SchoolWithAsync(tell: true);
        Assert.Equal(HttpStatusCode.OK, (await hoy.PostAsJsonAsync($"/api/v1/behaviour/detentions/{untold}/register", new { status = "excused" })).StatusCode);
        Assert.Empty(await app.Mail.ToAsync(quietMum));
    }

    [Fact]
    public async Task The_setting_is_for_behaviour_managers_audited_checked_and_a_stale_save_is_a_conflict()
    {
        var school = await SchoolWithAsync(tell: false);
        const string path = "/admin/behaviour/detentions/parents";
        var teacher = await app.SignedInAsync("teacher");
        Assert.Contains("/account/denied", (await teacher.GetAsync(path)).Headers.Location?.OriginalString ?? "");
        Assert.False(await app.WithDbAsync(db => db.Set<DetentionParentNotice>().Where(n => n.SchoolId == school).Select(n => n.TellAutomatically).SingleAsync()));

        var head = await app.SignedInAsync("head");
        Assert.Contains("Tell parents automatically when a detention is set", await head.GetStringAsync(path));
        Dictionary<string, string> Form(bool tell, bool email, bool letter, (bool Tell, bool Email, bool Letter) started)
        {
            var f = new Dictionary<string, string> { ["Started[tell]"] = started.Tell ? "true" : "false", ["Started[email]"] = started.Email ? "true" : "false", ["Started[letter]"] = started.Letter ? "true" : "false" };
            if (tell) f["Tell"] = "true";
            if (email) f["ByEmail"] = "true";
            if (letter) f["ByLetter"] = "true";
            return f;
        }
        var bad = await WebSignIn.PostFormAsync(head, path, Form(true, false, false, (false, true, false)));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Choose how parents are told", WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync()));
        Assert.False(await app.WithDbAsync(db => db.Set<DetentionParentNotice>().Where(n => n.SchoolId == school).Select(n => n.TellAutomatically).SingleAsync()));

        var auditBefore = await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.EntityType == nameof(DetentionParentNotice)));
        var good = await WebSignIn.PostFormAsync(head, path, Form(true, true, false, (false, true, false)));
        Assert.True(good.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.OK, good.StatusCode.ToString());
        var saved = await app.WithDbAsync(db => db.Set<DetentionParentNotice>().AsNoTracking().SingleAsync(n => n.SchoolId == school));
        Assert.True(saved.TellAutomatically);
        Assert.NotNull(saved.UpdatedByName);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.EntityType == nameof(DetentionParentNotice))) > auditBefore);

        // A second head started from "off" and now adds letters: their save does not turn the first head's choice back off.
        var stale = await WebSignIn.PostFormAsync(head, path, Form(false, true, true, (false, true, false)));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var html = WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync());
        Assert.Contains("Someone else changed this setting", html);
        Assert.True(await app.WithDbAsync(db => db.Set<DetentionParentNotice>().Where(n => n.SchoolId == school).Select(n => n.TellAutomatically).SingleAsync()));
    }
}

public sealed class DetentionParentsTests_Sqlite(SqliteDetentionsApp app) : DetentionParentsTests(app), IClassFixture<SqliteDetentionsApp>;
public sealed class DetentionParentsTests_Postgres(PostgresDetentionsApp app) : DetentionParentsTests(app), IClassFixture<PostgresDetentionsApp>;
