using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Attendance.Support;
using Pastoral.Features.Notifications.Contacts;
using Pastoral.Tests.Features.Families;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Attendance;

/// <summary>The shared letter templates (edit, conflicts, reset, placeholders) and the attendance letters and celebrations sent home through them.</summary>
public abstract partial class StageLetterTests(FamiliesApp app)
{
    private Task<int> SchoolAsync() => app.WithDbAsync(db => db.Schools.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync());

    private static async Task<(HttpResponseMessage Response, string Html)> PostAsync(HttpClient web, string page, string handler, Dictionary<string, string> fields, string? formFrom = null)
    {
        var html = formFrom ?? await web.GetStringAsync(page);
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(Token().Match(html).Groups[1].Value);
        foreach (var name in new[] { "StartedSubject", "StartedBody" })
            if (!fields.ContainsKey(name) && Regex.Match(html, $"<input type=\"hidden\" id=\"{name}\" name=\"{name}\" value=\"([^\"]*)\"") is { Success: true } m)
                fields[name] = WebUtility.HtmlDecode(m.Groups[1].Value);
        var response = await web.PostAsync(handler.Length == 0 ? page : $"{page}?handler={handler}", new FormUrlEncodedContent(fields));
        return (response, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Every_stage_letter_is_registered_and_the_defaults_use_only_known_placeholders()
    {
        var school = await SchoolAsync();
        var letters = await app.WithServicesAsync(sp => sp.GetRequiredService<LetterTemplates>().ForSchoolAsync(school, CancellationToken.None));
        foreach (var key in new[] { StageLetters.FirstConcern, StageLetters.MeetingInvitation, StageLetters.SupportPlan, StageLetters.ParentalContract, StageLetters.NoticeToImprove, StageLetters.Congratulations })
            Assert.Contains(letters, l => l.Key == key && l.IsDefault && LetterPlaceholders.Unknown(l.Body).Concat(LetterPlaceholders.Unknown(l.Subject)).Any() == false);
        Assert.Equal(["{PupilNmae}"], LetterPlaceholders.Unknown("Dear {ContactName}, {PupilNmae} was late on {Date}."));
        Assert.Equal("Ava is at 96.5%", LetterPlaceholders.Fill("{PupilName} is at {AttendancePercent}", new Dictionary<string, string?> { ["PupilName"] = "Ava", ["AttendancePercent"] = "96.5%" }));
        Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddLetterTemplate("x", "X", "Test", "Hi {Nobody}", "Body"));
    }

    [Fact]
    public async Task An_unknown_placeholder_is_refused_with_the_input_kept_and_two_editors_are_told_and_reset_goes_back_to_the_default()
    {
        var school = await SchoolAsync();
        var page = $"/admin/letter-templates/{school}/{StageLetters.FirstConcern}";
        var one = await app.SignedInAsync("head");
        var bad = await PostAsync(one, page, "", new() { ["Subject"] = "About {PupilNmae}", ["Body"] = "Dear family" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.Response.StatusCode);
        Assert.Contains("Subject uses a placeholder Pastoral does not know: {PupilNmae}", bad.Html);
        Assert.Contains("value=\"About {PupilNmae}\"", bad.Html);
        Assert.False(await app.WithDbAsync(db => db.Set<LetterTemplate>().AnyAsync(t => t.SchoolId == school && t.Key == StageLetters.FirstConcern)));

        // Two people open the default; the first saves; the second is told, sees the first's words, and their own are kept in the form.
        var two = await app.SignedInAsync("head");
        var formOne = await one.GetStringAsync(page);
        var formTwo = await two.GetStringAsync(page);
        var first = await PostAsync(one, page, "", new() { ["Subject"] = "{PupilName}: attendance", ["Body"] = "First wording for {PupilName}." }, formOne);
        Assert.Equal(HttpStatusCode.OK, first.Response.StatusCode);
        Assert.Contains("Saved.", first.Html);
        var second = await PostAsync(two, page, "", new() { ["Subject"] = "{PupilName}'s attendance", ["Body"] = "Second wording." }, formTwo);
        Assert.Equal(HttpStatusCode.Conflict, second.Response.StatusCode);
        Assert.Contains("Someone else changed this letter while you were editing it", second.Html);
        Assert.Contains("First wording for {PupilName}.", second.Html);
        Assert.Contains(">Second wording.</textarea>", second.Html);
        var saved = await app.WithDbAsync(db => db.Set<LetterTemplate>().SingleAsync(t => t.SchoolId == school && t.Key == StageLetters.FirstConcern));
        Assert.Equal("First wording for {PupilName}.", saved.Body); // never reverted
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.EntityType == nameof(LetterTemplate) && a.SchoolId == school)));

