using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Behaviour;
using Pastoral.Features.Interventions;
using Pastoral.Features.Mentoring.Goals;
using Pastoral.Features.Mentoring.Reports;
using Pastoral.Features.Safeguarding;
using Pastoral.Infrastructure;
using Pastoral.Tests.Documents;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Mentoring;

/// <summary>
/// Issue 11, the planning-and-reporting part: a score outside its measure's scale is refused and nothing saved; goal ratings become
/// the chart's numbers; a family report's draft and PDF hold nothing restricted; sending e-mails the PDF through the test SMTP server and
/// records it; "Draft all" drafts each caseload pupil once, and not at all while another run holds the lease. Clock: Tue 24 Nov 2026.
/// </summary>
public abstract partial class MentoringReportsTests(AppFixture app)
{
    private static readonly CancellationToken None = CancellationToken.None;
    private const string Marker = "ZQXLEAK";

    [GeneratedRegex(@"\s+")] private static partial Regex Spaces();

    /// <summary>The mentor's <paramref name="skip"/>th caseload pupil.</summary>
    private async Task<int> CaseloadPupilAsync(int skip)
    {
        var mentor = await app.StaffAsync("mentor");
        return mentor.CaseloadPupilIds.Order().Skip(skip).First();
    }

    private async Task<int> EnrolAsync(int pupil) => await app.WithDbAsync(async db =>
    {
        var school = await db.Pupils.Where(p => p.Id == pupil).Select(p => p.SchoolId).SingleAsync();
        var intervention = await db.Set<Intervention>().FirstAsync(i => i.SchoolId == school);
        var provision = new Provision { SchoolId = school, InterventionId = intervention.Id, Name = $"Test group {pupil}", LeadStaffName = "Morgan Mentor", LeadRole = "PastoralStaff",
            Kind = ProvisionKind.OneToOne, StartOn = new DateOnly(2026, 11, 2), PlannedSessions = 6, CreatedAt = DateTime.UtcNow };
        var enrolment = new Enrolment { Provision = provision, PupilId = pupil, StartOn = new DateOnly(2026, 11, 2), Reason = "Low mood" };
        db.Add(enrolment);
        await db.SaveChangesAsync();
        return enrolment.Id;
    });

    [Fact]
    public async Task A_score_outside_the_measures_scale_is_refused_with_its_range_and_nothing_is_saved()
    {
        var pupil = await CaseloadPupilAsync(5);
        var enrolment = await EnrolAsync(pupil);
        var api = app.Client(await app.TokenForAsync("mentor"));
        var refused = await api.PostAsJsonAsync($"/api/v1/interventions/enrolments/{enrolment}/scores", new { measure = "wellbeing self-rating", point = "entry", value = 11, takenOn = "2026-11-20" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Wellbeing self-rating runs from 1 to 10", await refused.Content.ReadAsStringAsync());
        Assert.False(await app.WithDbAsync(db => db.Set<MeasureScore>().AnyAsync(s => s.EnrolmentId == enrolment)));

        var saved = await api.PostAsJsonAsync($"/api/v1/interventions/enrolments/{enrolment}/scores", new { measure = "Wellbeing self-rating", point = "entry", value = 4, takenOn = "2026-11-20" });
        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        Assert.Equal(4, await app.WithDbAsync(db => db.Set<MeasureScore>().Where(s => s.EnrolmentId == enrolment).Select(s => s.Value).SingleAsync()));
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Client(await app.TokenForAsync("teacher79")).PostAsJsonAsync($"/api/v1/interventions/enrolments/{enrolment}/scores",
            new { measure = "Wellbeing self-rating", point = "exit", value = 5 })).StatusCode);
    }

    [Fact]
    public async Task Goal_ratings_are_the_charts_numbers_in_date_order_and_a_rating_off_the_scale_is_refused()
    {
        var pupil = await CaseloadPupilAsync(6);
        var mentor = await app.StaffAsync("mentor");
        var (goal, problems) = await app.WithServicesAsync(sp => sp.GetRequiredService<GoalBook>().CreateAsync(mentor, pupil, app.WithDbAsync(db => db.Pupils.Where(p => p.Id == pupil).Select(p => p.SchoolId).SingleAsync()).Result,
            new GoalInput("Speak up once in each maths lesson", "Teacher's tally", "2027-02-01", "other", null, null, null, "meeting with mum"), None));
        Assert.Empty(problems);
        await app.WithServicesAsync(async sp =>
        {
            var book = sp.GetRequiredService<GoalBook>();
            Assert.Empty((await book.RateAsync(mentor, pupil, goal!.Value, "6", "Better", "2026-11-20", None))!);
            Assert.Empty((await book.RateAsync(mentor, pupil, goal.Value, "3", "A start", "2026-11-06", None))!);
            Assert.Contains((await book.RateAsync(mentor, pupil, goal.Value, "11", "", "2026-11-23", None))!, p => p.Message == "Enter a rating from 0 to 10");
            return 0;
        });
        var view = (await app.WithServicesAsync(sp => sp.GetRequiredService<GoalBook>().ForPupilAsync(mentor, pupil, None))).Goals.Single(g => g.Id == goal);
        Assert.Equal(["6 Nov", "20 Nov"], view.Chart.Labels);
        Assert.Equal([3.0, 6.0], view.Chart.Series[0].Values);
        var page = WebUtility.HtmlDecode(await (await app.SignedInAsync("mentor")).GetStringAsync($"/pupils/{pupil}/mentoring"));
        Assert.Contains("Speak up once in each maths lesson", page);
        Assert.Contains("Latest rating: <strong>6 out of 10</strong>", page);
    }

