using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Platform;

/// <summary>The command line as an operator runs it: a separate process, its output and exit code.</summary>
public abstract class CliTests(AppFixture app)
{
    private async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "pastoral.dll"));
        foreach (var a in app.CliArgs(args)) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output, await error);
    }

    [Fact]
    public async Task Users_token_prints_a_working_token_as_its_last_line()
    {
        var (code, output, _) = await RunAsync("users", "token", $"senco@{AppFixture.Domain}", "--name", "cli-test");
        Assert.Equal(0, code);
        var token = output.Trim().Split('\n')[^1].Trim();
        Assert.StartsWith("pst_", token);
        Assert.Equal(HttpStatusCode.OK, (await app.Client(token).GetAsync("/api/v1/pupils")).StatusCode);
    }

    [Fact]
    public async Task Users_list_json_names_each_account_with_roles_and_schools()
    {
        var (code, output, _) = await RunAsync("users", "list", "--json");
        Assert.Equal(0, code);
        var users = JsonDocument.Parse(output).RootElement.EnumerateArray().ToList();
        var dsl = users.Single(u => u.GetProperty("email").GetString() == $"dsl@{AppFixture.Domain}");
        Assert.Equal(["Dsl"], dsl.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!));
        Assert.Single(dsl.GetProperty("schools").EnumerateArray());
    }

    [Fact]
    public async Task Users_add_with_two_scopes_lists_both_and_sees_the_union()
    {
        var (code, _, error) = await RunAsync("users", "add", $"two.scopes@{AppFixture.Domain}", "--name", "Two Scopes", "--role", "PastoralStaff",
            "--scope", "yeargroups", "--scope", "caseload", "--year", "9", "--password", "correct-horse-battery");
        Assert.True(code == 0, error);
        var (_, output, _) = await RunAsync("users", "list", "--json");
        var user = JsonDocument.Parse(output).RootElement.EnumerateArray().Single(u => u.GetProperty("email").GetString() == $"two.scopes@{AppFixture.Domain}");
        Assert.Equal(["YearGroups", "Caseload"], user.GetProperty("scopes").EnumerateArray().Select(s => s.GetProperty("kind").GetString()!));
        Assert.Equal(9, user.GetProperty("scopes")[0].GetProperty("year").GetInt32());
        var (_, text, _) = await RunAsync("users", "list");
        Assert.Contains("year 9 at", text.Split('\n').Single(l => l.Contains($"two.scopes@{AppFixture.Domain}")));
    }

    [Fact]
    public async Task Bad_input_gives_a_message_and_a_non_zero_exit_never_a_stack_trace()
    {
        foreach (var args in new[]
                 {
                     new[] { "users", "add", "x@example.org", "--name", "X", "--role", "Wizard" },
                     ["users", "token", "nobody@example.org", "--name", "t"],
                     ["import", "pupils", "/no/such/roster.csv"],
                     ["demo"],
                 })
        {
            var (code, output, error) = await RunAsync(args);
            Assert.NotEqual(0, code);
            Assert.Contains("error:", error);
            Assert.DoesNotContain("   at ", output + error);
        }
    }
}

public sealed class CliTests_Sqlite(SqliteApp app) : CliTests(app), IClassFixture<SqliteApp>;
public sealed class CliTests_Postgres(PostgresApp app) : CliTests(app), IClassFixture<PostgresApp>;
