using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Detentions.Pages;

/// <summary>
/// <c>/admin/behaviour/detentions/parents</c>: whether the school tells parents automatically when a detention is set (for the types
/// that tell parents), and how. Saved by <see cref="DetentionParents.SaveSettingAsync"/> (audited, versioned); a stale save is a 409
/// showing the other person's setting beside this person's, the form rebased on theirs. Only the schools where the person sees every
/// pupil (<see cref="Rules.RuleBook.SchoolsFor"/>); any other school is a 404.
/// </summary>
[Authorize(Policy = nameof(BehaviourModule.ManageBehaviour))]
public sealed class ParentsModel(PastoralDbContext db, CurrentStaff current, DetentionParents parents) : PageModel
{
    public sealed record ConflictRow(string Label, string Theirs, string Yours);

    [BindProperty] public bool Tell { get; set; }
    [BindProperty] public bool ByEmail { get; set; }
    [BindProperty] public bool ByLetter { get; set; }
    [BindProperty] public Dictionary<string, string?> Started { get; set; } = [];
    public List<TypesModel.Choice> Schools { get; private set; } = [];
    public TypesModel.Choice School { get; private set; } = null!;
    public DetentionParentNotice Setting { get; private set; } = null!;
    public List<string> TypesTelling { get; private set; } = [];
    public Dictionary<string, string> Problems { get; } = [];
    public List<ConflictRow>? Conflict { get; private set; }
    public bool Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? school, bool done, CancellationToken ct)
    {
        if (!await LoadAsync(school, ct)) return NotFound();
        Show(DetentionParents.Fields(Setting));
        Done = done;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? school, CancellationToken ct)
    {
        if (!await LoadAsync(school, ct)) return NotFound();
        var submitted = new Dictionary<string, string?> { ["tell"] = Word(Tell), ["email"] = Word(ByEmail), ["letter"] = Word(ByLetter) };
        var staff = await current.GetAsync(ct);
        switch (await parents.SaveSettingAsync(staff.Name, School.Id, Started, submitted, ct))
        {
            case NoticeSave.Invalid invalid:
                Problems[invalid.Field] = invalid.Message;
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            case NoticeSave.Conflict conflict:
                Setting = conflict.Current;
                var theirs = DetentionParents.Fields(conflict.Current);
                Conflict = [.. conflict.Theirs.Select(k => new ConflictRow(Label(k), Yes(theirs[k]), Yes(submitted[k])))];
                Show(conflict.Merged);
                Started = theirs;
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
            default:
                return Redirect($"/admin/behaviour/detentions/parents?school={School.Id}&done=true");
        }
    }

    private void Show(IReadOnlyDictionary<string, string?> values)
    {
        (Tell, ByEmail, ByLetter) = (values["tell"] == "true", values["email"] == "true", values["letter"] == "true");
        Started = DetentionParents.Fields(Setting);
    }

    private static string Word(bool b) => b ? "true" : "false";
    private static string Yes(string? v) => v == "true" ? "Yes" : "No";

    public static string Label(string key) => key switch
    {
        "tell" => "Tell parents automatically", "email" => "By e-mail", _ => "By printed letter where there is no e-mail address",
    };

    private async Task<bool> LoadAsync(int? school, CancellationToken ct)
    {
        var reach = Rules.RuleBook.SchoolsFor(await current.GetAsync(ct));
        Schools = await db.Schools.AsNoTracking().Where(s => reach.Contains(s.Id)).OrderBy(s => s.Name).Select(s => new TypesModel.Choice(s.Id, s.Name)).ToListAsync(ct);
        var chosen = school is null ? Schools.FirstOrDefault() : Schools.FirstOrDefault(s => s.Id == school);
        if (chosen is null) return false;
        School = chosen;
        Setting = await parents.SettingAsync(School.Id, ct);
        TypesTelling = await db.Set<DetentionType>().AsNoTracking().Where(t => t.SchoolId == School.Id && t.Active && t.ParentsTold)
            .OrderBy(t => t.Name).Select(t => t.Name).ToListAsync(ct);
        return true;
    }
}
