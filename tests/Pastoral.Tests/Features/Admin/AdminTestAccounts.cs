using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Pastoral.Security;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Admin;

/// <summary>Accounts the admin tests need beyond the demo's: an administrator or DSL of one school only, signed in with an API token.</summary>
public static class AdminTestAccounts
{
    public static async Task<HttpClient> ClientForAsync(AppFixture app, string local, string role, ScopeKind scope, int schoolId)
    {
        var token = await app.WithServicesAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<StaffUser>>();
            var email = $"{local}@{AppFixture.Domain}";
            var user = await users.FindByEmailAsync(email);
            if (user is null)
            {
                user = (await sp.GetRequiredService<StaffAccounts>().CreateAsync(new NewStaff(email, $"{local} account", [role], scope, [schoolId], [],
                    StaffAccounts.GeneratePassword()))).User;
            }
            return (await sp.GetRequiredService<ApiTokens>().CreateAsync(user, "admin tests")).Token;
        });
        return app.Client(token);
    }

    /// <summary>The school ids in the order the demo made them (A, B).</summary>
    public static Task<List<int>> SchoolIdsAsync(AppFixture app) =>
        app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.Schools.OrderBy(s => s.Id).Select(s => s.Id)));

    /// <summary>A form page as a browser holds it: every field's current value (checked boxes, selected options), ready to post back later.</summary>
    public static async Task<Dictionary<string, string>> OpenFormAsync(HttpClient client, string path)
    {
        var get = await client.GetAsync(path);
        Assert.True(get.IsSuccessStatusCode, $"GET {path} gave {(int)get.StatusCode}");
        return FormFields(await get.Content.ReadAsStringAsync());
    }

    public static Dictionary<string, string> FormFields(string html)
    {
        static string? Attr(string tag, string name) =>
            System.Text.RegularExpressions.Regex.Match(tag, $"\\s{name}=\"([^\"]*)\"") is { Success: true } m ? System.Net.WebUtility.HtmlDecode(m.Groups[1].Value) : null;
        var fields = new Dictionary<string, string>();
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(html, "<input[^>]*>"))
        {
            var (name, type) = (Attr(m.Value, "name"), Attr(m.Value, "type"));
            if (name is null || type is "submit") continue;
            if (type is "checkbox" or "radio" && !m.Value.Contains(" checked", StringComparison.Ordinal)) continue;
            fields[name] = Attr(m.Value, "value") ?? "";
        }
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(html, "<select[^>]*>(.*?)</select>", System.Text.RegularExpressions.RegexOptions.Singleline))
        {
            var name = Attr(m.Value[..m.Value.IndexOf('>')], "name");
            var selected = System.Text.RegularExpressions.Regex.Match(m.Groups[1].Value, "<option[^>]*selected[^>]*>");
            if (name is not null && selected.Success) fields[name] = Attr(selected.Value, "value") ?? "";
        }
        return fields;
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, Dictionary<string, string> form, Dictionary<string, string> fields)
    {
        var all = new Dictionary<string, string>(form);
        foreach (var (k, v) in fields) all[k] = v;
        return client.PostAsync(path, new FormUrlEncodedContent(all));
    }
}
