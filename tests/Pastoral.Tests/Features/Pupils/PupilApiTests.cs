using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Pastoral.Cli;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Pupils;

public abstract class PupilApiTests(AppFixture app)
{
    private static string Row(string upn, string surname, string forename, string year = "8") => $"{upn},{surname},{forename},2013-05-01,F,{year}";

    private async Task<HttpClient> HeadAsync() => app.Client(await app.TokenForAsync("head"));
    private async Task<HttpClient> AdminAsync() => app.Client(await app.TokenForAsync("admin"));

    [Fact]
    public async Task List_pages_and_searches_and_every_item_has_id_and_upn()
    {
        var client = await HeadAsync();
        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/pupils?page=2&pageSize=25");
        Assert.Equal(await app.WithDbAsync(db => db.Pupils.CountAsync()), page.GetProperty("total").GetInt32());
        Assert.Equal(25, page.GetProperty("items").GetArrayLength());
        Assert.All(page.GetProperty("items").EnumerateArray(), p => Assert.Equal(13, p.GetProperty("upn").GetString()!.Length));
        var someone = page.GetProperty("items")[0];
        var surname = someone.GetProperty("legalSurname").GetString()!;
        var found = await client.GetFromJsonAsync<JsonElement>($"/api/v1/pupils?search={Uri.EscapeDataString(surname.ToUpperInvariant())}");
        Assert.Contains(found.GetProperty("items").EnumerateArray(), p => p.GetProperty("id").GetInt32() == someone.GetProperty("id").GetInt32());
    }

