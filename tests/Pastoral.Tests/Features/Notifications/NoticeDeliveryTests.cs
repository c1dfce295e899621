using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Notifications.Contacts;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Notifications;

/// <summary>
/// Notices to staff by preference (immediately, digest, off; a mandatory kind ignores off), restricted notices that say nothing,
/// messages to a pupil's family, and the delivery admin page (issue 6: items 1, 6, 7).
/// </summary>
public abstract partial class NoticeDeliveryTests(MailApp app)
{
    private async Task NotifyAsync(string local, StaffNotice notice) => await app.WithServicesAsync(async sp =>
    {
        var db = sp.GetRequiredService<PastoralDbContext>();
        sp.GetRequiredService<INotifier>().Notify(db, [await app.StaffIdAsync(local)], notice);
        await db.SaveChangesAsync();
        return 0;
    });

    private Task SetPreferenceAsync(string local, string kind, NotificationDelivery delivery) => app.WithDbAsync(async db =>
    {
        var id = await app.StaffIdAsync(local);
        await db.Set<NotificationPreference>().Where(p => p.StaffId == id && p.Kind == kind).ExecuteDeleteAsync();
        db.Add(new NotificationPreference { StaffId = id, Kind = kind, Delivery = delivery });
        await db.SaveChangesAsync();
    });

    private static string Email(string local) => $"{local}@{AppFixture.Domain}";

    [Fact]
    public async Task A_notice_is_listed_and_emailed_straight_away_by_default_with_a_link_to_the_record()
    {
        var title = $"Attendance alert {Guid.NewGuid():N}";
        await NotifyAsync("senco", new StaffNotice("general", title, "/pupils/1"));
        await app.DrainAsync();
        var mail = Assert.Single(app.Smtp.Received, m => m.Subject == $"Pastoral: {title}");
        Assert.Equal(Email("senco"), mail.To.Mailboxes.Single().Address);
        Assert.Contains("https://pastoral.oakfield.test/pupils/1", mail.TextBody);
        Assert.True(await app.WithDbAsync(db => db.Set<StaffNotification>().AnyAsync(n => n.Title == title && n.ReadAt == null)));
    }

    [Fact]
    public async Task Off_means_no_email_but_the_notice_is_still_listed()
    {
        await SetPreferenceAsync("teacher79", "general", NotificationDelivery.Off);
        var title = $"Quiet {Guid.NewGuid():N}";
        await NotifyAsync("teacher79", new StaffNotice("general", title, null));
        await app.DrainAsync();
        Assert.DoesNotContain(app.Smtp.Received, m => (m.Subject ?? "").Contains(title, StringComparison.Ordinal));
        Assert.False(await app.WithDbAsync(db => db.Set<OutgoingMail>().AnyAsync(m => m.Subject.Contains(title))));
        Assert.True(await app.WithDbAsync(db => db.Set<StaffNotification>().AnyAsync(n => n.Title == title)));
    }

    [Fact]
    public async Task A_mandatory_kind_is_emailed_even_to_someone_who_turned_it_off()
    {
        await SetPreferenceAsync("senco", "safeguarding-alert", NotificationDelivery.Off);
        await NotifyAsync("senco", new StaffNotice("safeguarding-alert", "x", "/pupils/2") { Restricted = true });
        await app.DrainAsync();
        Assert.Contains(app.Smtp.Received, m => m.To.Mailboxes.Single().Address == Email("senco") && (m.TextBody ?? "").Contains("/pupils/2", StringComparison.Ordinal));

        // A school may decide otherwise: then the person's "off" holds.
        var before = app.Smtp.Received.Count(m => m.To.Mailboxes.Single().Address == Email("senco"));
        await app.WithDbAsync(async db =>
        {
            foreach (var school in await db.Schools.Select(s => s.Id).ToListAsync())
                db.Add(new SchoolNotificationRule { SchoolId = school, Kind = "safeguarding-alert", Mandatory = false });
            await db.SaveChangesAsync();
        });
        var schoolId = await app.WithDbAsync(db => db.Schools.Select(s => s.Id).FirstAsync());
        await NotifyAsync("senco", new StaffNotice("safeguarding-alert", "y", "/pupils/2") { Restricted = true, SchoolId = schoolId });
        await app.DrainAsync();
        Assert.Equal(before, app.Smtp.Received.Count(m => m.To.Mailboxes.Single().Address == Email("senco")));
        await app.WithDbAsync(db => db.Set<SchoolNotificationRule>().ExecuteDeleteAsync());
    }

