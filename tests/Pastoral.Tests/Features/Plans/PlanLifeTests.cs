using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Plans;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Security;
using Pastoral.Tests.Documents;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Plans;

/// <summary>A plan's life through the pages: read and understood, reviews, two editors, comparison, timeline, print; and plan types as data.</summary>
public abstract partial class PlanLifeTests(AppFixture app)
{
    private static readonly string NextMonth = DateOnly.FromDateTime(AppFixture.Start.UtcDateTime).AddMonths(1).ToString("yyyy-MM-dd");

    private Task<int> Year8PupilAsync(int skip) => app.WithDbAsync(db => db.Pupils.Where(p => p.YearGroup!.NcYear == 8)
        .OrderByDescending(p => p.Id).Skip(skip).Select(p => p.Id).FirstAsync());

    private async Task<JsonElement> CreateAsync(int pupil, object body)
    {
        var response = await app.Client(await app.TokenForAsync("senco")).PostAsJsonAsync($"/api/v1/pupils/{pupil}/plans", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static object Behaviour(string status, string triggers = "Noise") => new
    {
        type = "behaviour-plan", title = "Behaviour plan", reviewDate = NextMonth, status,
        sections = new Dictionary<string, object>
        {
            ["triggers"] = new Dictionary<string, string> { ["triggers"] = triggers },
            ["what-helps"] = new Dictionary<string, string> { ["what-helps"] = "A quiet word" },
        },
    };

    [Fact]
    public async Task An_active_behaviour_plan_asks_the_head_of_year_to_read_it_and_shows_who_has_not()
    {
        var pupil = await Year8PupilAsync(0);
        var plan = (await CreateAsync(pupil, Behaviour("active"))).GetProperty("id").GetInt32();
        var hoy8 = await app.WithDbAsync(db => db.Users.Where(u => u.Email == $"hoy8@{AppFixture.Domain}").Select(u => u.Id).SingleAsync());
        var debug = await app.WithDbAsync(async db => string.Join(",", await db.Set<PlanRead>().Where(r => r.PlanId == plan).Select(r => r.StaffName).ToListAsync())
            + " / " + string.Join(",", await db.Set<Pastoral.Features.Admin.Responsibilities.StaffResponsibility>().Select(r => r.Kind + ":" + r.YearGroupId).ToListAsync())
            + " / " + await db.Set<Plan>().Where(p => p.Id == plan).Select(p => p.Status + ":" + p.ReadNumber).SingleAsync());
        Assert.True(await app.WithDbAsync(db => db.Set<PlanRead>().AnyAsync(r => r.PlanId == plan && r.StaffId == hoy8 && r.ConfirmedAt == null)), debug);
        Assert.True(await app.WithDbAsync(db => db.Set<StaffNotification>().AnyAsync(n => n.StaffId == hoy8 && n.Kind == "plan-read" && n.Link == $"/pupils/{pupil}/plans/{plan}")));

        var client = await app.SignedInAsync("hoy8");
        var page = await client.GetStringAsync($"/pupils/{pupil}/plans/{plan}");
        Assert.Contains("Not yet read</span> <span>Robin Year-Eight", page);
        Assert.Contains("I have read and understood this plan", page);
        Assert.Contains("not yet read by everyone asked", await client.GetStringAsync("/")); // the head of year's My day panel
        var confirm = await WebSignIn.PostFormAsync(client, $"/pupils/{pupil}/plans/{plan}?handler=Read", []);
        Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
        page = await client.GetStringAsync($"/pupils/{pupil}/plans/{plan}");
        Assert.Contains("Read</span> <span>Robin Year-Eight", page);
        Assert.DoesNotContain("I have read and understood this plan", page);
        Assert.Contains("read and understood by Robin Year-Eight", await client.GetStringAsync($"/api/v1/pupils/{pupil}/timeline"));

        // A type that does not ask for it (the passport) asks no one.
        var passport = (await CreateAsync(pupil, PlanApiTests.Passport())).GetProperty("id").GetInt32();
        await SetStatusAsync("senco", pupil, passport, "active");
        Assert.False(await app.WithDbAsync(db => db.Set<PlanRead>().AnyAsync(r => r.PlanId == passport)));
    }

    [Fact]
    public async Task The_review_job_moves_a_plan_whose_review_date_has_come_and_tells_the_owner()
    {
        var pupil = await Year8PupilAsync(1);
        var plan = (await CreateAsync(pupil, Behaviour("active"))).GetProperty("id").GetInt32();
        var later = await app.WithDbAsync(async db =>
        {
            await db.Set<Plan>().Where(p => p.Id == plan).ExecuteUpdateAsync(s => s.SetProperty(p => p.ReviewDate, DateOnly.FromDateTime(AppFixture.Start.UtcDateTime)));
            return 0;
        });
        var moved = await app.WithServicesAsync(sp => ActivatorUtilities.CreateInstance<PlanReviewJob>(sp).MoveDueAsync(null, default));
        Assert.True(moved >= 1);
        var saved = await app.WithDbAsync(db => db.Set<Plan>().AsNoTracking().SingleAsync(p => p.Id == plan));
        Assert.Equal(PlanStatus.ReviewDue, saved.Status);
        Assert.True(await app.WithDbAsync(db => db.Set<StaffNotification>().AnyAsync(n => n.StaffId == saved.OwnerId && n.Kind == "plan-review-due" && n.Link == $"/pupils/{pupil}/plans/{plan}")));
        Assert.Equal(0, await app.WithServicesAsync(sp => ActivatorUtilities.CreateInstance<PlanReviewJob>(sp).MoveDueAsync(null, default)));
        var page = WebUtility.HtmlDecode(await (await app.SignedInAsync("senco")).GetStringAsync($"/pupils/{pupil}/plans/{plan}"));
        Assert.Contains("id=\"review-due\"", page);
        Assert.Contains("Status: Active → Review due", page);
    }

    [Fact]
    public async Task The_second_editor_sees_both_versions_and_chooses_per_section_and_nothing_is_overwritten()
    {
        var pupil = await Year8PupilAsync(2);
        var plan = (await CreateAsync(pupil, Behaviour("draft", "Noise"))).GetProperty("id").GetInt32();
        var senco = await app.SignedInAsync("senco");
        var hoy8 = await app.SignedInAsync("hoy8");
        var edit = $"/pupils/{pupil}/plans/{plan}/edit";
        var form = Fields(await hoy8.GetStringAsync(edit)); // hoy8 opens the form first
        // senco saves a change to Triggers and to What to avoid.
        var sencoForm = Fields(await senco.GetStringAsync(edit));
        sencoForm["Input.Values[triggers.triggers]"] = "Noise; crowded corridors";
        sencoForm["Input.Values[what-to-avoid.what-to-avoid]"] = "Shouting";
        Assert.Equal(HttpStatusCode.Redirect, (await WebSignIn.PostFormAsync(senco, edit, sencoForm)).StatusCode);
        // hoy8 saves from the stale form: Triggers (both changed) and What helps (only theirs).
        form["Input.Values[triggers.triggers]"] = "Supply teachers";
        form["Input.Values[what-helps.what-helps]"] = "A quiet word; time out card";
        var clash = await WebSignIn.PostFormAsync(hoy8, edit, new(form));
        Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);
        var html = WebUtility.HtmlDecode(await clash.Content.ReadAsStringAsync());
        Assert.Contains("Sol Senco saved changes to this plan while you were editing", html);
        Assert.Contains("Noise; crowded corridors", html);
        Assert.Contains("you both changed it: choose below", html);
        Assert.Equal("Noise; crowded corridors", await TriggersAsync(plan)); // nothing of hoy8's saved yet
        // The rebased form: What to avoid is senco's, What helps is hoy8's; hoy8 must choose for Triggers.
        var rebased = Fields(html);
        Assert.Equal("Shouting", rebased["Input.Values[what-to-avoid.what-to-avoid]"]);
        Assert.Equal("A quiet word; time out card", rebased["Input.Values[what-helps.what-helps]"]);
        var unchosen = await WebSignIn.PostFormAsync(hoy8, edit, new(rebased));
        Assert.Equal(HttpStatusCode.BadRequest, unchosen.StatusCode);
        Assert.Contains("Choose whether to keep their \"Triggers\" or yours", WebUtility.HtmlDecode(await unchosen.Content.ReadAsStringAsync()));
        rebased["Input.Keep[triggers]"] = "theirs";
        Assert.Equal(HttpStatusCode.Redirect, (await WebSignIn.PostFormAsync(hoy8, edit, rebased)).StatusCode);
        var content = PlanContent.Parse(await app.WithDbAsync(db => db.Set<Plan>().Where(p => p.Id == plan).Select(p => p.ContentJson).SingleAsync()));
        Assert.Equal("Noise; crowded corridors", content.Get("triggers", "triggers")!.Text);
        Assert.Equal("Shouting", content.Get("what-to-avoid", "what-to-avoid")!.Text);
        Assert.Equal("A quiet word; time out card", content.Get("what-helps", "what-helps")!.Text);

        // The comparison of versions 1 and 3 marks the changed fields in words.
        var compare = WebUtility.HtmlDecode(await senco.GetStringAsync($"/pupils/{pupil}/plans/{plan}/compare?from=1&to=3"));
        Assert.Contains("Triggers — changed", compare);
        Assert.Contains("Early signs — no change", compare);
        Assert.Contains("<span class=\"badge text-bg-dark ms-1\">Changed</span>", compare);
        var hoy7 = await app.SignedInAsync("hoy7");
        Assert.Equal(HttpStatusCode.NotFound, (await hoy7.GetAsync($"/pupils/{pupil}/plans/{plan}/compare?from=1&to=3")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await hoy7.GetAsync($"/pupils/{pupil}/plans/{plan}")).StatusCode);
    }

    [Fact]
    public async Task A_plan_type_with_two_sections_of_one_name_is_refused_and_an_edited_type_keeps_old_plans_readable()
    {
        var (school, admin) = await app.WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<PastoralDbContext>();
            var id = await db.Users.Where(u => u.Email == $"admin@{AppFixture.Domain}").Select(u => u.Id).SingleAsync();
            return (await db.Schools.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync(), (await CurrentStaff.LoadAsync(db, id, app.Clock))!);
        });
        var section = (string name) => new PlanSection(PlanKeys.From(name), name, [new PlanField("notes", "Notes", FieldKind.Text)]);
        var before = await app.WithDbAsync(db => db.Set<PlanType>().CountAsync());
        var refused = await Assert.ThrowsAsync<PlanTypeException>(() => app.WithServicesAsync(sp => sp.GetRequiredService<PlanTypes>()
            .SaveSchoolTypeAsync(admin, school, null, null, new PlanTypeFile("", "Reading catch-up plan", "", false, false, [section("Targets"), section("targets ")]))));
        Assert.Contains(refused.Problems, p => p.Message == "Two sections are called \"targets\": give each section its own name");
        Assert.Equal(before, await app.WithDbAsync(db => db.Set<PlanType>().CountAsync()));

