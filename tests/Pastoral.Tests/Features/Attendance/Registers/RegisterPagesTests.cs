using System.Net;
using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Admin.Responsibilities;
using Pastoral.Features.Attendance;
using Pastoral.Infrastructure;
using Pastoral.Security.Audit;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Attendance.Registers;

/// <summary>The register page's conflict, the settings page, corrections with history and timeline, and missing marks, on both databases.</summary>
public abstract class RegisterPagesTests(AppFixture app)
{
    private static readonly DateOnly Monday = new(2026, 11, 23);

    private static Dictionary<string, string> Marks(int? version, params (int Pupil, string Code, string? Reason)[] marks)
    {
        var fields = new Dictionary<string, string> { ["Version"] = version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "" };
        for (var i = 0; i < marks.Length; i++)
        {
            fields[$"Marks[{i}].PupilId"] = marks[i].Pupil.ToString(System.Globalization.CultureInfo.InvariantCulture);
            fields[$"Marks[{i}].Code"] = marks[i].Code;
            if (marks[i].Reason is { } reason) fields[$"Marks[{i}].Reason"] = reason;
        }
        return fields;
    }

    [Fact]
    public async Task A_second_person_saving_the_same_register_sees_both_sets_of_marks_and_overwrites_nothing()
    {
        var date = Monday.AddDays(-4); // Thursday 19th, PM
        var (form, _, pupils) = await RegisterApiTests.FreshFormAsync(app, 8, date, Session.Pm);
        var url = $"/attendance/registers/{form}/{date:yyyy-MM-dd}/pm";
        var tutor = await app.SignedInAsync("hoy8");
        var head = await app.SignedInAsync("head");
        var first = await WebSignIn.PostFormAsync(tutor, url, Marks(null, (pupils[0], "N", null), (pupils[1], "\\", null)));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Contains("saved=", first.Headers.Location!.OriginalString);

        var second = await WebSignIn.PostFormAsync(head, url, Marks(null, (pupils[0], "\\", null), (pupils[1], "\\", null)));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var html = WebUtility.HtmlDecode(await second.Content.ReadAsStringAsync());
        Assert.Contains("Someone else saved this register", html);
        Assert.Contains("Saved by Robin Year-Eight", html);
        Assert.Matches(@"<td>N</td><td>\\</td>", html);
        Assert.Contains("name=\"Version\" value=\"1\"", html);
        Assert.Equal("N", await app.WithDbAsync(db => db.Set<AttendanceMark>().Where(m => m.PupilId == pupils[0] && m.Date == date && m.Session == Session.Pm).Select(m => m.Code).SingleAsync()));

        var third = await WebSignIn.PostFormAsync(head, url, Marks(1, (pupils[0], "\\", "Came back from the dentist at 13:20"), (pupils[1], "\\", null)));
        Assert.Equal(HttpStatusCode.Redirect, third.StatusCode);
        Assert.Equal(("\\", 2), await app.WithDbAsync(async db => (
            await db.Set<AttendanceMark>().Where(m => m.PupilId == pupils[0] && m.Date == date && m.Session == Session.Pm).Select(m => m.Code).SingleAsync(),
            await db.Set<AttendanceRegister>().Where(r => r.FormId == form && r.Date == date && r.Session == Session.Pm).Select(r => r.Version).SingleAsync())));
    }

