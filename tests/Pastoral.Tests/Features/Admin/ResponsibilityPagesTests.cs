using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pastoral.Data;
using Pastoral.Features.Admin.Responsibilities;
using Pastoral.Infrastructure.Demo;
using Pastoral.Security;
using Pastoral.Tests.Infrastructure;
using static Pastoral.Tests.Features.Admin.AdminTestAccounts;

namespace Pastoral.Tests.Features.Admin;

/// <summary>
/// Who is responsible for whom, changed through the pages (the responsibilities page and the set-up forms page) and read back
/// through the service every capability asks (<see cref="Responsibilities"/>): added, removed, refused, audited.
/// </summary>
public abstract class ResponsibilityPagesTests(ResponsibilityPagesApp app)
{
    private sealed record Place(int School, int OtherSchool, int Year, string YearName, int Form, string FormName, int OtherForm, int Pupil);

    private async Task<Place> PlaceAsync()
    {
        var ids = await SchoolIdsAsync(app);
        return await app.WithDbAsync(async db =>
        {
            var pupil = await db.Pupils.Where(p => p.SchoolId == ids[0] && p.FormId != null && p.OnRollTo == null).OrderBy(p => p.Id)
                .Select(p => new { p.Id, Year = p.YearGroupId!.Value, YearName = p.YearGroup!.Name, Form = p.FormId!.Value, FormName = p.Form!.Name }).FirstAsync();
            var other = await db.Forms.Where(f => f.YearGroup!.SchoolId == ids[1]).Select(f => f.Id).FirstAsync();
            return new Place(ids[0], ids[1], pupil.Year, pupil.YearName, pupil.Form, pupil.FormName, other, pupil.Id);
        });
    }

