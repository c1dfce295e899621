using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Admin.Responsibilities;
using Pastoral.Features.Interventions;
using Pastoral.Features.Mentoring;
using Pastoral.Infrastructure;
using Pastoral.Security;
using Pastoral.Security.Audit;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Accounts;

/// <summary>Staff administration, caseloads, teaching groups and My account through the pages (issue 6: items 6 and 7).</summary>
public abstract class StaffAdminTests(AccountsApp app)
{
    private static string Unique(string local) => $"{local}.{Guid.NewGuid():N}"[..20] + "@school.test";

    private async Task<Guid> UserIdAsync(string email) => await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string page, string handler, Dictionary<string, string>? fields = null)
    {
        // The antiforgery token comes from the page; the handler is in the query, as the forms post it.
        var get = await client.GetAsync(page);
        var html = await get.Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        fields ??= [];
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(token);
        var sep = page.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        return await client.PostAsync($"{page}{sep}handler={handler}", new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task Deactivating_an_account_ends_its_sessions_and_tokens_at_once_and_reactivating_lets_it_sign_in()
    {
        var email = Unique("leaver");
        await app.CreateAsync(email, Roles.Teacher, ScopeKind.Schools, await app.SchoolIdAsync(0));
        var leaver = await app.SignInAsync(email, "a-long-enough-password");
        var token = await app.WithServicesAsync(async sp => (await sp.GetRequiredService<ApiTokens>().CreateAsync(
            (await sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<StaffUser>>().FindByEmailAsync(email))!, "script")).Token);
        Assert.Equal(HttpStatusCode.OK, (await leaver.GetAsync("/pupils")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client(token).GetAsync("/api/v1/pupils")).StatusCode);

        var admin = await app.SignedInAsync("admin");
        var id = await UserIdAsync(email);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(admin, $"/admin/staff/{id}", "Deactivate")).StatusCode);

        var after = await leaver.GetAsync("/pupils");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/sign-in", after.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client(token).GetAsync("/api/v1/pupils")).StatusCode);
        Assert.Contains("Deactivated", await (await admin.GetAsync($"/admin/staff/{id}")).Content.ReadAsStringAsync());
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditActions.Deactivated && a.EntityId == id.ToString())));

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(admin, $"/admin/staff/{id}", "Reactivate")).StatusCode);
        await app.SignInAsync(email, "a-long-enough-password");
    }

    [Fact]
    public async Task Resetting_an_authenticator_emails_a_set_up_link_that_offers_a_new_key()
    {
        var email = Unique("lostphone");
        var made = await app.CreateAsync(email, Roles.Dsl, ScopeKind.Schools, await app.SchoolIdAsync(0));
        var admin = await app.SignedInAsync("admin");
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(admin, $"/admin/staff/{await UserIdAsync(email)}", "ResetAuthenticator")).StatusCode);

        // The message as the SMTP server received it, and the link in its body.
        var mail = Assert.Single(await app.Mail.ToAsync(email));
        Assert.Equal("Set up your Pastoral authenticator again", mail.Subject);
        var link = await app.Mail.LinkToAsync(email);
        Assert.StartsWith("/account/set-password?token=", link);
        var page = await (await app.Client().GetAsync(link)).Content.ReadAsStringAsync();
        Assert.Contains("<svg", page);
        Assert.NotEqual(made.AuthenticatorKey, AccountsApp.ManualKey(page));
    }

    [Fact]
    public async Task A_school_administrator_sees_and_changes_only_their_own_schools_staff()
    {
        var (school1, school2) = (await app.SchoolIdAsync(0), await app.SchoolIdAsync(1));
        var schoolAdmin = await app.CreateAsync(Unique("sadmin"), Roles.Administrator, ScopeKind.Schools, school1);
        var mine = Unique("mine");
        var theirs = Unique("theirs");
        await app.CreateAsync(mine, Roles.Teacher, ScopeKind.Schools, school1);
        await app.CreateAsync(theirs, Roles.Teacher, ScopeKind.Schools, school2);
        var client = await app.SignInAsync(schoolAdmin.User.Email!, "a-long-enough-password", schoolAdmin.AuthenticatorKey);

        var list = await (await client.GetAsync("/admin/staff")).Content.ReadAsStringAsync();
        Assert.Contains(mine, list);
        Assert.DoesNotContain(theirs, list);
        Assert.DoesNotContain($"admin@{AppFixture.Domain}", list); // a trust-wide account is the trust's to manage
        var theirId = await UserIdAsync(theirs);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/admin/staff/{theirId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostRawAsync(client, $"/admin/staff/{theirId}?handler=Deactivate")).StatusCode);
        Assert.True(await app.WithDbAsync(db => db.Users.Where(u => u.Email == theirs).Select(u => u.IsActive).SingleAsync()));

        // Nor can they give anyone another school.
        var edit = await PostAsync(client, $"/admin/staff/{await UserIdAsync(mine)}", "Access", new()
        {
            ["Access.Roles"] = Roles.Teacher, ["Access.SchoolIds"] = school2.ToString(),
        });
        Assert.Equal(HttpStatusCode.BadRequest, edit.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.StaffScopes.AnyAsync(s => s.SchoolId == school2 && db.Users.Any(u => u.Id == s.UserId && u.Email == mine))));
    }

    private static async Task<HttpResponseMessage> PostRawAsync(HttpClient client, string path)
    {
        // A form from the admin's own pages: any antiforgery token of theirs will do.
        var html = await (await client.GetAsync("/admin/staff/invite")).Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        return await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token) }));
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string page, string csv, Dictionary<string, string>? fields = null)
    {
        var html = await (await client.GetAsync(page)).Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var form = new MultipartFormDataContent { { new StringContent(WebUtility.HtmlDecode(token)), "__RequestVerificationToken" } };
        foreach (var (k, v) in fields ?? []) form.Add(new StringContent(v), k);
        var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "Upload", "upload.csv");
        return await client.PostAsync(page, form);
    }

    [Fact]
    public async Task A_staff_csv_with_bad_lines_adds_nobody_and_names_each_line_then_a_good_one_invites_everyone()
    {
        var admin = await app.SignedInAsync("admin");
        var urn = await app.WithDbAsync(db => db.Schools.OrderBy(s => s.Id).Select(s => s.Urn).FirstAsync());
        var (a, b) = (Unique("csva"), Unique("csvb"));
        var bad = $"Email,Name,Roles,School,Scope,Years\n{a},Ann A,Teacher,{urn},school,\nnot-an-address,Bob B,Teacher,{urn},school,\n{b},Cat C,Wizard,{urn},year groups,7\n";
        var refused = await UploadAsync(admin, "/admin/staff/import", bad);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Line 3: Enter an e-mail address in the correct format", html);
        Assert.Contains("Line 4: &quot;Wizard&quot; is not a role", html);
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == a)));

        var good = $"Email,Name,Roles,School,Scope,Years\n{a},Ann A,Teacher,{urn},school,\n{b},Cat C,Head of year;Teacher,{urn},year groups,7;8\n";
        var preview = await (await UploadAsync(admin, "/admin/staff/import", good)).Content.ReadAsStringAsync();
        Assert.Contains("import-preview", preview);
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == a))); // nothing yet
        var pending = System.Text.RegularExpressions.Regex.Match(preview, "name=\"PendingId\" value=\"([^\"]+)\"").Groups[1].Value;
        var confirmed = await PostAsync(admin, "/admin/staff/import", "Confirm", new() { ["PendingId"] = pending });
        Assert.Contains("import-result", await confirmed.Content.ReadAsStringAsync());
        Assert.Equal(2, await app.WithDbAsync(db => db.Users.CountAsync(u => u.Email == a || u.Email == b)));
        Assert.Equal(2, await app.WithDbAsync(db => db.StaffScopes.CountAsync(s => s.Kind == ScopeKind.YearGroups && db.Users.Any(u => u.Id == s.UserId && u.Email == b))));
        Assert.Single(await app.Mail.ToAsync(b));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == AuditActions.Imported && a.Detail!.Contains("2 accounts"))));
    }

    [Fact]
    public async Task A_timetable_naming_an_unknown_teacher_or_pupil_is_refused_by_line_and_a_good_one_answers_who_teaches_whom()
    {
        var admin = await app.SignedInAsync("admin");
        var school = await app.SchoolIdAsync(0);
        var urn = await app.WithDbAsync(db => db.Schools.Where(s => s.Id == school).Select(s => s.Urn).SingleAsync());
        var upns = await app.WithDbAsync(db => db.Pupils.Where(p => p.SchoolId == school && p.OnRollTo == null).OrderBy(p => p.Id).Select(p => p.Upn).Take(2).ToListAsync());
        var teacher = $"teacher@{AppFixture.Domain}";
        var bad = $"Class,Subject,Teacher,UPN\n8X/Ma1,Maths,{teacher},{upns[0]}\n8X/Ma1,Maths,ghost@school.test,{upns[1]}\n8X/Ma1,Maths,{teacher},Z999999999999\n";
        var classes = await app.WithDbAsync(db => db.Set<TeachingGroup>().CountAsync()); // the demo's classes
        var refused = await (await UploadAsync(admin, "/admin/teaching-groups", bad, new() { ["School"] = urn })).Content.ReadAsStringAsync();
        Assert.Contains("Line 3: no active member of staff has the e-mail address ghost@school.test", refused);
        Assert.Contains("Line 4: no pupil on roll at this school has the UPN Z999999999999", refused);
        Assert.Equal(classes, await app.WithDbAsync(db => db.Set<TeachingGroup>().CountAsync()));

        var good = $"Class,Subject,Teacher,UPN\n8X/Ma1,Maths,{teacher},{upns[0]}\n8X/Ma1,Maths,{teacher},{upns[1]}\n";
        var preview = await (await UploadAsync(admin, "/admin/teaching-groups", good, new() { ["School"] = urn })).Content.ReadAsStringAsync();
        var pending = System.Text.RegularExpressions.Regex.Match(preview, "name=\"PendingId\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.Contains("import-result", await (await PostAsync(admin, "/admin/teaching-groups", "Confirm", new() { ["PendingId"] = pending })).Content.ReadAsStringAsync());

        var teacherId = await UserIdAsync(teacher);
        var pupil = await app.WithDbAsync(db => db.Pupils.Where(p => p.Upn == upns[0]).Select(p => p.Id).SingleAsync());
        var (teachers, taught) = await app.WithServicesAsync(async sp =>
        {
            var groups = sp.GetRequiredService<TeachingGroups>();
            return (await groups.TeachersOf(pupil).ToListAsync(), await groups.PupilsTaughtBy(teacherId).ToListAsync());
        });
        Assert.Equal([teacherId], teachers);
        Assert.Equal(2, taught.Count);
        Assert.Contains(pupil, taught);
    }

    /// <summary>The targets of the error summary's links, each asserted to be the id of an element on the page.</summary>
    private static List<string> ErrorLinksWithTargets(string html)
    {
        var summary = System.Text.RegularExpressions.Regex.Match(html, "<div[^>]*id=\"error-summary\"[\\s\\S]*?</div>").Value;
        var targets = System.Text.RegularExpressions.Regex.Matches(summary, "href=\"#([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(targets);
        Assert.All(targets, t => Assert.Contains($"id=\"{t}\"", html));
        return targets;
    }

    [Fact]
    public async Task Admin_caseload_changes_move_the_access_and_the_mentors_enrolment_together()
    {
        var admin = await app.SignedInAsync("admin");
        var (mentor, hoy8) = (await UserIdAsync($"mentor@{AppFixture.Domain}"), await UserIdAsync($"hoy8@{AppFixture.Domain}"));
        // A pupil outside Year 8 and on nobody's caseload: only a caseload can show them to these two.
        var pupil = await app.WithDbAsync(db => db.Pupils.Where(p => p.SchoolId == db.Schools.OrderBy(s => s.Id).First().Id && p.YearGroup!.NcYear == 10
            && !db.Caseloads.Any(c => c.PupilId == p.Id)).Select(p => new { p.Id, p.Upn, p.SchoolId }).FirstAsync());
        var today = await app.WithServicesAsync(sp => Task.FromResult(sp.GetRequiredService<SchoolClock>().Today()));
        // The mentor's caseload full, Robin's roomy: the capacity rule is the same here as on /mentoring/caseload.
        await app.WithServicesAsync(async sp =>
        {
            var (db, book) = (sp.GetRequiredService<Pastoral.Data.PastoralDbContext>(), sp.GetRequiredService<CaseloadBook>());
            foreach (var (who, places) in new[] { (mentor, await book.CountAsync(mentor, pupil.SchoolId, default)), (hoy8, MentorCapacity.Max) })
            {
                var row = await db.Set<MentorCapacity>().SingleOrDefaultAsync(c => c.StaffId == who && c.SchoolId == pupil.SchoolId);
                if (row is null) db.Add(new MentorCapacity { StaffId = who, SchoolId = pupil.SchoolId, Capacity = places });
                else row.Capacity = places;
            }
            return await db.SaveChangesAsync();
        });
        // The pupil's places in mentors' caseload provisions (a demo pupil may be in a group too).
        Task<List<(Guid? Mentor, DateOnly Start, DateOnly? End, string Reason)>> EnrolmentsAsync() => app.WithDbAsync(async db =>
            (await db.Set<Enrolment>().Where(e => e.PupilId == pupil.Id && e.Provision!.CaseloadOfStaffId != null).OrderBy(e => e.Id).Select(e => new { e.Provision!.CaseloadOfStaffId, e.StartOn, e.EndOn, e.Reason }).ToListAsync())
            .Select(e => (e.CaseloadOfStaffId, e.StartOn, e.EndOn, e.Reason)).ToList());

        var full = await PostAsync(admin, $"/admin/caseloads?mentor={mentor}", "Add", new() { ["Upns"] = pupil.Upn });
        Assert.Equal(HttpStatusCode.BadRequest, full.StatusCode);
        Assert.Contains("This caseload is full", WebUtility.HtmlDecode(await full.Content.ReadAsStringAsync()));
        Assert.False(await app.WithDbAsync(db => db.Caseloads.AnyAsync(c => c.PupilId == pupil.Id)));
        Assert.Empty(await EnrolmentsAsync());

        var added = await PostAsync(admin, $"/admin/caseloads?mentor={mentor}", "Add", new() { ["Upns"] = pupil.Upn, ["Reason"] = "Anxious since the move to Year 10", ["OverCapacity"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal([((Guid?)mentor, today, (DateOnly?)null, "Anxious since the move to Year 10")], await EnrolmentsAsync());
        var mentorClient = await app.SignedInAsync("mentor");
        Assert.Equal(HttpStatusCode.OK, (await mentorClient.GetAsync($"/pupils/{pupil.Id}")).StatusCode);

        // A refused move: its error summary links to the control it names, which is on the page.
        var same = await PostAsync(admin, $"/admin/caseloads?mentor={mentor}&pupil={pupil.Id}", "Move", new() { ["To"] = mentor.ToString() });
        Assert.Equal(HttpStatusCode.BadRequest, same.StatusCode);
        Assert.Equal([$"to-{pupil.Id}"], ErrorLinksWithTargets(await same.Content.ReadAsStringAsync()));

        var moved = await PostAsync(admin, $"/admin/caseloads?mentor={mentor}&pupil={pupil.Id}", "Move", new() { ["To"] = hoy8.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await mentorClient.GetAsync($"/pupils/{pupil.Id}")).StatusCode);
        var hoyClient = await app.SignedInAsync("hoy8");
        Assert.Equal(HttpStatusCode.OK, (await hoyClient.GetAsync($"/pupils/{pupil.Id}")).StatusCode);
        Assert.Contains(pupil.Upn, await (await admin.GetAsync($"/admin/caseloads?mentor={hoy8}")).Content.ReadAsStringAsync());
        Assert.Equal([((Guid?)mentor, today, (DateOnly?)today), (hoy8, today, null)], (await EnrolmentsAsync()).Select(e => (e.Mentor, e.Start, e.End)));

        // Back to the full caseload: refused for its capacity, the link goes to the button that moves over capacity.
        var back = await PostAsync(admin, $"/admin/caseloads?mentor={hoy8}&pupil={pupil.Id}", "Move", new() { ["To"] = mentor.ToString() });
        Assert.Equal(HttpStatusCode.BadRequest, back.StatusCode);
        var backPage = await back.Content.ReadAsStringAsync();
        Assert.Equal(["OverCapacity"], ErrorLinksWithTargets(backPage));
        Assert.Matches("<button[^>]*id=\"OverCapacity\"", backPage);

        var removed = await PostAsync(admin, $"/admin/caseloads?mentor={hoy8}&pupil={pupil.Id}", "Remove");
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await hoyClient.GetAsync($"/pupils/{pupil.Id}")).StatusCode);
        Assert.All(await EnrolmentsAsync(), e => Assert.Equal(today, e.End));

        var unknown = await PostAsync(admin, $"/admin/caseloads?mentor={mentor}", "Add", new() { ["Upns"] = "Z000000000000" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("No pupil you can see has the UPN Z000000000000", await unknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_personal_token_works_until_revoked_and_an_expired_one_never_works()
    {
        var email = Unique("tokens");
        await app.CreateAsync(email, Roles.Teacher, ScopeKind.Schools, await app.SchoolIdAsync(0));
        var client = await app.SignInAsync(email, "a-long-enough-password");
        var created = await (await PostAsync(client, "/account/tokens", "Create", new() { ["Name"] = "MIS script", ["Days"] = "30" })).Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(created, "id=\"token-value\">(pst_[^<]+)<").Groups[1].Value;
        Assert.Equal(HttpStatusCode.OK, (await app.Client(token).GetAsync("/api/v1/pupils")).StatusCode);

        var id = await app.WithDbAsync(db => db.ApiTokens.Where(t => t.Name == "MIS script" && db.Users.Any(u => u.Id == t.UserId && u.Email == email)).Select(t => t.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, $"/account/tokens?id={id}", "Revoke")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client(token).GetAsync("/api/v1/pupils")).StatusCode);

        var later = await (await PostAsync(client, "/account/tokens", "Create", new() { ["Name"] = "short-lived", ["Days"] = "30" })).Content.ReadAsStringAsync();
        var second = System.Text.RegularExpressions.Regex.Match(later, "id=\"token-value\">(pst_[^<]+)<").Groups[1].Value;
        await app.WithDbAsync(db => db.ApiTokens.Where(t => t.Name == "short-lived").ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, AppFixture.Start.UtcDateTime.AddDays(-1))));
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client(second).GetAsync("/api/v1/pupils")).StatusCode);
    }

    [Fact]
    public async Task Changing_the_password_needs_the_current_one_and_signs_out_every_other_browser()
    {
        var email = Unique("changer");
        await app.CreateAsync(email, Roles.Teacher, ScopeKind.Schools, await app.SchoolIdAsync(0));
        var other = await app.SignInAsync(email, "a-long-enough-password");
        var here = await app.SignInAsync(email, "a-long-enough-password");

        var wrong = await PostAsync(here, "/account/password", "", new() { ["Current"] = "not-my-password", ["Password"] = "a brand new password", ["Confirm"] = "a brand new password" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("Your current password is not right", await wrong.Content.ReadAsStringAsync());

        var changed = await PostAsync(here, "/account/password", "", new() { ["Current"] = "a-long-enough-password", ["Password"] = "a brand new password", ["Confirm"] = "a brand new password" });
        Assert.Contains("password-changed", await changed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/account")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await other.GetAsync("/account")).StatusCode);
        await app.SignInAsync(email, "a brand new password");
    }
}

public sealed class StaffAdminTests_Sqlite(SqliteAccountsApp app) : StaffAdminTests(app), IClassFixture<SqliteAccountsApp>;
public sealed class StaffAdminTests_Postgres(PostgresAccountsApp app) : StaffAdminTests(app), IClassFixture<PostgresAccountsApp>;