    [Fact]
    public async Task Digest_notices_wait_for_one_daily_summary()
    {
        await SetPreferenceAsync("hoy7", "audit-alert", NotificationDelivery.Digest);
        var tag = Guid.NewGuid().ToString("N");
        await NotifyAsync("hoy7", new StaffNotice("audit-alert", $"First {tag}", "/admin"));
        await NotifyAsync("hoy7", new StaffNotice("audit-alert", $"Second {tag}", null));
        await app.DrainAsync();
        Assert.DoesNotContain(app.Smtp.Received, m => m.TextBody?.Contains(tag, StringComparison.Ordinal) == true);

        Assert.True(await app.WithServicesAsync(sp => NotificationDigestJob.SendAsync(sp, CancellationToken.None)) >= 1);
        await app.DrainAsync();
        var digest = Assert.Single(app.Smtp.Received, m => m.TextBody?.Contains(tag, StringComparison.Ordinal) == true);
        Assert.Equal(Email("hoy7"), digest.To.Mailboxes.Single().Address);
        Assert.Contains($"First {tag}", digest.TextBody);
        Assert.Contains($"Second {tag}", digest.TextBody);
        Assert.StartsWith("Pastoral: your daily summary", digest.Subject);
        // Sent once: the next run has nothing of these.
        await app.WithServicesAsync(sp => NotificationDigestJob.SendAsync(sp, CancellationToken.None));
        await app.DrainAsync();
        Assert.Single(app.Smtp.Received, m => m.TextBody?.Contains(tag, StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_restricted_notice_says_nothing_of_the_record_in_the_list_the_email_or_the_digest()
    {
        const string secret = "Disclosure by Zara Quinn about her uncle";
        await NotifyAsync("dsl", new StaffNotice("safeguarding-alert", secret, "/pupils/3/child-protection") { Restricted = true });
        await SetPreferenceAsync("hoy7", "general", NotificationDelivery.Digest);
        await NotifyAsync("hoy7", new StaffNotice("general", secret, "/pupils/3") { Restricted = true });
        await app.WithServicesAsync(sp => NotificationDigestJob.SendAsync(sp, CancellationToken.None));
        await app.DrainAsync();
        Assert.Contains(app.Smtp.Received, m => m.To.Mailboxes.Single().Address == Email("dsl") && (m.TextBody ?? "").Contains("/pupils/3/child-protection", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Smtp.Received, m => (m.Subject ?? "").Contains("Zara", StringComparison.Ordinal) || (m.TextBody ?? "").Contains("Zara", StringComparison.Ordinal));
        Assert.False(await app.WithDbAsync(db => db.Set<StaffNotification>().AnyAsync(n => n.Title.Contains("Zara"))));
        Assert.False(await app.WithDbAsync(db => db.Set<OutgoingMail>().AnyAsync(m => m.Subject.Contains("Zara") || m.TextBody.Contains("Zara"))));

        var client = await app.SignedInAsync("hoy7");
        var list = await (await client.GetAsync("/notifications")).Content.ReadAsStringAsync();
        Assert.Contains(Notifier.RestrictedTitle, list);
        Assert.DoesNotContain("Zara", list);
    }

    [Fact]
    public async Task A_notice_goes_to_every_holder_of_a_role_who_reaches_the_school()
    {
        var schoolId = await app.WithDbAsync(db => db.Schools.Select(s => s.Id).FirstAsync());
        var title = $"To the DSLs {Guid.NewGuid():N}";
        await app.WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<PastoralDbContext>();
            await sp.GetRequiredService<INotifier>().NotifyRoleAsync(db, Pastoral.Security.Roles.Dsl, schoolId, new StaffNotice("general", title, null) { SchoolId = schoolId });
            await db.SaveChangesAsync();
            return 0;
        });
        var dslId = await app.StaffIdAsync("dsl");
        var to = await app.WithDbAsync(db => db.Set<StaffNotification>().Where(n => n.Title == title).Select(n => n.StaffId).ToListAsync());
        Assert.Contains(dslId, to);
        Assert.DoesNotContain(await app.StaffIdAsync("teacher"), to);
    }

    [Fact]
    public async Task The_dsl_team_is_told_once_each_even_someone_holding_both_roles_or_also_named()
    {
        var schoolId = await app.WithDbAsync(db => db.Schools.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync());
        var both = await app.WithServicesAsync(async sp => (await sp.GetRequiredService<Pastoral.Security.StaffAccounts>().CreateAsync(new Pastoral.Security.NewStaff(
            $"both.{Guid.NewGuid():N}"[..16] + $"@{AppFixture.Domain}", "Bo Th", [Pastoral.Security.Roles.Dsl, Pastoral.Security.Roles.DeputyDsl],
            Pastoral.Security.ScopeKind.Schools, [schoolId], Password: "a-long-enough-password"))).User.Id);
        var (dsl, deputy, teacher, senco) = (await app.StaffIdAsync("dsl"), await app.StaffIdAsync("deputy.dsl"), await app.StaffIdAsync("teacher"), await app.StaffIdAsync("senco"));
        var title = $"To the DSL team {Guid.NewGuid():N}";
        await app.WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<PastoralDbContext>();
            await sp.GetRequiredService<INotifier>().NotifyDslTeamAsync(db, schoolId, new StaffNotice("general", title, null) { SchoolId = schoolId }, [senco, both, dsl]);
            return await db.SaveChangesAsync();
        });
        var to = await app.WithDbAsync(db => db.Set<StaffNotification>().Where(n => n.Title == title).Select(n => n.StaffId).ToListAsync());
        Assert.Equal(new[] { both, dsl, deputy, senco }.Order(), to.Order());
        Assert.DoesNotContain(teacher, to);
    }