    /// <summary>A new account with a scope in one school (made fresh, so what the demo gave nobody else is in the way).</summary>
    private Task<(Guid Id, string Name)> StaffAsync(string local, int school, bool active = true) => app.WithServicesAsync(async sp =>
    {
        var name = $"{char.ToUpperInvariant(local[0])}{local[1..]} {Guid.NewGuid().ToString("N")[..5]}";
        var user = (await sp.GetRequiredService<StaffAccounts>().CreateAsync(new NewStaff($"{local}-{Guid.NewGuid():N}@{AppFixture.Domain}", name,
            [Roles.PastoralStaff], ScopeKind.Schools, [school], [], StaffAccounts.GeneratePassword()))).User;
        if (!active)
        {
            var db = sp.GetRequiredService<PastoralDbContext>();
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsActive, false));
        }
        return (user.Id, name);
    });

    private Task<T> AskAsync<T>(Func<Responsibilities, Task<T>> ask) =>
        app.WithServicesAsync(sp => ask(sp.GetRequiredService<Responsibilities>()));

    private static async Task<HttpResponseMessage> PostPageAsync(HttpClient admin, string handler, Dictionary<string, string> fields)
    {
        var form = await OpenFormAsync(admin, "/admin/responsibilities");
        var token = new Dictionary<string, string> { ["__RequestVerificationToken"] = form["__RequestVerificationToken"] };
        return await PostAsync(admin, $"/admin/responsibilities?handler={handler}", token, fields);
    }

    private Task<int> RowsAsync() => app.WithDbAsync(db => db.Set<StaffResponsibility>().CountAsync());

    [Fact]
    public async Task Heads_of_year_officers_tutors_and_line_managers_added_and_removed_on_the_page_change_what_capabilities_read()
    {
        var at = await PlaceAsync();
        var admin = await ClientForAsync(app, "resp-admin", Roles.Administrator, ScopeKind.Schools, at.School);
        var head = await StaffAsync("head", at.School);
        var officer = await StaffAsync("officer", at.School);
        var tutor = await StaffAsync("tutor", at.School);

        Assert.Equal(HttpStatusCode.Redirect, (await PostPageAsync(admin, "Add", new() { ["Kind"] = "HeadOfYear", ["Target"] = $"y{at.Year}", ["StaffId"] = $"{head.Id}" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostPageAsync(admin, "Add", new() { ["Kind"] = "PastoralOfficer", ["Target"] = $"y{at.Year}", ["StaffId"] = $"{officer.Id}" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostPageAsync(admin, "Add", new() { ["Kind"] = "Tutor", ["Target"] = $"f{at.Form}", ["StaffId"] = $"{tutor.Id}" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostPageAsync(admin, "LineManager", new() { ["ForStaffId"] = $"{officer.Id}", ["ManagerId"] = $"{head.Id}" })).StatusCode);

        Assert.Contains(head.Id, await AskAsync(r => r.OfYearGroup(at.Year, ResponsibilityKind.HeadOfYear).ToListAsync()));
        Assert.Contains(officer.Id, await AskAsync(r => r.OfYearGroup(at.Year, ResponsibilityKind.PastoralOfficer).ToListAsync()));
        Assert.DoesNotContain(officer.Id, await AskAsync(r => r.OfYearGroup(at.Year, ResponsibilityKind.HeadOfYear).ToListAsync()));
        Assert.Contains(tutor.Id, await AskAsync(r => r.TutorsOf(at.Form).ToListAsync()));
        Assert.Equal(head.Id, await AskAsync(r => r.LineManagerOfAsync(officer.Id)));
        var forPupil = await AskAsync(r => r.ForPupilAsync(at.Pupil));
        Assert.Contains(new ResponsibleStaff(head.Id, head.Name, $"Head of year of {at.YearName}"), forPupil);
        Assert.Contains(new ResponsibleStaff(officer.Id, officer.Name, $"Pastoral officer of {at.YearName}"), forPupil);
        Assert.Contains(new ResponsibleStaff(tutor.Id, tutor.Name, $"Tutor of {at.FormName}"), forPupil);
        var page = WebUtility.HtmlDecode(await (await admin.GetAsync("/admin/responsibilities")).Content.ReadAsStringAsync());
        Assert.Contains($"Remove {tutor.Name}", page, StringComparison.Ordinal);

        var audit = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.EntityType == nameof(StaffResponsibility)).Select(e => new { e.Action, e.Detail }).ToListAsync());
        Assert.Contains(audit, e => e.Action == "Created" && e.Detail == $"{head.Name}: Head of year of {at.YearName}");
        Assert.Contains(audit, e => e.Action == "Created" && e.Detail == $"{tutor.Name}: Tutor of {at.FormName}");
        Assert.Contains(audit, e => e.Action == "Updated" && e.Detail == $"{officer.Name}: line manager {head.Name}");

        // Removed: the head of year on the page's Remove button, the line manager by choosing none.
        var headRow = await app.WithDbAsync(db => db.Set<StaffResponsibility>().Where(r => r.StaffId == head.Id && r.Kind == ResponsibilityKind.HeadOfYear).Select(r => r.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await PostPageAsync(admin, $"Remove&id={headRow}", [])).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostPageAsync(admin, "LineManager", new() { ["ForStaffId"] = $"{officer.Id}", ["ManagerId"] = "" })).StatusCode);
        Assert.DoesNotContain(head.Id, await AskAsync(r => r.OfYearGroup(at.Year, ResponsibilityKind.HeadOfYear).ToListAsync()));
        Assert.DoesNotContain(await AskAsync(r => r.ForPupilAsync(at.Pupil)), s => s.StaffId == head.Id);
        Assert.Null(await AskAsync(r => r.LineManagerOfAsync(officer.Id)));
        Assert.Contains(officer.Id, await AskAsync(r => r.OfYearGroup(at.Year, ResponsibilityKind.PastoralOfficer).ToListAsync()));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.EntityType == nameof(StaffResponsibility) && e.Action == "Deleted" && e.EntityId == headRow.ToString())));
    }

    [Fact]
    public async Task Staff_of_another_school_an_inactive_account_or_another_schools_form_are_refused_with_nothing_saved()
    {
        var at = await PlaceAsync();
        var admin = await ClientForAsync(app, "resp-admin", Roles.Administrator, ScopeKind.Schools, at.School);
        var elsewhere = await StaffAsync("elsewhere", at.OtherSchool);
        var gone = await StaffAsync("gone", at.School, active: false);
        var here = await StaffAsync("here", at.School);
        var rows = await RowsAsync();
        var audits = await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.EntityType == nameof(StaffResponsibility)));

        async Task Refused(string handler, Dictionary<string, string> fields, string message)
        {
            var response = await PostPageAsync(admin, handler, fields);
            var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(message, html, StringComparison.Ordinal);
            Assert.Contains("There is a problem", html, StringComparison.Ordinal);
        }
        await Refused("Add", new() { ["Kind"] = "HeadOfYear", ["Target"] = $"y{at.Year}", ["StaffId"] = $"{elsewhere.Id}" }, "Choose a member of staff from the list.");
        await Refused("Add", new() { ["Kind"] = "Tutor", ["Target"] = $"f{at.Form}", ["StaffId"] = $"{gone.Id}" }, "Choose a member of staff from the list.");
        await Refused("Add", new() { ["Kind"] = "Tutor", ["Target"] = $"f{at.OtherForm}", ["StaffId"] = $"{here.Id}" }, "Choose a form for a tutor.");
        await Refused("LineManager", new() { ["ForStaffId"] = $"{here.Id}", ["ManagerId"] = $"{gone.Id}" }, "Choose a line manager from the list.");
        await Refused("LineManager", new() { ["ForStaffId"] = $"{elsewhere.Id}", ["ManagerId"] = $"{here.Id}" }, "Choose a member of staff from the list.");
        Assert.Equal(rows, await RowsAsync());
        Assert.Equal(audits, await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.EntityType == nameof(StaffResponsibility))));
        Assert.DoesNotContain(gone.Id, await AskAsync(r => r.TutorsOf(at.Form).ToListAsync()));
    }

    [Fact]
    public async Task A_forms_tutor_is_chosen_from_the_schools_staff_on_the_set_up_page_and_is_the_tutor_everyone_reads()
    {
        var at = await PlaceAsync();
        var admin = await ClientForAsync(app, "resp-admin", Roles.Administrator, ScopeKind.Schools, at.School);
        var tutor = await StaffAsync("formtutor", at.School);
        var elsewhere = await StaffAsync("elsewhere", at.OtherSchool);
        var path = $"/admin/school/{at.School}/forms";
        var form = await OpenFormAsync(admin, path);
        var key = form.Single(kv => kv.Key.EndsWith("].Id", StringComparison.Ordinal) && kv.Key.Contains(".Forms[", StringComparison.Ordinal) && kv.Value == $"{at.Form}").Key;
        var tutorField = key.Replace("].Id", "].Tutor", StringComparison.Ordinal);
        var page = await (await admin.GetAsync(path)).Content.ReadAsStringAsync();
        Assert.Contains($"<option value=\"{tutor.Id}\">", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"{elsewhere.Id}", page, StringComparison.Ordinal); // only this school's staff are offered

        var refused = await PostAsync(admin, path, form, new() { [tutorField] = $"{elsewhere.Id}" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains($"{at.FormName}: choose the tutor from this school's staff", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.DoesNotContain(elsewhere.Id, await AskAsync(r => r.TutorsOf(at.Form).ToListAsync()));

        var saved = await PostAsync(admin, path, form, new() { [tutorField] = $"{tutor.Id}" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains(tutor.Id, await AskAsync(r => r.TutorsOf(at.Form).ToListAsync()));
        Assert.Contains(new ResponsibleStaff(tutor.Id, tutor.Name, $"Tutor of {at.FormName}"), await AskAsync(r => r.ForPupilAsync(at.Pupil)));
        var reopened = await OpenFormAsync(admin, path);
        Assert.Equal($"{tutor.Id}", reopened[tutorField]);
        var audit = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.EntityType == "SchoolForms" && e.SchoolId == at.School)
            .OrderByDescending(e => e.Id).Select(e => e.Detail).FirstAsync());
        Assert.Contains($"{at.FormName} (tutor {tutor.Name})", audit, StringComparison.Ordinal);

        // "No tutor" takes them off the form again.
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(admin, path, reopened, new() { [tutorField] = "" })).StatusCode);
        Assert.DoesNotContain(tutor.Id, await AskAsync(r => r.TutorsOf(at.Form).ToListAsync()));
    }
}

public abstract class ResponsibilityPagesApp(DatabaseProvider provider) : AppFixture(provider)
{
    protected override DemoSize Size => new(2, 60);
}

public sealed class ResponsibilityPagesSqliteApp() : ResponsibilityPagesApp(DatabaseProvider.Sqlite);
public sealed class ResponsibilityPagesPostgresApp() : ResponsibilityPagesApp(DatabaseProvider.Postgres);
public sealed class ResponsibilityPagesTests_Sqlite(ResponsibilityPagesSqliteApp app) : ResponsibilityPagesTests(app), IClassFixture<ResponsibilityPagesSqliteApp>;
public sealed class ResponsibilityPagesTests_Postgres(ResponsibilityPagesPostgresApp app) : ResponsibilityPagesTests(app), IClassFixture<ResponsibilityPagesPostgresApp>;