    [Fact]
    public async Task Settings_keep_the_30_minute_rule_are_versioned_and_audited_and_the_mis_makes_registers_read_only()
    {
        var school = await app.WithDbAsync(db => db.Schools.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync());
        await app.WithDbAsync(db => db.Set<AttendanceSettings>().Where(s => s.SchoolId == school).ExecuteDeleteAsync());
        try
        {
            var head = await app.SignedInAsync("head");
            var url = $"/admin/attendance?school={school}";
            Dictionary<string, string> Form(string version, string keeper = "Pastoral", string misName = "", string morningCloses = "09:05") => new()
            {
                ["Version"] = version, ["Keeper"] = keeper, ["MisName"] = misName, ["MorningOpens"] = "08:40", ["MorningCloses"] = morningCloses,
                ["AfternoonOpens"] = "13:15", ["AfternoonCloses"] = "13:40", ["FollowUpAfterDays"] = "3",
            };
            var tooLong = await WebSignIn.PostFormAsync(head, url, Form("0", morningCloses: "09:30"));
            Assert.Equal(HttpStatusCode.OK, tooLong.StatusCode);
            Assert.Contains("may stay open for at most 30 minutes", await tooLong.Content.ReadAsStringAsync());
            var noName = await WebSignIn.PostFormAsync(head, url, Form("0", keeper: "Mis"));
            Assert.Contains("Enter the name of the MIS", await noName.Content.ReadAsStringAsync());
            Assert.False(await app.WithDbAsync(db => db.Set<AttendanceSettings>().AnyAsync(s => s.SchoolId == school)));

            var before = await app.WithDbAsync(db => db.AuditEntries.MaxAsync(a => a.Id));
            var saved = await WebSignIn.PostFormAsync(head, url, Form("0", keeper: "Mis", misName: "Arbor", morningCloses: "09:10"));
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            var row = await app.WithDbAsync(db => db.Set<AttendanceSettings>().SingleAsync(s => s.SchoolId == school));
            Assert.Equal((RegisterKeeper.Mis, "Arbor", new TimeOnly(9, 10), 1), (row.Keeper, row.MisName, row.MorningCloses, row.Version));
            var entry = await app.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Id > before && a.EntityType == nameof(AttendanceSettings)));
            Assert.Equal((AuditActions.Created, "Keeper, MisName, MorningOpens, MorningCloses, AfternoonOpens, AfternoonCloses, FollowUpAfterDays"), (entry.Action, entry.Detail));