    [Fact]
    public async Task A_family_reports_draft_and_pdf_hold_no_concern_cp_status_or_other_childs_name()
    {
        var pupil = await CaseloadPupilAsync(7);
        var other = await CaseloadPupilAsync(8);
        var teacher = app.Client(await app.TokenForAsync("head"));
        Assert.Equal(HttpStatusCode.Created, (await teacher.PostAsJsonAsync("/api/v1/safeguarding/concerns",
            new { pupils = new[] { pupil.ToString(System.Globalization.CultureInfo.InvariantCulture) }, categories = new[] { "Neglect" }, description = $"{Marker}-concern" })).StatusCode);
        var otherName = await app.WithDbAsync(async db =>
        {
            db.Add(new ChildProtectionRecord { PupilId = pupil, Status = ChildProtectionStatus.Cp, StartDate = new DateOnly(2026, 10, 1), SocialWorkerName = $"{Marker} social worker", RecordedAt = DateTime.UtcNow, RecordedByName = "Dana Lead" });
            var o = await db.Pupils.SingleAsync(p => p.Id == other);
            o.PreferredForename = Marker + "kid";
            await db.SaveChangesAsync();
            return o.DisplayName;
        });
        var incident = await teacher.PostAsJsonAsync("/api/v1/behaviour/incidents", new
        {
            type = "fighting or physical aggression", location = await app.WithDbAsync(db => db.Set<Pastoral.Features.Schools.Location>().OrderBy(l => l.Id).Select(l => l.Name).FirstAsync()),
            occurredAt = "2026-11-23T12:40", description = $"Pushed {otherName} over {Marker}-incident",
            pupils = new[] { new { pupil = pupil.ToString(System.Globalization.CultureInfo.InvariantCulture), role = "instigator" }, new { pupil = other.ToString(System.Globalization.CultureInfo.InvariantCulture), role = "target" } },
        });
        Assert.Equal(HttpStatusCode.Created, incident.StatusCode);

        var web = await app.SignedInAsync("mentor");
        var drafted = await WebSignIn.PostFormAsync(web, "/mentoring/reports?handler=Draft", new Dictionary<string, string> { ["pupil"] = pupil.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.Redirect, drafted.StatusCode);
        var page = await web.GetStringAsync(drafted.Headers.Location!.OriginalString);
        var pdf = await web.GetByteArrayAsync(drafted.Headers.Location!.OriginalString + "/print.pdf");
        if (Environment.GetEnvironmentVariable("PASTORAL_SCREENSHOTS") is { Length: > 0 } shots)
        {
            Directory.CreateDirectory(shots);
            await File.WriteAllBytesAsync(Path.Combine(shots, $"family-report-{app.Provider}.pdf"), pdf);
            await File.WriteAllTextAsync(Path.Combine(shots, $"family-report-page-{app.Provider}.html"), page);
        }
        var text = Spaces().Replace(await PdfText.OfAsync(pdf), " ");
        Assert.Contains("half-termly report", text);
        Assert.Contains("attendance this half-term", text);
        foreach (var seen in new[] { page, text })
        {
            Assert.DoesNotContain(Marker, seen, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Child protection", seen, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("fighting", seen, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Sending_a_finished_report_e_mails_the_pdf_to_a_parent_and_records_who_when_and_to_whom()
    {
        var mentor = await app.StaffAsync("mentor");
        var pupil = await app.WithDbAsync(db => db.Pupils.Where(p => mentor.CaseloadPupilIds.Contains(p.Id)
            && p.Contacts.Any(c => c.ParentalResponsibility && c.Email != null && EF.Functions.Like(c.Email, "%@%"))).OrderByDescending(p => p.Id).Select(p => p.Id).FirstAsync());
        var contact = await app.WithDbAsync(db => db.PupilContacts.OrderBy(c => c.Priority).FirstAsync(c => c.PupilId == pupil && c.ParentalResponsibility && c.Email != null && EF.Functions.Like(c.Email, "%@%")));
        var report = await app.WithServicesAsync(sp => sp.GetRequiredService<FamilyReports>().DraftAsync(mentor, pupil, None));
        var refused = await app.WithServicesAsync(sp => sp.GetRequiredService<FamilyReports>().SendAsync(mentor, report!.Id, report.Version, [contact.Id], None));
        Assert.Contains(refused.Problems, p => p.Message == "Finish the report before sending it home");
        var edit = new ReportEdit(report!.Version, report.Attendance, "Lovely work in science, well done.", report.Sessions, report.Goals, report.NextSteps, report.Closing);
        var finished = await app.WithServicesAsync(sp => sp.GetRequiredService<FamilyReports>().SaveAsync(mentor, report.Id, edit, true, None));
        Assert.False(finished.Conflict);
        var stale = await app.WithServicesAsync(sp => sp.GetRequiredService<FamilyReports>().SaveAsync(mentor, report.Id, edit with { Recognition = "Mine" }, false, None));
        Assert.True(stale.Conflict);
        var sent = await app.WithServicesAsync(sp => sp.GetRequiredService<FamilyReports>().SendAsync(mentor, report.Id, finished.Report!.Version, [contact.Id], None));
        Assert.Empty(sent.Problems);
        await app.Mail.DeliverAsync();
        var mail = (await app.Mail.ToAsync(contact.Email!.Trim()))[^1];
        Assert.EndsWith("half-termly report", mail.Subject, StringComparison.Ordinal);
        var attachment = Assert.Single(mail.Attachments.OfType<MimeKit.MimePart>(), a => a.ContentType.MimeType == "application/pdf");
        using var bytes = new MemoryStream();
        await attachment.Content!.DecodeToAsync(bytes);
        Assert.Contains("Lovely work in science, well done.", Spaces().Replace(await PdfText.OfAsync(bytes.ToArray()), " "));
        var saved = await app.WithDbAsync(db => db.Set<FamilyReport>().AsNoTracking().SingleAsync(r => r.Id == report.Id));
        Assert.Equal((FamilyReportStatus.Sent, "Morgan Mentor"), (saved.Status, saved.SentByName));
        Assert.Contains(contact.Relationship, saved.SentTo, StringComparison.Ordinal);
        Assert.NotNull(saved.SentAt);
    }

    [Fact]
    public async Task Draft_all_waits_for_another_runs_lease_then_drafts_each_caseload_pupil_once()
    {
        var mentor = await app.StaffAsync("mentor");
        async Task<FamilyReportBatch> RunAsync() => await app.WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<Pastoral.Data.PastoralDbContext>();
            var batch = new FamilyReportBatch { StaffId = mentor.UserId, Total = mentor.CaseloadPupilIds.Count, StartedAt = DateTime.UtcNow };
            db.Add(batch);
            await db.SaveChangesAsync();
            await sp.GetRequiredService<FamilyReportBatches>().RunAsync(batch.Id, None);
            return await db.Set<FamilyReportBatch>().AsNoTracking().SingleAsync(b => b.Id == batch.Id);
        });
        var lease = FamilyReportBatches.LeaseName(mentor.UserId);
        Assert.True(await app.WithServicesAsync(sp => sp.GetRequiredService<JobLeases>().TryAcquireAsync(lease, "another instance", TimeSpan.FromMinutes(5))));
        var blocked = await RunAsync();
        Assert.Equal((0, 0), (blocked.Drafted, blocked.Skipped));
        Assert.StartsWith("Another run", blocked.Error, StringComparison.Ordinal);
        await app.WithServicesAsync(async sp => { await sp.GetRequiredService<JobLeases>().ReleaseAsync(lease, "another instance"); return 0; });

        var first = await RunAsync();
        var second = await RunAsync();
        Assert.Null(first.Error);
        Assert.Equal(mentor.CaseloadPupilIds.Count, first.Drafted + first.Skipped);
        Assert.Equal((0, mentor.CaseloadPupilIds.Count), (second.Drafted, second.Skipped));
        var perPupil = await app.WithDbAsync(db => db.Set<FamilyReport>().Where(r => mentor.CaseloadPupilIds.Contains(r.PupilId)).GroupBy(r => new { r.PupilId, r.From }).Select(g => g.Count()).ToListAsync());
        Assert.Equal(mentor.CaseloadPupilIds.Count, perPupil.Count);
        Assert.All(perPupil, n => Assert.Equal(1, n));
    }
}

public sealed class MentoringReportsTests_Sqlite(SqliteApp app) : MentoringReportsTests(app), IClassFixture<SqliteApp>;
public sealed class MentoringReportsTests_Postgres(PostgresApp app) : MentoringReportsTests(app), IClassFixture<PostgresApp>;