        // Choosing to keep theirs... no: "Save my wording" saves the second person's words over the first's.
        var mine = await PostAsync(two, page, "", new() { ["Subject"] = "{PupilName}'s attendance", ["Body"] = "Second wording.", ["Keep"] = "mine" }, second.Html);
        Assert.Equal(HttpStatusCode.OK, mine.Response.StatusCode);
        Assert.Equal("Second wording.", await app.WithDbAsync(db => db.Set<LetterTemplate>().Where(t => t.SchoolId == school && t.Key == StageLetters.FirstConcern).Select(t => t.Body).SingleAsync()));

        var reset = await PostAsync(two, page, "Reset", []);
        Assert.Contains("Back to the default wording.", reset.Html);
        Assert.False(await app.WithDbAsync(db => db.Set<LetterTemplate>().AnyAsync(t => t.SchoolId == school && t.Key == StageLetters.FirstConcern)));
        // Someone without the permission, or for a school they do not see whole, gets nothing.
        Assert.NotEqual(HttpStatusCode.OK, (await (await app.SignedInAsync("hoy8")).GetAsync(page)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await one.GetAsync($"/admin/letter-templates/{school}/no-such-letter")).StatusCode);
    }

    [Fact]
    public async Task A_stage_letter_is_e_mailed_to_contacts_with_an_address_and_printed_for_the_others_in_the_schools_words()
    {
        var school = await SchoolAsync();
        // A Year 8 pupil with one contact the school may e-mail and one it writes to on paper.
        var pupil = await app.WithDbAsync(db => db.Pupils.Where(p => p.YearGroup!.NcYear == 8
                && p.Contacts.Any(c => c.ParentalResponsibility && c.Email != null && EF.Functions.Like(c.Email, "%@%"))
                && p.Contacts.Any(c => c.ParentalResponsibility && (c.Email == null || c.Email == "")))
            .OrderBy(p => p.Id).Select(p => p.Id).FirstAsync());
        var contacts = await app.WithDbAsync(db => db.PupilContacts.Where(c => c.PupilId == pupil && c.ParentalResponsibility).ToListAsync());
        var emailed = contacts.First(c => !string.IsNullOrEmpty(c.Email));
        var printed = contacts.First(c => string.IsNullOrEmpty(c.Email));
        var head = await app.SignedInAsync("head");
        await PostAsync(head, $"/admin/letter-templates/{school}/{StageLetters.MeetingInvitation}", "",
            new() { ["Subject"] = "Come and see us about {PupilName}", ["Body"] = "Dear family of {PupilName}, we would like to meet on {MeetingDate}. From {StaffName}, {SchoolName}." });

        var web = await app.SignedInAsync("hoy8");
        var page = $"/pupils/{pupil}/attendance/support/letter";
        var fields = new Dictionary<string, string> { ["Key"] = StageLetters.MeetingInvitation, ["ContactIds"] = emailed.Id.ToString() };
        var preview = await PostAsync(web, page, "Preview", fields);
        var pupilName = await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == pupil).Select(p => p.PreferredForename ?? p.LegalForename).SingleAsync());
        Assert.Contains($"Come and see us about {pupilName}", WebUtility.HtmlDecode(preview.Html));
        Assert.Contains("From Robin Year-Eight", WebUtility.HtmlDecode(preview.Html));
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<AttendanceLetter>().CountAsync(l => l.PupilId == pupil)));

        var none = await PostAsync(web, page, "", new() { ["Key"] = StageLetters.MeetingInvitation });
        Assert.Equal(HttpStatusCode.BadRequest, none.Response.StatusCode);
        Assert.Contains("Choose at least one contact to write to", none.Html);

        var body = new FormUrlEncodedContent([new("Key", StageLetters.MeetingInvitation), new("ContactIds", emailed.Id.ToString()), new("ContactIds", printed.Id.ToString()),
            new("__RequestVerificationToken", WebUtility.HtmlDecode(Token().Match(await web.GetStringAsync(page)).Groups[1].Value))]);
        var sent = await (await web.PostAsync(page, body)).Content.ReadAsStringAsync();
        Assert.Contains("e-mail queued", sent);
        var letterLink = Regex.Match(sent, $"href=\"(/pupils/{pupil}/letters/\\d+)\"").Groups[1].Value;
        Assert.NotEmpty(letterLink);
        var letter = await web.GetStringAsync(letterLink);
        Assert.Contains($"Dear family of {pupilName}", WebUtility.HtmlDecode(letter));
        var letterPdf = await web.GetByteArrayAsync(letterLink + ".pdf");
        Assert.Equal("%PDF-"u8.ToArray(), letterPdf[..5]);
        if (Environment.GetEnvironmentVariable(Browser.BrowserFixture.ScreenshotsVariable) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await File.WriteAllBytesAsync(Path.Combine(folder, "attendance-letter.pdf"), letterPdf);
        }

        var mail = Assert.Single(await app.Mail.ToAsync(emailed.Email!.Trim()), m => m.Subject == $"Come and see us about {pupilName}");
        Assert.Contains("From Robin Year-Eight", mail.TextBody);
        var kept = await app.WithDbAsync(db => db.Set<AttendanceLetter>().SingleAsync(l => l.PupilId == pupil));
        Assert.Equal(StageLetters.MeetingInvitation, kept.TemplateKey);
        Assert.Equal(2, await app.WithDbAsync(db => db.Set<ContactMessage>().CountAsync(m => m.PupilId == pupil && m.Subject == $"Come and see us about {pupilName}")));
        Assert.Contains($"Come and see us about {pupilName}", WebUtility.HtmlDecode(await web.GetStringAsync($"/pupils/{pupil}/attendance/support")));
    }

    [Fact]
    public async Task A_celebration_makes_a_certificate_pdf_is_on_the_timeline_and_is_sent_home_with_the_congratulations_letter()
    {
        var pupil = await app.WithDbAsync(db => db.Pupils.Where(p => p.YearGroup!.NcYear == 8 && p.Contacts.Any(c => c.ParentalResponsibility && c.Email != null && EF.Functions.Like(c.Email, "%@%")))
            .OrderByDescending(p => p.Id).Select(p => p.Id).FirstAsync());
        var contact = await app.WithDbAsync(db => db.PupilContacts.FirstAsync(c => c.PupilId == pupil && c.ParentalResponsibility && c.Email != null && EF.Functions.Like(c.Email, "%@%")));
        var web = await app.SignedInAsync("hoy8");
        var page = $"/pupils/{pupil}/attendance/support/celebrate";
        var empty = await PostAsync(web, page, "", new() { ["Format"] = "certificate", ["WhatImproved"] = "", ["SignedBy"] = "" });
        Assert.Equal(HttpStatusCode.BadRequest, empty.Response.StatusCode);
        Assert.Contains("Say what improved", empty.Html);
        Assert.Contains("Enter who signs it", empty.Html);

        var done = await PostAsync(web, page, "", new() { ["Format"] = "certificate", ["WhatImproved"] = "On time every day for four weeks", ["SignedBy"] = "Mrs R Year-Eight", ["ContactIds"] = contact.Id.ToString() });
        Assert.Equal(HttpStatusCode.OK, done.Response.StatusCode);
        Assert.Contains("e-mailed with the PDF attached", done.Html);
        var id = await app.WithDbAsync(db => db.Set<AttendanceCelebration>().Where(c => c.PupilId == pupil).Select(c => c.Id).SingleAsync());
        var pdf = await web.GetByteArrayAsync($"/pupils/{pupil}/attendance/support/celebrations/{id}.pdf");
        Assert.Equal("%PDF-"u8.ToArray(), pdf[..5]);
        if (Environment.GetEnvironmentVariable(Browser.BrowserFixture.ScreenshotsVariable) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await File.WriteAllBytesAsync(Path.Combine(folder, "attendance-certificate.pdf"), pdf);
        }
        var preview = await web.GetStringAsync($"/pupils/{pupil}/attendance/support/celebrations/{id}");
        Assert.Contains("Certificate of improved attendance", preview);
        Assert.Contains("Mrs R Year-Eight", preview);
        var mail = (await app.Mail.ToAsync(contact.Email!.Trim()))[^1];
        Assert.StartsWith("Well done", mail.Subject);
        Assert.Contains(mail.Attachments, a => a.ContentType.MimeType == "application/pdf");
        var timeline = await (await web.GetAsync($"/pupils/{pupil}")).Content.ReadAsStringAsync();
        Assert.Contains("Attendance celebrated: certificate", timeline);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}

public sealed class StageLetterTests_Sqlite(SqliteFamiliesApp app) : StageLetterTests(app), IClassFixture<SqliteFamiliesApp>;
public sealed class StageLetterTests_Postgres(PostgresFamiliesApp app) : StageLetterTests(app), IClassFixture<PostgresFamiliesApp>;
