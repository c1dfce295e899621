using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Safeguarding;
using Pastoral.Features.Safeguarding.Concerns;
using Pastoral.Features.Safeguarding.Transfers;
using Pastoral.Infrastructure.Attachments;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Security.Audit;
using Pastoral.Tests.Documents;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Safeguarding;

/// <summary>
/// Leaving school: the CP file (issue 10, item 8). The 5-school-day deadlines follow the school's calendar (weekends and the half-term
/// closure do not count); an overdue transfer is flagged and notified once with no name; the package is built only after the redaction
/// review and holds the records' text, OFFICIAL-SENSITIVE on every page, with accepted redactions gone and rejected ones kept; a
/// received file is attached restricted and joins the chronology; nobody outside the tier gets anything. Today is Tue 24 Nov 2026.
/// </summary>
public abstract partial class CpFileTransferTests(OrdersApp app)
{
    [Fact]
    public async Task Deadlines_count_school_days_overdue_transfers_are_flagged_and_notified_once_with_no_name_and_bad_input_saves_nothing()
    {
        var pupils = await app.FreshPupilsAsync(30, 2);
        var (soon, late) = (pupils[0], pupils[1]);
        var api = app.Client(await app.TokenForAsync("dsl"));
        // Left Wed 18 Nov: Thu, Fri, (weekend), Mon, Tue, Wed 25 Nov — not yet due today, though 6 calendar days have passed.
        var a = await PostAsync(api, soon, new { lastDayOnRoll = "2026-11-18", receivingSchool = "Hillside School", receivingUrn = "123456", route = "secure e-mail" });
        Assert.Equal(("2026-11-25", "to send", false), (a.GetProperty("sendBy").GetString(), a.GetProperty("state").GetString(), a.GetProperty("overdue").GetBoolean()));
        // Left Thu 22 Oct: Fri 23, then half-term (26–30 Oct, closure days) and two weekends, then Mon 2 to Thu 5 Nov.
        var b = await PostAsync(api, late, new { lastDayOnRoll = "2026-10-22", receivingSchool = "Hillside School", route = "Hand delivery", routeDetail = "To the DSL in person" });
        Assert.Equal(("2026-11-05", "overdue", true), (b.GetProperty("sendBy").GetString(), b.GetProperty("state").GetString(), b.GetProperty("overdue").GetBoolean()));
        var lateId = b.GetProperty("id").GetInt32();

        var cases = new (object Body, string Field, string Message)[]
        {
            (new { lastDayOnRoll = "2026-11-18", receivingSchool = "X" }, "route", "Choose how the file goes: secure e-mail, hand delivery, the new school's portal or post."),
            (new { lastDayOnRoll = "2026-11-18", receivingSchool = "X", route = "post", sentOn = "2026-11-25" }, "sentOn", "The date sent cannot be in the future."),
            (new { lastDayOnRoll = "2026-11-18", receivingSchool = "X", route = "portal", sentOn = "2026-11-20", receiptConfirmedOn = "2026-11-19", receiptConfirmedBy = "Y" },
                "receiptConfirmedOn", "The date receipt was confirmed cannot be before the date sent."),
        };
        foreach (var (body, field, message) in cases)
        {
            var bad = await api.PostAsJsonAsync($"/api/v1/pupils/{soon}/safeguarding/cp-transfers", body);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal(message, (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty(field)[0].GetString());
        }
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<CpFileTransfer>().CountAsync(t => t.PupilId == soon)));

        var dsl = await app.SignedInAsync("dsl");
        Assert.Contains("Not sent within 5 school days of the last day on roll (due by Thu 5 Nov 2026)", await dsl.GetStringAsync($"/pupils/{late}/safeguarding/records"), StringComparison.Ordinal);
        Assert.DoesNotContain("Not sent within 5 school days", await dsl.GetStringAsync($"/pupils/{soon}/safeguarding/records"), StringComparison.Ordinal);
        var awaiting = await app.WithServicesAsync(async sp => await sp.GetRequiredService<CpFileTransfers>().AwaitingForAsync(await app.StaffAsync("dsl"), default));
        var mine = awaiting.Where(x => x.PupilId == soon || x.PupilId == late).ToList();
        Assert.Equal([(late, TransferState.Overdue), (soon, TransferState.ToSend)], mine.Select(x => (x.PupilId, x.State)).ToList());
        Assert.Empty(await app.WithServicesAsync(async sp => await sp.GetRequiredService<CpFileTransfers>().AwaitingForAsync(await app.StaffAsync("teacher"), default)));

