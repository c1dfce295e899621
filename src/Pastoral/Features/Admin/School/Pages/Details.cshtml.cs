using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Features.Schools;
using Pastoral.Security;

namespace Pastoral.Features.Admin.SchoolSetUp.Pages;

using School = Pastoral.Features.Schools.School;

/// <summary>
/// The school's details. Field by field, as the pupil edit page: only the fields this person changed are written, so if
/// someone saved first their values stay, the form starts from theirs with this person's changes on top, and both are shown.
/// </summary>
public sealed class DetailsModel(PastoralDbContext db, CurrentStaff current) : SetupPage(db, current)
{
    public override string Area => "details";
    public const string What = "SchoolDetails";

    [BindProperty] public DetailsInput Input { get; set; } = new();
    [BindProperty] public DetailsInput Started { get; set; } = new();
    [BindProperty] public int Version { get; set; }
    public bool Saved { get; private set; }

    public IEnumerable<(string Number, string Name)> Authorities =>
        LocalAuthority.Names.OrderBy(n => n.Value).Select(n => (n.Key, n.Value));

    public async Task<IActionResult> OnGetAsync(int id, bool saved, CancellationToken ct)
    {
        if (await LoadSchoolAsync(id, ct) is { } missing) return missing;
        Input = DetailsInput.From(School);
        Started = DetailsInput.From(School);
        Version = School.Version;
        Saved = saved;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (await LoadSchoolAsync(id, ct) is { } missing) return missing;
        var problems = SetupRules.Details(Input).ToList();
        var urn = Input.Urn?.Trim();
        if (problems.Count == 0 && await Db.Schools.AnyAsync(s => s.Urn == urn && s.Id != id, ct))
            problems.Add(new("Urn", $"Another school already has URN {urn}"));
        if (problems.Count > 0) return Invalid(problems.Select(p => p with { Field = "Input." + p.Field }));

        var current = DetailsInput.From(School).Values();
        var outcome = PupilEdit.Compare(Started.Values(), Input.Values(), current);
        if (Version != School.Version && outcome.Theirs.Count > 0) return await ShowConflictAsync(outcome, current, ct);
        if (outcome.Mine.Count == 0) return Redirect($"/admin/school/{id}?saved=true");
        var v = outcome.Merged;
        School.Name = v["Name"]!;
        School.Urn = v["Urn"]!;
        School.LaNumber = v["LaNumber"]!;
        School.EstablishmentNumber = v["EstablishmentNumber"]!;
        School.Phase = Enum.Parse<SchoolPhase>(v["Phase"]!, true);
        try
        {
            await SchoolAdmin.SaveAsync(Db, School, What, string.Join(", ", outcome.Mine.Select(k => DetailsInput.Labels[k])), ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            Db.ChangeTracker.Clear();
            await LoadSchoolAsync(id, ct);
            current = DetailsInput.From(School).Values();
            return await ShowConflictAsync(PupilEdit.Compare(Started.Values(), Input.Values(), current), current, ct);
        }
        return Redirect($"/admin/school/{id}?saved=true");
    }

    private async Task<IActionResult> ShowConflictAsync(PupilEditOutcome outcome, Dictionary<string, string?> current, CancellationToken ct)
    {
        string Line(string k, string? value) => $"{DetailsInput.Labels[k]}: {Words(k, value)}";
        Conflict = new SetupConflict(await SchoolAdmin.LastSavedByAsync(Db, School.Id, What, ct),
            outcome.Theirs.Select(k => Line(k, current[k])).ToList(),
            outcome.Mine.Select(k => Line(k, Input.Values()[k]) + (outcome.Clashes.Contains(k) ? " (you both changed this: the form holds yours)" : "")).ToList());
        var merged = outcome.Merged;
        Input = new DetailsInput { Name = merged["Name"], Urn = merged["Urn"], LaNumber = merged["LaNumber"], EstablishmentNumber = merged["EstablishmentNumber"], Phase = merged["Phase"] };
        Started = DetailsInput.From(School);
        Version = School.Version;
        ModelState.Clear();
        Response.StatusCode = 409;
        return Page();
    }

    public static string Words(string key, string? value) => key switch
    {
        "LaNumber" => value is null ? "" : LocalAuthority.Names.TryGetValue(value, out var n) ? $"{n} ({value})" : value,
        "Phase" => Enum.TryParse<SchoolPhase>(value, out var p) ? SetupRules.PhaseWords(p) : value ?? "",
        _ => value ?? "",
    };
}