            // A second administrator who started before that save is told, with both values, and nothing is overwritten.
            var stale = await WebSignIn.PostFormAsync(head, url, Form("0", morningCloses: "09:00"));
            Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
            var html = WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync());
            Assert.Contains("Someone else saved this school's attendance settings", html);
            Assert.Contains("<td>Morning register closes</td><td>09:10</td><td>09:00</td>", html);
            Assert.Equal(new TimeOnly(9, 10), await app.WithDbAsync(db => db.Set<AttendanceSettings>().Where(s => s.SchoolId == school).Select(s => s.MorningCloses).SingleAsync()));

            // Kept in the MIS: the register page is read-only and says where to correct marks.
            var (form, _, _) = await RegisterApiTests.FreshFormAsync(app, 8, Monday, Session.Pm);
            var page = WebUtility.HtmlDecode(await (await app.SignedInAsync("hoy8")).GetStringAsync($"/attendance/registers/{form}/{Monday:yyyy-MM-dd}/pm"));
            Assert.Contains("This school's register is kept in Arbor; correct marks there.", page);
            Assert.DoesNotContain("Save register", page);

            var updated = await WebSignIn.PostFormAsync(head, url, Form("1"));
            Assert.Equal(HttpStatusCode.Redirect, updated.StatusCode);
            Assert.Equal(2, await app.WithDbAsync(db => db.Set<AttendanceSettings>().Where(s => s.SchoolId == school).Select(s => s.Version).SingleAsync()));
        }
        finally
        {
            await app.WithDbAsync(db => db.Set<AttendanceSettings>().Where(s => s.SchoolId == school).ExecuteDeleteAsync());
        }
    }

    [Fact]
    public async Task A_correction_needs_a_reason_keeps_the_history_and_shows_on_the_timeline()
    {
        var pupil = await app.WithDbAsync(async db =>
        {
            var id = await db.Pupils.Where(p => p.YearGroup!.NcYear == 8 && p.OnRollTo == null).OrderByDescending(p => p.Id).Select(p => p.Id).FirstAsync();
            await db.Set<AttendanceMark>().Where(m => m.PupilId == id && m.Date == Monday).ExecuteDeleteAsync();
            await db.Set<AttendanceMarkChange>().Where(m => m.PupilId == id && m.Date == Monday).ExecuteDeleteAsync();
            return id;
        });
        await app.WithServicesAsync(async sp => await sp.GetRequiredService<AttendanceMarkWriter>()
            .WriteAsync(await app.StaffAsync("hoy8"), [new MarkInput(pupil, Monday, Session.Am, "N")], MarkSource.Register, "Test", default));
        var url = $"/pupils/{pupil}/attendance/2026-11-23/am";
        var hoy = await app.SignedInAsync("hoy8");
        var noReason = await WebSignIn.PostFormAsync(hoy, url, new() { ["Code"] = "I", ["Reason"] = "" });
        Assert.Contains("Give the reason for the change", await noReason.Content.ReadAsStringAsync());
        var before = await app.WithDbAsync(db => db.AuditEntries.MaxAsync(a => a.Id));
        var changed = await WebSignIn.PostFormAsync(hoy, url, new() { ["Code"] = "I", ["Reason"] = "Mum rang at 10:15: illness" });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        var history = await app.WithDbAsync(db => db.Set<AttendanceMarkChange>().SingleAsync(c => c.PupilId == pupil && c.Date == Monday));
        Assert.Equal(("N", "I", "Mum rang at 10:15: illness", MarkSource.Correction), (history.OldCode, history.NewCode, history.Reason, history.Source));
        // PostgreSQL draws audit ids in blocks per instance, so "id > before" is not "written after": look for the change's own entry.
        var entry = await app.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Id > before && a.EntityType == nameof(AttendanceMark) && a.PupilId == pupil));
        Assert.Equal((AuditActions.Updated, pupil), (entry.Action, entry.PupilId));
        var page = WebUtility.HtmlDecode(await hoy.GetStringAsync(url));
        Assert.Contains("N → I", page);
        Assert.Contains("Robin Year-Eight", page);
        var timeline = WebUtility.HtmlDecode(await (await app.SignedInAsync("head")).GetStringAsync($"/pupils/{pupil}"));
        Assert.Contains("Attendance mark changed: AM Mon 23 Nov 2026, N → I", timeline);

        // A teacher may see the mark but not change it.
        var teacher = await app.SignedInAsync("teacher");
        Assert.DoesNotContain("Change the mark", await teacher.GetStringAsync(url));
        var refused = await WebSignIn.PostFormAsync(teacher, url, new() { ["Code"] = "N", ["Reason"] = "x" });
        Assert.True(refused.StatusCode == HttpStatusCode.Forbidden || refused.Headers.Location?.OriginalString.Contains("/account/denied", StringComparison.Ordinal) == true,
            $"{refused.StatusCode} {refused.Headers.Location}");
        Assert.Equal("I", await app.WithDbAsync(db => db.Set<AttendanceMark>().Where(m => m.PupilId == pupil && m.Date == Monday && m.Session == Session.Am).Select(m => m.Code).SingleAsync()));
    }

    [Fact]
    public async Task Missing_marks_are_listed_by_form_and_session_with_a_link_to_fill_them_and_as_csv()
    {
        var (form, formName, pupils) = await RegisterApiTests.FreshFormAsync(app, 8, Monday, Session.Am);
        var pupil = pupils[^1];
        await app.WithDbAsync(db => db.Set<AttendanceMark>().Where(m => m.PupilId == pupil && m.Date >= Monday).ExecuteDeleteAsync());
        var name = await app.WithDbAsync(db => db.Pupils.Where(p => p.Id == pupil).Select(p => p.LegalSurname + ", " + p.LegalForename).SingleAsync());
        var hoy = await app.SignedInAsync("hoy8");
        var page = await hoy.GetStringAsync("/attendance/missing?from=2026-11-23&to=2026-11-24");
        Assert.Contains($"href=\"/attendance/registers/{form}/2026-11-23/am\"", page);
        Assert.Contains($"href=\"/attendance/registers/{form}/2026-11-24/am\"", page);
        Assert.DoesNotContain($"/attendance/registers/{form}/2026-11-24/pm", page); // this afternoon's register has not closed
        var csv = await hoy.GetStringAsync("/attendance/missing.csv?from=2026-11-23&to=2026-11-24");
        Assert.StartsWith("Date,Session,Form,Pupil", csv);
        Assert.Contains($"2026-11-23,PM,{formName},\"{name}\"", csv);

        await app.WithServicesAsync(async sp => await sp.GetRequiredService<AttendanceMarkWriter>().WriteAsync(await app.StaffAsync("hoy8"),
            [new MarkInput(pupil, Monday, Session.Am, "/"), new MarkInput(pupil, Monday, Session.Pm, "\\")], MarkSource.Register, "Test", default));
        csv = await hoy.GetStringAsync("/attendance/missing.csv?from=2026-11-23&to=2026-11-24");
        Assert.DoesNotContain($"2026-11-23,PM,{formName},\"{name}\"", csv);
        Assert.Contains($"2026-11-24,AM,{formName},\"{name}\"", csv);
        Assert.Contains("Choose at most 92 days", await hoy.GetStringAsync("/attendance/missing?from=2026-01-01&to=2026-11-24"));
    }

    [Fact]
    public async Task The_registers_list_puts_the_tutors_own_form_first_and_says_who_took_each_register()
    {
        var date = Monday.AddDays(-5); // Wednesday 18th
        var (form, name, pupils) = await RegisterApiTests.FreshFormAsync(app, 8, date, Session.Pm);
        var hoy8 = await app.StaffAsync("hoy8");
        await app.WithDbAsync(async db =>
        {
            if (!await db.Set<StaffResponsibility>().AnyAsync(r => r.StaffId == hoy8.UserId && r.FormId == form))
                db.Add(new StaffResponsibility { Kind = ResponsibilityKind.Tutor, StaffId = hoy8.UserId, FormId = form });
            await db.SaveChangesAsync();
        });
        var client = await app.SignedInAsync("hoy8");
        var before = WebUtility.HtmlDecode(await client.GetStringAsync($"/attendance/registers?date={date:yyyy-MM-dd}&session=PM"));
        var firstRow = before[before.IndexOf("<th scope=\"row\">", StringComparison.Ordinal)..];
        Assert.Matches($"^<th scope=\"row\">{name}\\s+<span class=\"badge text-bg-primary\">Your form</span>", firstRow);
        Assert.Contains("Not taken", firstRow[..firstRow.IndexOf("</tr>", StringComparison.Ordinal)]);
        Assert.Contains($"href=\"/attendance/registers/{form}/{date:yyyy-MM-dd}/pm\"", before);

        Assert.Equal(HttpStatusCode.Redirect, (await WebSignIn.PostFormAsync(client, $"/attendance/registers/{form}/{date:yyyy-MM-dd}/pm", Marks(null, (pupils[0], "\\", null)))).StatusCode);
        var after = WebUtility.HtmlDecode(await client.GetStringAsync($"/attendance/registers?date={date:yyyy-MM-dd}&session=PM"));
        var row = after[after.IndexOf("<th scope=\"row\">", StringComparison.Ordinal)..];
        Assert.Contains("by Robin Year-Eight at 09:30", row[..row.IndexOf("</tr>", StringComparison.Ordinal)]);
    }
}

public sealed class RegisterPagesTests_Sqlite(SqliteApp app) : RegisterPagesTests(app), IClassFixture<SqliteApp>;

public sealed class RegisterPagesTests_Postgres(PostgresApp app) : RegisterPagesTests(app), IClassFixture<PostgresApp>;