        for (var run = 0; run < 2; run++)
            await app.WithServicesAsync(async sp => { await ActivatorUtilities.CreateInstance<OverdueCpTransfers>(sp).RunAsync(null!, default); return 0; });
        var notices = await app.WithDbAsync(db => db.Set<StaffNotification>().AsNoTracking().Where(n => n.Link != null && n.Link.Contains("/safeguarding/cp-transfers/")).ToListAsync());
        var link = $"/pupils/{late}/safeguarding/cp-transfers/{lateId}";
        var (dslId, deputyId, teacherId) = (await app.StaffIdAsync("dsl"), await app.StaffIdAsync("deputy.dsl"), await app.StaffIdAsync("teacher"));
        Assert.Single(notices, n => n.StaffId == dslId && n.Link == link);
        Assert.Single(notices, n => n.StaffId == deputyId && n.Link == link);
        Assert.DoesNotContain(notices, n => n.Link!.StartsWith($"/pupils/{soon}/", StringComparison.Ordinal));
        Assert.DoesNotContain(notices, n => n.StaffId == teacherId);
        Assert.All(notices, n => Assert.Equal(OverdueCpTransfers.Title, n.Title));
        var surname = await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == late).Select(p => p.LegalSurname).SingleAsync());
        var mail = Assert.Single(await app.Mail.ToAsync($"dsl@{AppFixture.Domain}"), m => (m.TextBody ?? "").Contains(link, StringComparison.Ordinal));
        foreach (var secret in new[] { surname, "Hillside" })
            Assert.DoesNotContain(secret, (mail.Subject ?? "") + mail.TextBody, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_package_is_built_after_the_review_with_accepted_redactions_gone_and_only_the_tier_reads_it()
    {
        var pupil = (await app.FreshPupilsAsync(34, 1))[0];
        var (school, others) = await app.WithDbAsync(async db =>
        {
            var schoolId = await db.Pupils.Where(p => p.Id == pupil).Select(p => p.SchoolId).SingleAsync();
            var names = await db.Pupils.Where(p => p.SchoolId == schoolId && p.Id != pupil).OrderByDescending(p => p.Id).Take(2)
                .Select(p => (p.PreferredForename ?? p.LegalForename) + " " + (p.PreferredSurname ?? p.LegalSurname)).ToListAsync();
            return (schoolId, names);
        });
        var (redact, keep) = (others[0], others[1]);
        await app.WithDbAsync(async db =>
        {
            db.Add(new SafeguardingConcern
            {
                PupilId = pupil, SchoolId = school, BatchId = Guid.NewGuid(), Description = $"PKGTEXT said {redact} and {keep} saw it happen.", RaisedByName = "Taylor Teacher",
                RaisedAt = new DateTime(2026, 10, 5, 9, 0, 0, DateTimeKind.Utc), OccurredAt = new DateTime(2026, 10, 5, 8, 30, 0, DateTimeKind.Utc),
                LastAlertedAt = new DateTime(2026, 10, 5, 9, 0, 0, DateTimeKind.Utc), Status = ConcernStatus.Open,
            });
            await db.SaveChangesAsync();
        });
        var api = app.Client(await app.TokenForAsync("dsl"));
        var id = (await PostAsync(api, pupil, new { lastDayOnRoll = "2026-11-20", receivingSchool = "Hillside School", route = "post" })).GetProperty("id").GetInt32();
        var dsl = await app.SignedInAsync("dsl");
        var path = $"/pupils/{pupil}/safeguarding/cp-transfers/{id}";
        var page = await dsl.GetStringAsync(path);
        Assert.Contains($"<mark>{redact}</mark>", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.Contains($"<mark>{keep}</mark>", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        var early = await dsl.GetAsync(path + "/package.zip");
        Assert.Equal(HttpStatusCode.Redirect, early.StatusCode); // not before the review is confirmed

        var lines = LinePhrases().Matches(page).Select(m => WebUtility.HtmlDecode(m.Groups[2].Value)).ToList();
        var fields = new Dictionary<string, string> { ["Version"] = VersionField().Match(page).Groups[1].Value, ["confirm"] = "true" };
        for (var i = 0; i < lines.Count; i++)
            (fields[$"Lines[{i}].Phrase"], fields[$"Lines[{i}].Decision"]) = (lines[i], lines[i] == keep ? "reject" : "accept");
        var unanswered = new Dictionary<string, string>(fields) { [$"Lines[{lines.IndexOf(keep)}].Decision"] = "" };
        var refused = await WebSignIn.PostFormAsync(dsl, path, unanswered);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Accept or reject every proposed redaction before confirming the review.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await WebSignIn.PostFormAsync(dsl, path, new(fields))).StatusCode);
        var stale = await WebSignIn.PostFormAsync(dsl, path, new(fields)); // the version it started from has moved on
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var saved = await app.WithDbAsync(db => db.Set<CpFileRedaction>().AsNoTracking().Where(r => r.TransferId == id).ToListAsync());
        Assert.Equal(RedactionDecision.Accepted, saved.Single(r => r.Phrase == redact).Decision);
        Assert.Equal(RedactionDecision.Rejected, saved.Single(r => r.Phrase == keep).Decision);
        Assert.All(saved, r => Assert.Equal("Dana Lead", r.DecidedByName));

        var reads = await app.WithDbAsync(db => db.AuditEntries.MaxAsync(a => a.Id));
        var zip = await dsl.GetByteArrayAsync(path + "/package.zip");
        using var archive = new ZipArchive(new MemoryStream(zip));
        var pdfEntry = Assert.Single(archive.Entries, e => e.FullName.EndsWith(".pdf", StringComparison.Ordinal) && !e.FullName.StartsWith("attachments/", StringComparison.Ordinal));
        using var pdfStream = new MemoryStream();
        await using (var s = pdfEntry.Open()) await s.CopyToAsync(pdfStream);
        var pdfText = await PdfText.OfAsync(pdfStream.ToArray());
        if (Environment.GetEnvironmentVariable("PASTORAL_SCREENSHOTS") is { Length: > 0 } dir) await File.WriteAllBytesAsync(Path.Combine(dir, "cp-file-package.pdf"), pdfStream.ToArray());
        Assert.All(pdfText.Split('\f').Where(p => !string.IsNullOrWhiteSpace(p)), p => Assert.Contains("OFFICIAL-SENSITIVE", p, StringComparison.Ordinal));
        var text = Regex.Replace(pdfText, @"\s+", " ");
        Assert.Contains("PKGTEXT said [redacted]", text, StringComparison.Ordinal);
        Assert.DoesNotContain(redact, text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(keep, text, StringComparison.Ordinal);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Id > reads && a.Action == AuditActions.ViewedRestricted && a.PupilId == pupil
            && a.EntityType == CpFileTransfer.RecordType && a.Detail!.Contains("package"))));

        foreach (var who in new[] { "teacher", "hoy8" })
        {
            var web = await app.SignedInAsync(who);
            Assert.Equal(HttpStatusCode.NotFound, (await web.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await web.GetAsync(path + "/package.zip")).StatusCode);
            var other = app.Client(await app.TokenForAsync(who));
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/pupils/{pupil}/safeguarding/cp-transfers")).StatusCode);
            Assert.DoesNotContain("Hillside", await other.GetStringAsync($"/api/v1/pupils/{pupil}/timeline"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_received_file_is_attached_restricted_and_joins_the_chronology_and_a_future_date_saves_nothing()
    {
        var pupil = (await app.FreshPupilsAsync(36, 1))[0];
        var dsl = await app.SignedInAsync("dsl");
        var path = $"/pupils/{pupil}/safeguarding/cp-files/received";
        async Task<HttpResponseMessage> PostAsync(string on)
        {
            var token = Antiforgery().Match(await dsl.GetStringAsync(path)).Groups[1].Value;
            using var content = new MultipartFormDataContent
            {
                { new StringContent(WebUtility.HtmlDecode(token)), "__RequestVerificationToken" }, { new StringContent("Larkspur Primary"), "Values[sendingSchool]" },
                { new StringContent(on), "Values[receivedOn]" }, { new ByteArrayContent("%PDF-1.4\n%%EOF\n"u8.ToArray()), "Upload", "cp-file.pdf" },
            };
            return await dsl.PostAsync(path, content);
        }
        var future = await PostAsync("2026-11-25");
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        Assert.Contains("The date received cannot be in the future.", await future.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<ReceivedCpFile>().CountAsync(r => r.PupilId == pupil)));
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync("2026-11-23")).StatusCode);
        var record = await app.WithDbAsync(db => db.Set<ReceivedCpFile>().AsNoTracking().SingleAsync(r => r.PupilId == pupil));
        Assert.True(await app.WithDbAsync(db => db.Set<Attachment>().AnyAsync(a => a.RecordType == ReceivedCpFile.RecordType && a.RecordId == record.Id && a.Restricted)));
        Assert.Contains("CP file received from Larkspur Primary", await dsl.GetStringAsync($"/pupils/{pupil}/safeguarding/chronology"), StringComparison.Ordinal);
        var teacher = await app.SignedInAsync("teacher");
        Assert.Equal(HttpStatusCode.NotFound, (await teacher.GetAsync(path)).StatusCode);
        Assert.DoesNotContain("Larkspur", await teacher.GetStringAsync($"/pupils/{pupil}"), StringComparison.Ordinal);
    }

    private static async Task<JsonElement> PostAsync(HttpClient api, int pupil, object body)
    {
        var response = await api.PostAsJsonAsync($"/api/v1/pupils/{pupil}/safeguarding/cp-transfers", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [GeneratedRegex("name=\"Lines\\[(\\d+)\\]\\.Phrase\" value=\"([^\"]*)\"")]
    private static partial Regex LinePhrases();

    [GeneratedRegex("name=\"Version\" value=\"(\\d+)\"")]
    private static partial Regex VersionField();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();
}

public sealed class CpFileTransferTests_Sqlite(SqliteOrdersApp app) : CpFileTransferTests(app), IClassFixture<SqliteOrdersApp>;
public sealed class CpFileTransferTests_Postgres(PostgresOrdersApp app) : CpFileTransferTests(app), IClassFixture<PostgresOrdersApp>;