    [Theory]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=500", "pageSize")]
    [InlineData("page=0", "page")]
    [InlineData("flag=nonsense", "flag")]
    public async Task Bad_paging_gets_a_400_naming_the_field(string query, string field)
    {
        var response = await (await HeadAsync()).GetAsync($"/api/v1/pupils?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        // The name exactly, and only that one: a prefix match would let "page" pass for "pageSize".
        var errors = problem.GetProperty("errors").EnumerateObject().ToList();
        Assert.Equal(field, Assert.Single(errors).Name);
        Assert.StartsWith(field + " ", errors[0].Value[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/pupils?page=abc", "page")]
    [InlineData("/api/v1/pupils/1/timeline?before=yesterday-ish", "before")]
    public async Task A_value_that_does_not_parse_gets_a_400_naming_the_parameter(string url, string parameter)
    {
        var client = await HeadAsync();
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(parameter, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_pupil_is_found_by_id_and_by_upn_and_the_timeline_is_newest_first()
    {
        var client = await HeadAsync();
        var first = (await client.GetFromJsonAsync<JsonElement>("/api/v1/pupils?pageSize=1")).GetProperty("items")[0];
        var byUpn = await client.GetFromJsonAsync<JsonElement>($"/api/v1/pupils/{first.GetProperty("upn").GetString()!.ToLowerInvariant()}");
        Assert.Equal(first.GetProperty("id").GetInt32(), byUpn.GetProperty("id").GetInt32());
        Assert.True(byUpn.GetProperty("contacts").GetArrayLength() >= 1);
        var id = first.GetProperty("id").GetInt32();
        await app.WithDbAsync(async db =>
        {
            var pupil = await db.Pupils.SingleAsync(p => p.Id == id);
            pupil.YoungCarer = !pupil.YoungCarer;
            await db.SaveChangesAsync();
        });
        var timeline = await client.GetFromJsonAsync<JsonElement>($"/api/v1/pupils/{id}/timeline");
        var times = timeline.EnumerateArray().Select(e => e.GetProperty("at").GetDateTime()).ToList();
        Assert.True(times.Count >= 2);
        Assert.Equal(times.OrderByDescending(t => t), times);
        Assert.Contains("Young carer: No → Yes", timeline[0].GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/pupils/999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/pupils/not-a-upn")).StatusCode);
    }

    [Fact]
    public async Task Csv_import_creates_then_updates_by_upn_without_duplicates()
    {
        var client = await AdminAsync();
        var csv = CsvTestData.RequiredHeader + "\n" + Row("R674123101121", "Import", "Ivy", year: "9") + "\n";
        var first = await client.PostAsync("/api/v1/pupils/import", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(1, (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("created").GetInt32());
        var again = CsvTestData.RequiredHeader + "\n" + Row("R674123101121", "Imported", "Ivy", year: "10") + "\n";
        var second = await client.PostAsync("/api/v1/pupils/import", new StringContent(again, Encoding.UTF8, "text/csv"));
        Assert.Equal(1, (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("updated").GetInt32());
        var third = await client.PostAsync("/api/v1/pupils/import", new StringContent(again, Encoding.UTF8, "text/csv"));
        Assert.Equal(1, (await third.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("unchanged").GetInt32());
        var stored = await app.WithDbAsync(db => db.Pupils.Include(p => p.YearGroup).Where(p => p.Upn == "R674123101121").ToListAsync());
        Assert.Single(stored);
        Assert.Equal("Imported", stored[0].LegalSurname);
        Assert.Equal(10, stored[0].YearGroup!.NcYear);
    }

    [Fact]
    public async Task Moving_year_without_a_form_column_clears_the_old_years_form()
    {
        var (upn, year) = await app.WithDbAsync(async db =>
        {
            var p = await db.Pupils.Include(x => x.YearGroup).Where(x => x.FormId != null && x.YearGroup!.NcYear == 7).OrderBy(x => x.Id).FirstAsync();
            return (p.Upn, p.YearGroup!.NcYear);
        });
        var csv = CsvTestData.RequiredHeader + "\n" + $"{upn},Mover,Max,2014-01-01,M,{year + 1}" + "\n";
        var response = await (await AdminAsync()).PostAsync("/api/v1/pupils/import", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var moved = await app.WithDbAsync(db => db.Pupils.Include(x => x.YearGroup).SingleAsync(x => x.Upn == upn));
        Assert.Equal(year + 1, moved.YearGroup!.NcYear);
        Assert.Null(moved.FormId);
    }

    [Fact]
    public async Task A_bad_csv_is_refused_with_line_numbers_and_changes_nothing()
    {
        var admin = await AdminAsync();
        var before = await app.WithDbAsync(db => db.Pupils.CountAsync());
        var audit = await app.WithDbAsync(db => db.AuditEntries.CountAsync());
        var csv = CsvTestData.RequiredHeader + "\n" + Row("B801200005001", "Good", "Gail") + "\n" + Row("B801200005002", "Bad", "Bob") + "\n";
        var response = await admin.PostAsync("/api/v1/pupils/import", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("Line 3", body);
        Assert.Equal(before, await app.WithDbAsync(db => db.Pupils.CountAsync()));
        Assert.Equal(audit, await app.WithDbAsync(db => db.AuditEntries.CountAsync()));
    }

    [Fact]
    public async Task A_wrong_content_type_gets_a_400_that_says_so()
    {
        var response = await (await AdminAsync()).PostAsync("/api/v1/pupils/import", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("text/csv", await response.Content.ReadAsStringAsync());
    }

    private async Task<HttpResponseMessage> PostCsvAsync(string csv, string query = "", HttpClient? client = null) =>
        await (client ?? await AdminAsync()).PostAsync("/api/v1/pupils/import" + query, new StringContent(csv, Encoding.UTF8, "text/csv"));

    [Fact]
    public async Task A_header_with_a_million_unknown_columns_gets_one_short_message()
    {
        var header = new StringBuilder(CsvTestData.RequiredHeader);
        for (var i = 0; i < 1_000_000; i++) header.Append(",x").Append(i);
        var response = await PostCsvAsync(header + "\n");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(body.Length < 4_000, $"the answer is {body.Length:N0} characters");
        Assert.Contains("1,000,000 unknown columns", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Thousands_of_bad_rows_get_the_first_hundred_and_a_count_of_the_rest()
    {
        var csv = new StringBuilder(CsvTestData.RequiredHeader).Append('\n');
        for (var i = 0; i < 5_000; i++) csv.Append("A12345,Bad,Row,2013-05-01,F,8\n");
        var response = await PostCsvAsync(csv.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.Equal(ImportProblemListShown, errors.EnumerateObject().Where(e => e.Name != "more").Sum(e => e.Value.GetArrayLength()));
        Assert.Contains("4,900 more problems", errors.GetProperty("more")[0].GetString(), StringComparison.Ordinal);
    }

    private const int ImportProblemListShown = Pastoral.Features.Pupils.Import.ImportProblemList.Shown;

    [Theory]
    [InlineData("R900400001001", "900")]
    [InlineData("E000200005001", "000")]
    public async Task A_upn_whose_local_authority_number_is_not_one_is_refused(string upn, string la)
    {
        var before = await app.WithDbAsync(db => db.Pupils.CountAsync());
        var response = await PostCsvAsync(CsvTestData.RequiredHeader + "\n" + Row(upn, "Nowhere", "Nina") + "\n");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"has {la} as its local-authority number", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await app.WithDbAsync(db => db.Pupils.CountAsync()));
    }

    [Fact]
    public async Task Header_row_and_year_group_problems_are_all_reported_in_one_pass()
    {
        var csv = CsvTestData.RequiredHeader + ",Colour\n" + Row("A12345", "Bad", "Upn") + ",red\n" + Row("J801200005901", "Year", "Thirteen", year: "13") + ",blue\n";
        var response = await PostCsvAsync(csv);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var body = string.Join("\n", problem.GetProperty("errors").EnumerateObject().SelectMany(e => e.Value.EnumerateArray()).Select(m => m.GetString()));
        Assert.Contains("Unknown column: \"Colour\"", body, StringComparison.Ordinal);
        Assert.Contains("Line 2, UPN", body, StringComparison.Ordinal);
        Assert.Contains("Line 3, Year", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dry_run_says_what_would_happen_to_each_pupil_and_changes_nothing()
    {
        var admin = await AdminAsync();
        var before = await app.WithDbAsync(async db => (await db.Pupils.CountAsync(), await db.AuditEntries.CountAsync(), await db.Forms.CountAsync()));
        var csv = CsvTestData.RequiredHeader + ",Form\n" + Row("J801200005901", "Preview", "Polly") + ",8ZZ\n";
        var response = await PostCsvAsync(csv, "?dryRun=true", admin);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(result.GetProperty("applied").GetBoolean());
        Assert.Equal(1, result.GetProperty("created").GetInt32());
        var pupil = Assert.Single(result.GetProperty("pupils").EnumerateArray());
        Assert.Equal("New", pupil.GetProperty("action").GetString());
        Assert.Equal("8ZZ (Year 8)", Assert.Single(result.GetProperty("newForms").EnumerateArray()).GetString());
        Assert.Equal(before, await app.WithDbAsync(async db => (await db.Pupils.CountAsync(), await db.AuditEntries.CountAsync(), await db.Forms.CountAsync())));
    }

    [Fact]
    public async Task The_template_imports_as_it_is_for_the_administrator_and_its_examples_never_become_pupils()
    {
        var before = await app.WithDbAsync(db => db.Pupils.CountAsync());
        var response = await PostCsvAsync(Pastoral.Features.Pupils.Import.PupilCsvReader.TemplateFor(mayWriteChildProtection: false));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, result.GetProperty("created").GetInt32());
        Assert.Equal(2, result.GetProperty("skipped").GetArrayLength());
        Assert.Equal(before, await app.WithDbAsync(db => db.Pupils.CountAsync()));
    }

    [Fact]
    public async Task Ctf_import_on_the_command_line_reports_skipped_pupils_and_a_partial_file_changes_only_what_it_carries()
    {
        var school = await app.WithDbAsync(db => db.Schools.Select(s => s.Urn).SingleAsync());
        Assert.Equal(0, await PastoralCommandLine.RunAsync(app.CliArgs("import", "ctf", TestData.SamplePath("full.xml"), "--school", school)));
        // The one pupil partial.xml carries (it has no SEN block): the check must look at that pupil, not any LA 999 pupil.
        const string touched = "N999900114001";
        var before = await app.WithDbAsync(db => db.Pupils.Include(p => p.SenNeeds).AsNoTracking().SingleAsync(p => p.Upn == touched));
        Assert.NotEmpty(before.SenNeeds);
        Assert.Equal(0, await PastoralCommandLine.RunAsync(app.CliArgs("import", "ctf", TestData.SamplePath("partial.xml"), "--school", school)));
        var after = await app.WithDbAsync(db => db.Pupils.Include(p => p.SenNeeds).Include(p => p.Contacts).AsNoTracking().SingleAsync(p => p.Upn == touched));
        Assert.Equal("07700 900099", Assert.Single(after.Contacts).MobilePhone); // the file did reach this pupil
        Assert.Equal(before.SenNeeds.OrderBy(n => n.Rank).Select(n => n.Code), after.SenNeeds.OrderBy(n => n.Rank).Select(n => n.Code));
        Assert.Equal(before.SenProvision, after.SenProvision);
        Assert.Equal(1, await PastoralCommandLine.RunAsync(app.CliArgs("import", "ctf", "/no/such/file.xml")));
    }
}

public sealed class PupilApiTests_Sqlite(SqliteApp app) : PupilApiTests(app), IClassFixture<SqliteApp>;
public sealed class PupilApiTests_Postgres(PostgresApp app) : PupilApiTests(app), IClassFixture<PostgresApp>;