        var type = await app.WithServicesAsync(sp => sp.GetRequiredService<PlanTypes>()
            .SaveSchoolTypeAsync(admin, school, null, null, new PlanTypeFile("", "Reading catch-up plan", "Agreed with the family", false, false, [section("Targets")])));
        var pupil = await Year8PupilAsync(3);
        var plan = (await CreateAsync(pupil, new
        {
            type = "reading-catch-up-plan", title = "Autumn", reviewDate = NextMonth,
            sections = new Dictionary<string, object> { ["targets"] = new Dictionary<string, string> { ["notes"] = "95% by half-term" } },
        })).GetProperty("id").GetInt32();
        await app.WithServicesAsync(sp => sp.GetRequiredService<PlanTypes>().SaveSchoolTypeAsync(admin, school, type.Id, type.Version,
            new PlanTypeFile("", "Reading catch-up plan", "", false, false, [new PlanSection("goals", "Goals", [new PlanField("goal", "Goal", FieldKind.Text)])])));
        var page = WebUtility.HtmlDecode(await (await app.SignedInAsync("senco")).GetStringAsync($"/pupils/{pupil}/plans/{plan}"));
        Assert.Contains("95% by half-term", page); // still read against the definition it was written with
        Assert.Contains(">Targets</h2>", page);
    }

    [Fact]
    public async Task A_full_demo_passport_prints_on_one_page_and_every_plan_prints()
    {
        var passport = await app.WithDbAsync(db => db.Set<Plan>().AsNoTracking().Where(p => p.Type!.Key == "pupil-passport").OrderBy(p => p.Id).FirstAsync());
        var (pupil, plan) = (passport.PupilId, passport.Id);
        var client = await app.SignedInAsync("senco");
        var pdf = await client.GetByteArrayAsync($"/pupils/{pupil}/plans/{plan}/print.pdf");
        Assert.Equal(1, await PdfText.PagesAsync(pdf));
        Assert.Contains("How best to support me", await PdfText.OfAsync(pdf));
        var assessment = await app.WithDbAsync(db => db.Set<Plan>().AsNoTracking().Where(p => p.Type!.Key == "risk-assessment").OrderBy(p => p.Id).FirstAsync());
        var risk = (assessment.PupilId, assessment.Id);
        var text = await PdfText.OfAsync(await client.GetByteArrayAsync($"/pupils/{risk.Item1}/plans/{risk.Item2}/print.pdf"));
        // likelihood × severity, computed and in words: 4 × 3 = 12 (medium) before, 2 × 2 = 4 (low) after
        Assert.Contains("(medium)", text, StringComparison.Ordinal);
        Assert.Contains("(low)", text, StringComparison.Ordinal); // likelihood 4 × severity 3, computed and in words
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.SignedInAsync("hoy7")).GetAsync($"/pupils/{risk.Item1}/plans/{risk.Item2}/print.pdf")).StatusCode);
    }

    private async Task SetStatusAsync(string local, int pupil, int plan, string to)
    {
        var client = await app.SignedInAsync(local);
        var page = await client.GetStringAsync($"/pupils/{pupil}/plans/{plan}");
        var version = Regex.Match(page, "name=\"Version\" value=\"(\\d+)\"").Groups[1].Value;
        Assert.Equal(HttpStatusCode.Redirect, (await WebSignIn.PostFormAsync(client, $"/pupils/{pupil}/plans/{plan}?handler=Status", new() { ["Version"] = version, ["to"] = to })).StatusCode);
    }

    private Task<string?> TriggersAsync(int plan) => app.WithDbAsync(async db =>
        PlanContent.Parse(await db.Set<Plan>().Where(p => p.Id == plan).Select(p => p.ContentJson).SingleAsync()).Get("triggers", "triggers")?.Text);

    /// <summary>The form's fields as a browser would post them (inputs, textareas, selected options).</summary>
    private static Dictionary<string, string> Fields(string html)
    {
        html = WebUtility.HtmlDecode(html);
        var fields = new Dictionary<string, string>();
        foreach (Match m in InputField().Matches(html))
            if (!m.Value.Contains("type=\"radio\"", StringComparison.Ordinal) && !m.Value.Contains("type=\"submit\"", StringComparison.Ordinal))
                fields[m.Groups["name"].Value] = m.Groups["value"].Value;
        foreach (Match m in TextArea().Matches(html)) fields[m.Groups["name"].Value] = m.Groups["value"].Value;
        foreach (Match m in Select().Matches(html))
            fields[m.Groups["name"].Value] = SelectedOption().Match(m.Groups["body"].Value) is { Success: true } o ? o.Groups["value"].Value : "";
        fields.Remove("__RequestVerificationToken");
        return fields;
    }

    [GeneratedRegex("<input[^>]*name=\"(?<name>[^\"]+)\"[^>]*value=\"(?<value>[^\"]*)\"[^>]*>")]
    private static partial Regex InputField();
    [GeneratedRegex("<textarea[^>]*name=\"(?<name>[^\"]+)\"[^>]*>(?<value>[^<]*)</textarea>")]
    private static partial Regex TextArea();
    [GeneratedRegex("<select[^>]*name=\"(?<name>[^\"]+)\"[^>]*>(?<body>.*?)</select>", RegexOptions.Singleline)]
    private static partial Regex Select();
    [GeneratedRegex("<option value=\"(?<value>[^\"]*)\" selected=\"selected\"")]
    private static partial Regex SelectedOption();
}

