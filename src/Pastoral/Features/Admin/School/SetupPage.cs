using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Data;
using Pastoral.Features.Schools;
using Pastoral.Security;

namespace Pastoral.Features.Admin.SchoolSetUp;

using School = Pastoral.Features.Schools.School;

/// <summary>What every school set-up page shares: the school in reach (else 404), its problems and its conflict.</summary>
[Authorize(Policy = Policies.ManageSchools)]
public abstract partial class SetupPage(PastoralDbContext db, CurrentStaff current) : PageModel
{
    protected PastoralDbContext Db => db;
    public School School { get; private set; } = null!;
    public List<SetupProblem> Problems { get; } = [];
    public SetupConflict? Conflict { get; protected set; }
    /// <summary>Which tab of the set-up this page is.</summary>
    public abstract string Area { get; }

    protected async Task<IActionResult?> LoadSchoolAsync(int id, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var school = await SchoolAdmin.FindAsync(db, staff, id, ct);
        if (school is null) return NotFound();
        School = school;
        return null;
    }

    /// <summary>Shows the form again with its problems: a 400, nothing saved.</summary>
    protected IActionResult Invalid(IEnumerable<SetupProblem> problems)
    {
        Problems.AddRange(problems);
        Response.StatusCode = 400;
        return Page();
    }

    public string? ErrorFor(string field) => Problems.FirstOrDefault(p => p.Field == field)?.Message;

    public static string FieldId(string field) => "f-" + NotWord().Replace(field, "-").Trim('-');

    [GeneratedRegex("[^A-Za-z0-9]+")] private static partial Regex NotWord();
}