    [Fact]
    public async Task Family_messages_go_only_to_contacts_the_school_may_write_to_and_land_on_the_timeline()
    {
        // A pupil with a mother (parental responsibility, e-mail), and a second contact without parental responsibility.
        var (pupilId, mother, other) = await app.WithDbAsync(async db =>
        {
            var p = await db.Pupils.Include(x => x.Contacts).Where(x => x.Contacts.Count(c => c.ParentalResponsibility && c.Email != null) >= 1 && x.Contacts.Count >= 2)
                .OrderBy(x => x.Id).FirstAsync();
            var m = p.Contacts.First(c => c.ParentalResponsibility && c.Email != null);
            var o = p.Contacts.First(c => c.Id != m.Id);
            await db.PupilContacts.Where(c => c.Id == o.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.ParentalResponsibility, false));
            return (p.Id, m, o);
        });
        var client = await app.SignedInAsync("admin");
        var subject = $"Trip to the coast {Guid.NewGuid():N}";
        var form = await client.GetStringAsync($"/pupils/{pupilId}/message");
        Assert.Contains("No parental responsibility recorded", form);
        var pdf = "%PDF-1.4\n% a tiny test file\n"u8.ToArray();
        var response = await PostMultipartAsync(client, $"/pupils/{pupilId}/message", form, new()
        {
            ["ContactIds"] = [mother.Id.ToString(), other.Id.ToString()], ["Subject"] = [subject], ["Body"] = ["Please sign the form."],
        }, ("Attachment", "consent form.pdf", pdf));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await app.DrainAsync();
        var mail = Assert.Single(app.Smtp.Received, m => m.Subject == subject);
        Assert.Equal(mother.Email, mail.To.Mailboxes.Single().Address);
        var attached = Assert.Single(mail.Attachments.OfType<MimeKit.MimePart>());
        Assert.Equal("consent form.pdf", attached.FileName);
        var records = await app.WithDbAsync(db => db.Set<ContactMessage>().Where(m => m.Subject == subject).ToListAsync());
        Assert.Equal(mother.Id, Assert.Single(records).ContactId);