public sealed class PlanLifeTests_Sqlite(SqliteApp app) : PlanLifeTests(app), IClassFixture<SqliteApp>;
public sealed class PlanLifeTests_Postgres(PostgresApp app) : PlanLifeTests(app), IClassFixture<PostgresApp>;

/// <summary>The plan types administration page: a school's own type from rows of sections and fields, without code.</summary>
public sealed class PlanTypeAdminTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task A_senco_adds_a_type_with_a_risk_table_and_two_sections_of_one_name_save_nothing()
    {
        var senco = await app.SignedInAsync("senco");
        var school = await app.WithDbAsync(db => db.Schools.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync());
        var form = new Dictionary<string, string>
        {
            ["Input.SchoolId"] = school.ToString(), ["Input.Name"] = "Home-school agreement", ["Input.Description"] = "Agreed with parents",
            ["Input.Sections[0].Name"] = "Agreements", ["Input.Sections[0].Required"] = "true", ["Input.Sections[0].Writer"] = "staff",
            ["Input.Sections[1].Name"] = "agreements", ["Input.Sections[1].Writer"] = "parentVoice",
            ["Input.Fields[0].Section"] = "1", ["Input.Fields[0].Label"] = "What we agree", ["Input.Fields[0].Kind"] = "text",
            ["Input.Fields[1].Section"] = "2", ["Input.Fields[1].Label"] = "Risks", ["Input.Fields[1].Kind"] = "table",
            ["Input.Fields[1].Options"] = "Risk (text)\nLikelihood (rating 1-5)\nSeverity (rating 1-5)\nScore (likelihood × severity)",
        };
        var before = await app.WithDbAsync(db => db.Set<PlanType>().CountAsync());
        var refused = await WebSignIn.PostFormAsync(senco, "/admin/plan-types/edit", new(form));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Two sections are called \"agreements\": give each section its own name", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        Assert.Equal(before, await app.WithDbAsync(db => db.Set<PlanType>().CountAsync()));

        form["Input.Sections[1].Name"] = "Parent's view";
        Assert.Equal(HttpStatusCode.Redirect, (await WebSignIn.PostFormAsync(senco, "/admin/plan-types/edit", new(form))).StatusCode);
        var type = await app.WithDbAsync(db => db.Set<PlanType>().SingleAsync(t => t.Name == "Home-school agreement"));
        var definition = await app.WithServicesAsync(sp => sp.GetRequiredService<PlanTypes>().DefinitionAsync(type.CurrentDefinitionId, default));
        var table = definition.Sections[1].Fields[0];
        Assert.Equal(FieldKind.Table, table.Kind);
        Assert.Equal(["likelihood", "severity"], table.Columns![3].Of!);
        Assert.Equal(SectionWriter.ParentVoice, definition.Sections[1].Writer);
        Assert.Contains("Home-school agreement", await senco.GetStringAsync("/admin/plan-types"));
        // Administration opens for a SENCO with the one section they may use, and no other.
        var admin = await senco.GetStringAsync("/admin");
        Assert.Contains("/admin/plan-types", admin, StringComparison.Ordinal);
        Assert.DoesNotContain("/admin/staff", admin, StringComparison.Ordinal);
        // A teacher may not manage plan types.
        Assert.Equal(HttpStatusCode.Redirect, (await (await app.SignedInAsync("teacher")).GetAsync("/admin/plan-types")).StatusCode is var s && s is HttpStatusCode.Redirect or HttpStatusCode.Forbidden ? HttpStatusCode.Redirect : s);
    }
}
