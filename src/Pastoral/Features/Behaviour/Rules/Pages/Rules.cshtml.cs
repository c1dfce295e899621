using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Rules.Pages;

/// <summary>Administration → Behaviour rules: the school's rules, how often each has fired, a form to add one, and each rule's number and on/off.</summary>
[Authorize(Policy = nameof(BehaviourModule.ManageBehaviour))]
public sealed class RulesModel(PastoralDbContext db, CurrentStaff current, RuleBook book) : PageModel
{
    public sealed record RuleRow(int Id, string School, RuleTrigger Trigger, int Threshold, RuleAction Action, bool Active, int Version, int Firings);
    public IReadOnlyList<RuleRow> Rules { get; private set; } = [];
    public IReadOnlyList<(int Id, string Name)> Schools { get; private set; } = [];
    public Dictionary<string, string> Problems { get; private set; } = [];
    public string? Message { get; private set; }
    public int? ProblemRuleId { get; private set; }

    [BindProperty] public int? SchoolId { get; set; }
    [BindProperty] public string? Trigger { get; set; }
    [BindProperty] public string? Threshold { get; set; }
    [BindProperty] public string? Action { get; set; }

    public async Task OnGetAsync(string? done, CancellationToken ct)
    {
        Message = done switch { "added" => "Rule added.", "changed" => "Rule saved.", _ => null };
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        int? n = int.TryParse(Threshold, out var t) ? t : null;
        var (rule, problems) = await book.AddAsync(staff, new RuleInput(SchoolId, Trigger, n, Action), ct);
        if (rule is not null) return Redirect("/admin/behaviour/rules?done=added");
        Problems = problems;
        if (!string.IsNullOrWhiteSpace(Threshold) && n is null) Problems["Threshold"] = "Enter how many as a whole number, for example 3";
        Response.StatusCode = 400;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostChangeAsync(int id, int version, string? threshold, bool active, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var (found, stale, problem) = await book.ChangeAsync(staff, id, version, int.TryParse(threshold, out var t) ? t : null, active, ct);
        if (!found) return NotFound();
        if (problem is null && !stale) return Redirect("/admin/behaviour/rules?done=changed");
        Response.StatusCode = stale ? 409 : 400;
        Message = stale ? "Someone else changed this rule while you were looking: here it is as they saved it. Make your change again." : null;
        ProblemRuleId = id;
        if (problem is not null) Problems[$"threshold-{id}"] = problem;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var schools = RuleBook.SchoolsFor(staff);
        Schools = [.. (await db.Schools.AsNoTracking().Where(s => schools.Contains(s.Id)).OrderBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync(ct)).Select(s => (s.Id, s.Name))];
        Rules = await db.Set<BehaviourRule>().AsNoTracking().Where(r => schools.Contains(r.SchoolId))
            .OrderBy(r => r.SchoolId).ThenBy(r => r.Trigger).ThenBy(r => r.Threshold)
            .Select(r => new RuleRow(r.Id, db.Schools.Where(s => s.Id == r.SchoolId).Select(s => s.Name).First(), r.Trigger, r.Threshold, r.Action, r.Active, r.Version,
                db.Set<BehaviourRuleFiring>().Count(f => f.RuleId == r.Id)))
            .ToListAsync(ct);
    }
}
