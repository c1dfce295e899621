using System.Net;
using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Schools;
using Pastoral.Security;
using Pastoral.Tests.Features.Pupils;
using Pastoral.Tests.Infrastructure;
using static Pastoral.Tests.Features.Admin.AdminTestAccounts;

namespace Pastoral.Tests.Features.Admin;

/// <summary>School set-up pages: every bad input is a form message with nothing saved; two administrators see each other's saves; reach is the school.</summary>
public abstract class SchoolSetUpTests(AppFixture app)
{
    private async Task<(HttpClient Admin, int A, int B)> AdminAsync()
    {
        var ids = await SchoolIdsAsync(app);
        return (app.Client(await app.TokenForAsync("admin")), ids[0], ids[1]);
    }

    private Task<int> AuditCountAsync(int school, string what) =>
        app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.SchoolId == school && a.EntityType == what));

    private static async Task<string> BadRequestAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {html[..Math.Min(html.Length, 400)]}");
        Assert.Contains("id=\"error-summary\"", html, StringComparison.Ordinal);
        return WebUtility.HtmlDecode(html);
    }

    [Theory]
    [InlineData("12345", "4001", "999", "Enter the URN as 6 digits")]
    [InlineData("99000X", "4001", "999", "Enter the URN as 6 digits")]
    [InlineData("990000", "4001", "999", "Another school already has URN 990000")]
    [InlineData("990055", "401", "999", "Enter the establishment number as 4 digits")]
    [InlineData("990055", "4001", "000", "000 is not a local authority number")]
    public async Task Bad_school_details_are_refused_with_a_message_and_nothing_saved(string urn, string estab, string la, string message)
    {
        var (admin, _, b) = await AdminAsync();
        var before = await app.WithDbAsync(db => db.Schools.AsNoTracking().SingleAsync(s => s.Id == b));
        var audits = await AuditCountAsync(b, "SchoolDetails");
        var form = await OpenFormAsync(admin, $"/admin/school/{b}");
        var response = await PostAsync(admin, $"/admin/school/{b}", form, new()
        {
            ["Input.Name"] = "Renamed Academy", ["Input.Urn"] = urn, ["Input.LaNumber"] = la, ["Input.EstablishmentNumber"] = estab, ["Input.Phase"] = "Secondary",
        });
        Assert.Contains(message, await BadRequestAsync(response), StringComparison.Ordinal);
        var after = await app.WithDbAsync(db => db.Schools.AsNoTracking().SingleAsync(s => s.Id == b));
        Assert.Equal((before.Name, before.Urn, before.Version), (after.Name, after.Urn, after.Version));
        Assert.Equal(audits, await AuditCountAsync(b, "SchoolDetails"));
    }

    [Fact]
    public async Task Details_saved_by_two_admins_both_stand_after_the_second_sees_the_first()
    {
        var (admin, _, b) = await AdminAsync();
        var other = await ClientForAsync(app, "trustadmin2", Roles.Administrator, ScopeKind.Schools, b);
        var mine = await OpenFormAsync(admin, $"/admin/school/{b}");
        var theirs = await OpenFormAsync(other, $"/admin/school/{b}");
        var school = await app.WithDbAsync(db => db.Schools.AsNoTracking().SingleAsync(s => s.Id == b));
        var values = new Dictionary<string, string>
        {
            ["Input.Name"] = school.Name, ["Input.Urn"] = school.Urn, ["Input.LaNumber"] = school.LaNumber,
            ["Input.EstablishmentNumber"] = school.EstablishmentNumber, ["Input.Phase"] = school.Phase.ToString(),
        };
        var first = await PostAsync(other, $"/admin/school/{b}", theirs, new(values) { ["Input.Name"] = "Hartwell Academy North" });
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var second = await PostAsync(admin, $"/admin/school/{b}", mine, new(values) { ["Input.EstablishmentNumber"] = "4321" });
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var html = WebUtility.HtmlDecode(await second.Content.ReadAsStringAsync());
        Assert.Contains("trustadmin2 account saved changes here while you were editing", html, StringComparison.Ordinal);
        Assert.Contains("School name: Hartwell Academy North", html, StringComparison.Ordinal);
        Assert.Contains("Establishment number: 4321", html, StringComparison.Ordinal);
        Assert.Equal("4001", (await app.WithDbAsync(db => db.Schools.AsNoTracking().SingleAsync(s => s.Id == b))).EstablishmentNumber);
        // The form now starts from theirs with mine on top: saving it keeps both.
        var rebased = await OpenFormFromAsync(second);
        var again = await PostAsync(admin, $"/admin/school/{b}", rebased, new(values) { ["Input.Name"] = "Hartwell Academy North", ["Input.EstablishmentNumber"] = "4321" });
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        var saved = await app.WithDbAsync(db => db.Schools.AsNoTracking().SingleAsync(s => s.Id == b));
        Assert.Equal(("Hartwell Academy North", "4321"), (saved.Name, saved.EstablishmentNumber));
        await app.WithDbAsync(db => db.Schools.Where(s => s.Id == b).ExecuteUpdateAsync(s => s.SetProperty(x => x.Name, school.Name).SetProperty(x => x.EstablishmentNumber, school.EstablishmentNumber)));
    }

    private static async Task<Dictionary<string, string>> OpenFormFromAsync(HttpResponseMessage response) => FormFields(await response.Content.ReadAsStringAsync());

    [Theory]
    [InlineData("Period 1", "09:00", "10:00", "Period 2", "09:50", "10:50", "Period 2 (09:50–10:50) overlaps Period 1 (09:00–10:00)")]
    [InlineData("Period 1", "09:00", "10:00", "period 1", "10:00", "11:00", "There are two periods called Period 1")]
    [InlineData("Period 1", "10:00", "09:00", "Period 2", "11:00", "12:00", "Period 1 must end after it starts")]
    [InlineData("Period 1", "9am", "10:00", "Period 2", "11:00", "12:00", "Period 1: enter the start time")]
    public async Task Bad_periods_are_refused_and_nothing_saved(string n1, string s1, string e1, string n2, string s2, string e2, string message)
    {
        var (admin, a, _) = await AdminAsync();
        var before = await app.WithDbAsync(db => db.Set<SchoolPeriod>().CountAsync(p => p.SchoolId == a));
        var form = await OpenFormAsync(admin, $"/admin/school/{a}/periods");
        var rows = new Dictionary<string, string>();
        for (var i = 0; i < before; i++) rows[$"Rows[{i}].Remove"] = "true";
        (rows[$"Rows[{before}].Name"], rows[$"Rows[{before}].StartsAt"], rows[$"Rows[{before}].EndsAt"]) = (n1, s1, e1);
        (rows[$"Rows[{before + 1}].Name"], rows[$"Rows[{before + 1}].StartsAt"], rows[$"Rows[{before + 1}].EndsAt"]) = (n2, s2, e2);
        Assert.Contains(message, await BadRequestAsync(await PostAsync(admin, $"/admin/school/{a}/periods", form, rows)), StringComparison.Ordinal);
        Assert.Equal(before, await app.WithDbAsync(db => db.Set<SchoolPeriod>().CountAsync(p => p.SchoolId == a)));
    }

    [Fact]
    public async Task Periods_save_whole_and_audited_and_the_second_editor_sees_the_first()
    {
        var (admin, a, _) = await AdminAsync();
        var other = await ClientForAsync(app, "schooladmin.a", Roles.Administrator, ScopeKind.Schools, a);
        var mine = await OpenFormAsync(admin, $"/admin/school/{a}/periods");
        var theirs = await OpenFormAsync(other, $"/admin/school/{a}/periods");
        var count = await app.WithDbAsync(db => db.Set<SchoolPeriod>().CountAsync(p => p.SchoolId == a));
        var audits = await AuditCountAsync(a, "SchoolPeriods");
        var first = await PostAsync(other, $"/admin/school/{a}/periods", theirs, new() { [$"Rows[{count}].Name"] = "Period 6", [$"Rows[{count}].StartsAt"] = "15:05", [$"Rows[{count}].EndsAt"] = "16:00" });
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.True(audits + 1 == await AuditCountAsync(a, "SchoolPeriods"), string.Join("\n", await app.WithDbAsync(db => db.AuditEntries.OrderByDescending(x => x.Id).Take(5).Select(x => x.Action + " " + x.EntityType + " " + x.SchoolId + " " + x.Detail).ToListAsync())));
        var second = await PostAsync(admin, $"/admin/school/{a}/periods", mine, new() { [$"Rows[{count}].Name"] = "Twilight", [$"Rows[{count}].StartsAt"] = "15:30", [$"Rows[{count}].EndsAt"] = "16:30" });
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var html = WebUtility.HtmlDecode(await second.Content.ReadAsStringAsync());
        Assert.Contains("schooladmin.a account saved changes here while you were editing", html, StringComparison.Ordinal);
        Assert.Contains("Period 6 15:05–16:00", html, StringComparison.Ordinal);
        Assert.Contains("Twilight 15:30–16:30", html, StringComparison.Ordinal);
        var names = await app.WithDbAsync(db => db.Set<SchoolPeriod>().Where(p => p.SchoolId == a).Select(p => p.Name).ToListAsync());
        Assert.Contains("Period 6", names);
        Assert.DoesNotContain("Twilight", names);
    }

    [Fact]
    public async Task Bad_calendars_are_refused_and_nothing_saved()
    {
        var (admin, a, _) = await AdminAsync();
        var year = await app.WithDbAsync(db => db.AcademicYears.AsNoTracking().Include(y => y.Terms).Include(y => y.ClosureDays).SingleAsync(y => y.SchoolId == a));
        async Task<string> PostWith(Dictionary<string, string> change)
        {
            var form = await OpenFormAsync(admin, $"/admin/school/{a}/calendar");
            var autumn = year.Terms.OrderBy(t => t.StartsOn).First();
            var values = new Dictionary<string, string>
            {
                ["Input.StartsOn"] = $"{year.StartsOn:yyyy-MM-dd}", ["Input.EndsOn"] = $"{year.EndsOn:yyyy-MM-dd}",
            };
            var i = 0;
            foreach (var t in year.Terms.OrderBy(t => t.StartsOn))
            {
                values[$"Input.Terms[{i}].StartsOn"] = $"{t.StartsOn:yyyy-MM-dd}";
                values[$"Input.Terms[{i}].EndsOn"] = $"{t.EndsOn:yyyy-MM-dd}";
                values[$"Input.Terms[{i++}].SecondHalfStartsOn"] = $"{t.SecondHalfStartsOn:yyyy-MM-dd}";
            }
            i = 0;
            foreach (var c in year.ClosureDays.OrderBy(c => c.Date)) { values[$"Input.Closures[{i}].Date"] = $"{c.Date:yyyy-MM-dd}"; values[$"Input.Closures[{i++}].Reason"] = c.Reason; }
            foreach (var (k, v) in change) values[k.Replace("{next}", i.ToString())] = v;
            return await BadRequestAsync(await PostAsync(admin, $"/admin/school/{a}/calendar", form, values));
        }
        Assert.Contains("The autumn term must end after it starts", await PostWith(new() { ["Input.Terms[0].EndsOn"] = $"{year.StartsOn.AddDays(-5):yyyy-MM-dd}" }), StringComparison.Ordinal);
        var outside = year.EndsOn.AddDays(10);
        Assert.Contains($"Closure day {outside:ddd d MMM yyyy} is outside the academic year", await PostWith(new() { ["Input.Closures[{next}].Date"] = $"{outside:yyyy-MM-dd}", ["Input.Closures[{next}].Reason"] = "INSET day" }), StringComparison.Ordinal);
        Assert.Contains("enter why the school is closed", await PostWith(new() { ["Input.Closures[{next}].Date"] = $"{year.EndsOn.AddDays(-3):yyyy-MM-dd}" }), StringComparison.Ordinal);
        Assert.Contains("The academic year must end after it starts", await PostWith(new() { ["Input.EndsOn"] = $"{year.StartsOn.AddDays(-1):yyyy-MM-dd}" }), StringComparison.Ordinal);
        var after = await app.WithDbAsync(db => db.AcademicYears.AsNoTracking().Include(y => y.Terms).Include(y => y.ClosureDays).SingleAsync(y => y.SchoolId == a));
        Assert.Equal(year.ClosureDays.Count, after.ClosureDays.Count);
        Assert.Equal(year.Terms.Select(t => t.EndsOn).Order(), after.Terms.Select(t => t.EndsOn).Order());
        Assert.Equal(year.EndsOn, after.EndsOn);
    }

    [Fact]
    public async Task Two_location_names_swapped_in_one_save_are_saved()
    {
        var (admin, a, _) = await AdminAsync();
        var form = await OpenFormAsync(admin, $"/admin/school/{a}/locations");
        var names = form.Where(f => f.Key.StartsWith("Rows[", StringComparison.Ordinal) && f.Key.EndsWith("].Name", StringComparison.Ordinal)
                        && f.Value.Length > 0).OrderBy(f => f.Key, StringComparer.Ordinal).Take(2).ToList();
        Assert.Equal(2, names.Count);
        var response = await PostAsync(admin, $"/admin/school/{a}/locations", form,
            new() { [names[0].Key] = names[1].Value, [names[1].Key] = names[0].Value });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var saved = await app.WithDbAsync(db => db.Set<Location>().AsNoTracking().Where(l => l.SchoolId == a).Select(l => l.Name).ToListAsync());
        Assert.Contains(names[0].Value, saved);
        Assert.Contains(names[1].Value, saved);
        Assert.DoesNotContain(saved, n => n.StartsWith('\u0001'));
    }

    [Fact]
    public async Task Duplicate_location_and_form_names_are_refused()
    {
        var (admin, a, _) = await AdminAsync();
        var locations = await app.WithDbAsync(db => db.Set<Location>().CountAsync(l => l.SchoolId == a));
        var form = await OpenFormAsync(admin, $"/admin/school/{a}/locations");
        var html = await BadRequestAsync(await PostAsync(admin, $"/admin/school/{a}/locations", form, new() { [$"Rows[{locations}].Name"] = "library", [$"Rows[{locations}].Kind"] = "Room" }));
        Assert.Contains("There are two locations called", html, StringComparison.Ordinal);
        Assert.Equal(locations, await app.WithDbAsync(db => db.Set<Location>().CountAsync(l => l.SchoolId == a)));

        var years = await app.WithDbAsync(db => db.YearGroups.AsNoTracking().Include(y => y.Forms).Where(y => y.SchoolId == a).OrderBy(y => y.NcYear).ToListAsync());
        var formsPage = await OpenFormAsync(admin, $"/admin/school/{a}/forms");
        var values = new Dictionary<string, string>();
        for (var y = 0; y < years.Count; y++)
        {
            values[$"Years[{y}].Name"] = years[y].Name;
            var forms = years[y].Forms.OrderBy(f => f.Name).ToList();
            for (var f = 0; f < forms.Count; f++) values[$"Years[{y}].Forms[{f}].Name"] = forms[f].Name;
        }
        values[$"Years[1].Forms[{years[1].Forms.Count}].Name"] = years[0].Forms[0].Name;
        Assert.Contains($"There are two forms called {years[0].Forms[0].Name}", (await BadRequestAsync(await PostAsync(admin, $"/admin/school/{a}/forms", formsPage, values))).Split("error-summary")[1][..600], StringComparison.Ordinal);
        Assert.Equal(years.Sum(y => y.Forms.Count), await app.WithDbAsync(db => db.Forms.CountAsync(f => f.YearGroup!.SchoolId == a)));
        // A form with pupils cannot be removed: they would lose their form.
        values.Remove($"Years[1].Forms[{years[1].Forms.Count}].Name");
        var first = years[0].Forms.OrderBy(f => f.Name).First();
        values[$"Years[0].Forms[0].Id"] = first.Id.ToString();
        values["Years[0].Forms[0].Remove"] = "true";
        var withPupils = await app.WithDbAsync(db => db.Pupils.CountAsync(p => p.FormId == first.Id && p.OnRollTo == null));
        Assert.True(withPupils > 0);
        Assert.Contains($"{first.Name} has {withPupils} pupils: move them to another form before removing it",
            await BadRequestAsync(await PostAsync(admin, $"/admin/school/{a}/forms", await OpenFormAsync(admin, $"/admin/school/{a}/forms"), values)), StringComparison.Ordinal);
        Assert.True(await app.WithDbAsync(db => db.Forms.AnyAsync(f => f.Id == first.Id)));
    }

    [Fact]
    public async Task A_school_administrator_sets_up_their_school_only()
    {
        var (_, a, b) = await AdminAsync();
        var schoolAdmin = await ClientForAsync(app, "schooladmin.b", Roles.Administrator, ScopeKind.Schools, b);
        Assert.Equal(HttpStatusCode.OK, (await schoolAdmin.GetAsync($"/admin/school/{b}/periods")).StatusCode);
        foreach (var path in new[] { "", "/periods", "/locations", "/forms", "/calendar", "/rollover" })
            Assert.Equal(HttpStatusCode.NotFound, (await schoolAdmin.GetAsync($"/admin/school/{a}{path}")).StatusCode);
        var list = await schoolAdmin.GetStringAsync("/admin/school");
        Assert.Contains($"/admin/school/{b}\"", list, StringComparison.Ordinal);
        Assert.DoesNotContain($"/admin/school/{a}\"", list, StringComparison.Ordinal);
        var teacher = app.Client(await app.TokenForAsync("teacher"));
        Assert.Equal(HttpStatusCode.Forbidden, (await teacher.GetAsync($"/admin/school/{a}")).StatusCode);
    }
}

public sealed class SchoolSetUpTests_Sqlite(TwoSchoolSqliteApp app) : SchoolSetUpTests(app), IClassFixture<TwoSchoolSqliteApp>;
public sealed class SchoolSetUpTests_Postgres(TwoSchoolPostgresApp app) : SchoolSetUpTests(app), IClassFixture<TwoSchoolPostgresApp>;