        var profile = await client.GetStringAsync($"/pupils/{pupilId}");
        Assert.Contains($"Message to family: {subject}", profile);
        Assert.Contains("Alex Admin", profile);
    }

    [Fact]
    public async Task A_contact_without_an_email_address_gets_a_printable_letter_and_a_file_that_is_not_a_PDF_is_refused()
    {
        var (pupilId, contact) = await app.WithDbAsync(async db =>
        {
            var p = await db.Pupils.Include(x => x.Contacts).Where(x => x.Contacts.Any(c => c.ParentalResponsibility)).OrderByDescending(x => x.Id).FirstAsync();
            var c = p.Contacts.First(c => c.ParentalResponsibility);
            await db.PupilContacts.Where(x => x.Id == c.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Email, (string?)null));
            return (p.Id, c);
        });
        var client = await app.SignedInAsync("admin");
        var form = await client.GetStringAsync($"/pupils/{pupilId}/message");
        var subject = $"Parents evening {Guid.NewGuid():N}";
        var refused = await PostMultipartAsync(client, $"/pupils/{pupilId}/message", form,
            new() { ["ContactIds"] = [contact.Id.ToString()], ["Subject"] = [subject], ["Body"] = ["Hello"] }, ("Attachment", "report.pdf", "<html>not a pdf</html>"u8.ToArray()));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("The attachment must be a PDF", await refused.Content.ReadAsStringAsync());
        Assert.False(await app.WithDbAsync(db => db.Set<ContactMessage>().AnyAsync(m => m.Subject == subject)));

        var done = await PostMultipartAsync(client, $"/pupils/{pupilId}/message", form,
            new() { ["ContactIds"] = [contact.Id.ToString()], ["Subject"] = [subject], ["Body"] = ["Come on Thursday.\n\nThank you."] }, null);
        var page = await done.Content.ReadAsStringAsync();
        var letter = LetterLink().Match(page);
        Assert.True(letter.Success, "No letter link on the result page");
        Assert.False(await app.WithDbAsync(db => db.Set<OutgoingMail>().AnyAsync(m => m.Subject == subject)));
        var printable = await client.GetStringAsync(letter.Value);
        Assert.Contains(subject, printable);
        Assert.Contains("Come on Thursday.", printable);
        Assert.Contains($"href=\"{letter.Value}.pdf\">Download PDF</a>", printable);
        Assert.Contains("/account/denied", (await (await app.SignedInAsync("teacher")).GetAsync(letter.Value)).Headers.Location?.OriginalString ?? "");

        // The same letter as an A4 PDF through the shared renderer: addressee, school, message, page numbers.
        var pdf = await client.GetAsync(letter.Value + ".pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        var text = await Pastoral.Tests.Documents.PdfText.OfAsync(await pdf.Content.ReadAsByteArrayAsync());
        var (addressee, school) = await app.WithDbAsync(async db => (
            (await db.PupilContacts.SingleAsync(c => c.Id == contact.Id)).DisplayName,
            await db.Pupils.Where(p => p.Id == pupilId).Select(p => p.School!.Name).SingleAsync()));
        Assert.Contains($"Dear {addressee},", text);
        Assert.Contains(school, text);
        Assert.Contains(subject, text);
        Assert.Contains("Come on Thursday.", text);
        Assert.Contains("Thank you.", text);
        Assert.Contains("Page 1 of 1", text);
        if (Environment.GetEnvironmentVariable("PASTORAL_SCREENSHOTS") is { Length: > 0 } folder)
            await File.WriteAllBytesAsync(Path.Combine(folder, "letter.pdf"), await pdf.Content.ReadAsByteArrayAsync());
        // A head of year for another year's pupil: not found, for the preview and the PDF.
        var outOfScope = await app.WithDbAsync(db => db.Pupils.AnyAsync(p => p.Id == pupilId && p.YearGroup!.NcYear != 7));
        if (outOfScope)
        {
            var hoy7 = await app.SignedInAsync("hoy7");
            Assert.Equal(HttpStatusCode.NotFound, (await hoy7.GetAsync(letter.Value)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await hoy7.GetAsync(letter.Value + ".pdf")).StatusCode);
        }
    }

    [Fact]
    public async Task The_delivery_page_shows_a_permanent_failure_with_its_reason_and_retries_it_for_administrators_only()
    {
        await app.DrainAsync();
        var subject = $"Bounced {Guid.NewGuid():N}";
        app.Smtp.Mood = SmtpMood.RefuseForGood;
        try
        {
            await app.WithServicesAsync(async sp =>
            {
                var db = sp.GetRequiredService<PastoralDbContext>();
                sp.GetRequiredService<IMailQueue>().Enqueue(db, new MailMessage("gone@example.org", null, subject, "x", "general"));
                await db.SaveChangesAsync();
                return 0;
            });
            await app.DrainAsync();
        }
        finally { app.Smtp.Mood = SmtpMood.Accept; }

        var admin = await app.SignedInAsync("admin");
        var page = await admin.GetStringAsync("/admin/delivery?status=Failed");
        Assert.Contains(subject, page);
        Assert.Contains("550", page);
        Assert.Contains("No such mailbox here", page);
        Assert.Contains("E-mails sent per day", page);
        Assert.Contains("<table class=\"table table-sm chart-table\">", page);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/admin/delivery?status=Lost")).StatusCode);
        Assert.Contains("Notification delivery", await admin.GetStringAsync("/admin"));

        var id = await app.WithDbAsync(db => db.Set<OutgoingMail>().Where(m => m.Subject == subject).Select(m => m.Id).SingleAsync());
        var retried = await PostRetryAsync(admin, page, id);
        Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        await app.DrainAsync();
        Assert.Single(app.Smtp.Received, m => m.Subject == subject);
        Assert.Equal(MailStatus.Sent, (await app.WithDbAsync(db => db.Set<OutgoingMail>().SingleAsync(m => m.Id == id))).Status);

        foreach (var who in new[] { "dsl", "hoy7" })
        {
            var other = await app.SignedInAsync(who);
            Assert.Contains("/account/denied", (await other.GetAsync("/admin/delivery")).Headers.Location?.OriginalString ?? "");
        }
    }

    [Fact]
    public async Task A_broken_audit_chain_alerts_the_administrators_by_email()
    {
        await app.WithServicesAsync(async sp => { await AuditAlert.NotifyAdministratorsAsync(sp, 3, CancellationToken.None); return 0; });
        await app.DrainAsync();
        Assert.Contains(app.Smtp.Received, m => m.To.Mailboxes.Single().Address == Email("admin") && (m.Subject ?? "").Contains("3 problem(s)", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Smtp.Received, m => m.To.Mailboxes.Single().Address == Email("dsl") && (m.Subject ?? "").Contains("audit log check", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_daily_audit_anchor_is_emailed_to_each_active_administrator_with_every_chains_end()
    {
        // Besides the demo's administrator: a second one, one who has left (deactivated), and a DSL (not an administrator).
        var school = await app.WithDbAsync(db => db.Schools.Select(s => s.Id).FirstAsync());
        var (second, leaver) = ($"admin2.{Guid.NewGuid():N}@school.test", $"gone.{Guid.NewGuid():N}@school.test");
        foreach (var email in new[] { second, leaver })
            await app.WithServicesAsync(sp => sp.GetRequiredService<Pastoral.Security.StaffAccounts>().CreateAsync(
                new Pastoral.Security.NewStaff(email, "Another Admin", [Pastoral.Security.Roles.Administrator], Pastoral.Security.ScopeKind.Schools, [school], Password: "a-long-enough-password")));
        await app.WithDbAsync(db => db.Users.Where(u => u.Email == leaver).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, false)));
        await app.DrainAsync();
        var before = app.Smtp.Received.Count;

        await app.WithServicesAsync(async sp =>
        {
            await sp.GetRequiredService<Pastoral.Security.Audit.DailyAuditAnchor>()
                .RunAsync(new Pastoral.Infrastructure.Scheduling.ScheduledRun(sp, "audit-anchor-daily", app.Clock.GetUtcNow(), null, 1), CancellationToken.None);
            return 0;
        });
        await app.DrainAsync();

        var anchors = app.Smtp.Received.Skip(before).Where(m => m.Subject == "Daily audit anchor").ToList();
        var to = anchors.Select(m => m.To.Mailboxes.Single().Address).Order(StringComparer.Ordinal).ToList();
        var admins = await app.WithDbAsync(db => Notifier.ActiveHoldersOf(db, Pastoral.Security.Roles.Administrator).Select(u => u.Email!).ToListAsync());
        Assert.Equal(admins.Order(StringComparer.Ordinal), to);
        Assert.Contains(Email("admin"), to);
        Assert.Contains(second, to);
        Assert.DoesNotContain(leaver, to);
        Assert.DoesNotContain(Email("dsl"), to);

        // Each body carries one line per chain: the chain, its newest sequence and that entry's hash, as the log holds them.
        var lines = Pastoral.Security.Audit.AuditAnchor.FindIn((anchors[0].TextBody ?? "").Split('\n'), "e-mail").Select(f => f.Anchor).ToList();
        var chains = await app.WithDbAsync(db => db.AuditEntries.Select(e => e.Chain).Distinct().ToListAsync());
        Assert.Equal(chains.Order(StringComparer.Ordinal), lines.Select(a => a.Chain));
        foreach (var line in lines)
        {
            Assert.Equal(await app.WithDbAsync(db => db.AuditEntries.Where(e => e.Chain == line.Chain).MaxAsync(e => e.Sequence)), line.Sequence);
            Assert.Equal(line.Hash, await app.WithDbAsync(db => db.AuditEntries.Where(e => e.Chain == line.Chain && e.Sequence == line.Sequence).Select(e => e.Hash).SingleAsync()));
        }
        Assert.All(anchors, m => Assert.Equal(anchors[0].TextBody, m.TextBody));
    }

    private static async Task<HttpResponseMessage> PostRetryAsync(HttpClient client, string page, long id)
    {
        var token = WebUtility.HtmlDecode(Antiforgery().Match(page).Groups[1].Value);
        return await client.PostAsync($"/admin/delivery?handler=Retry&id={id}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
    }

    private static async Task<HttpResponseMessage> PostMultipartAsync(HttpClient client, string path, string formPage,
        Dictionary<string, string[]> fields, (string Name, string FileName, byte[] Content)? file)
    {
        var content = new MultipartFormDataContent { { new StringContent(WebUtility.HtmlDecode(Antiforgery().Match(formPage).Groups[1].Value)), "__RequestVerificationToken" } };
        foreach (var (name, values) in fields)
            foreach (var v in values) content.Add(new StringContent(v), name);
        if (file is { } f)
        {
            var part = new ByteArrayContent(f.Content);
            part.Headers.ContentType = new("application/pdf");
            content.Add(part, f.Name, f.FileName);
        }
        return await client.PostAsync(path, content);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();

    [GeneratedRegex("/pupils/\\d+/letters/\\d+")]
    private static partial Regex LetterLink();
}

public sealed class NoticeDeliveryTests_Sqlite(SqliteMailApp app) : NoticeDeliveryTests(app), IClassFixture<SqliteMailApp>;
public sealed class NoticeDeliveryTests_Postgres(PostgresMailApp app) : NoticeDeliveryTests(app), IClassFixture<PostgresMailApp>;
