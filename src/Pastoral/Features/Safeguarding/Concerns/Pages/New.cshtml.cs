using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Attachments;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Concerns.Pages;

/// <summary>
/// Raise a concern in one short form. "Find" posts the form back to itself to list pupils by name (nothing saved, nothing kept);
/// "Send to the DSL team" saves. Afterwards the person sees only that it was received, when and by whom: not their own text.
/// Pre-fill: <c>?pupils=1,2</c>.
/// </summary>
[Authorize(Policy = nameof(ConcernsModule.RaiseConcerns))]
[RequestFormLimits(MultipartBodyLengthLimit = AttachmentSettings.RequestLimitBytes)]
[RequestSizeLimit(AttachmentSettings.RequestLimitBytes)]
[AttachmentTooLarge]
public sealed class NewModel(PastoralDbContext db, CurrentStaff current, ConcernRaising raising, SafeguardingCategories categories, AttachmentStore store, SchoolClock clock) : PageModel
{
    public sealed record PupilRow(int Id, string Name, string? Form);
    public sealed record MarkRow(string? Side, string? X, string? Y, string? Description);

    public List<PupilRow> Chosen { get; private set; } = [];
    public List<PupilRow> Candidates { get; private set; } = [];
    public string? CandidatesTitle { get; private set; }
    public List<CategoryChoice> Categories { get; private set; } = [];
    public List<MarkRow> Marks { get; private set; } = [];
    public Dictionary<string, string?> V { get; } = new(StringComparer.OrdinalIgnoreCase);
    public IReadOnlyDictionary<string, string[]> Problems { get; private set; } = new Dictionary<string, string[]>();
    public HashSet<string> ChosenCategories { get; } = new(StringComparer.OrdinalIgnoreCase);
    public string? Received { get; private set; }
    public int MaxMegabytes => store.MaxMegabytes;

    public string? Val(string key) => V.GetValueOrDefault(key);
    public string? Problem(string key) => Problems.TryGetValue(key, out var m) ? m[0] : null;
    public string FieldId(string key) => key switch
    {
        "pupils" => "choose-pupils",
        "categories" => "f-categories",
        _ when key.StartsWith("bodyMap[", StringComparison.Ordinal) => $"mark-{key[8..^1]}-description",
        "bodyMap" => "f-bodyMap",
        _ => $"f-{key}",
    };

    public async Task<IActionResult> OnGetAsync(string? received, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (received is not null && DateTime.TryParseExact(received, "yyyyMMddHHmm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
            Received = $"Your concern was received at {at:HH:mm} on {at:ddd d MMM yyyy} from you, {staff.Name}. The DSL team has been told.";
        V["pupils"] = Request.Query["pupils"].ToString();
        V["occurredAt"] = clock.LocalNow().ToString(ConcernRaising.LocalFormat, CultureInfo.InvariantCulture);
        await LoadAsync(staff, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        foreach (var (k, v) in Request.Form.Where(f => f.Key != "__RequestVerificationToken")) V[k] = v.Count > 1 ? string.Join(",", v.ToArray()) : v.ToString();
        foreach (var c in Request.Form["categories"]) if (c is not null) ChosenCategories.Add(c);
        Marks = ReadMarks();
        if (Val("action") != "save")
        {
            // Find, or add the ticked pupils: the form comes back with everything typed, nothing saved.
            await LoadAsync(staff, ct);
            return Page();
        }
        var files = new List<ConcernFile>();
        foreach (var file in Request.Form.Files.Where(f => f.Name == "attachments" && f.Length > 0))
        {
            using var copy = new MemoryStream();
            await file.CopyToAsync(copy, ct);
            files.Add(new ConcernFile(file.FileName, copy.ToArray()));
        }
        var input = new ConcernInput(PupilIds().Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList(), [.. ChosenCategories], Val("description"), Val("childsWords"),
            Val("occurredAt"), Val("location"), Val("actionTaken"), Val("urgent") is "true" or "on",
            [.. Marks.Select(m => new BodyMarkInput(m.Side, Number(m.X), Number(m.Y), m.Description))]);
        var result = await raising.RaiseAsync(staff, input, files, ct);
        if (result.Saved)
            return Redirect($"/safeguarding/concerns/new?received={SchoolClock.ToLocal(result.Raised!.RaisedAt):yyyyMMddHHmm}");
        Problems = result.Problems;
        await LoadAsync(staff, ct);
        Response.StatusCode = 400;
        return Page();
    }

    public List<int> PupilIds() => [.. (Val("pupils") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0).Where(id => id > 0).Distinct()];

    /// <summary>The body-map rows as typed: marks[i].side/x/y/description; a row left wholly empty is no mark.</summary>
    private List<MarkRow> ReadMarks()
    {
        var rows = new List<MarkRow>();
        for (var i = 0; i < BodyMap.MaxMarks + 5; i++)
        {
            var row = new MarkRow(Val($"marks[{i}].side"), Val($"marks[{i}].x"), Val($"marks[{i}].y"), Val($"marks[{i}].description"));
            if (!string.IsNullOrWhiteSpace(row.X) || !string.IsNullOrWhiteSpace(row.Y) || !string.IsNullOrWhiteSpace(row.Description)) rows.Add(row);
        }
        return rows;
    }

    private static double? Number(string? s) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    private async Task LoadAsync(StaffContext staff, CancellationToken ct)
    {
        var visible = db.Pupils.AsNoTracking().VisibleTo(staff).Where(p => p.OnRollTo == null);
        var ids = PupilIds();
        var chosen = await visible.Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, Name = (p.PreferredForename ?? p.LegalForename) + " " + (p.PreferredSurname ?? p.LegalSurname), Form = p.Form!.Name, p.SchoolId })
            .ToListAsync(ct);
        Chosen = [.. ids.Where(id => chosen.Any(c => c.Id == id)).Select(id => chosen.First(c => c.Id == id)).Select(c => new PupilRow(c.Id, c.Name, c.Form))];
        V["pupils"] = string.Join(',', Chosen.Select(c => c.Id));
        if (Val("q") is { Length: >= 2 } q && Val("action") == "find")
        {
            var term = q.Trim().ToLowerInvariant();
            Candidates = [.. (await visible.Where(p => p.SearchText.Contains(term)).OrderBy(p => p.LegalSurname).ThenBy(p => p.LegalForename).Take(40)
                .Select(p => new PupilRow(p.Id, (p.PreferredForename ?? p.LegalForename) + " " + (p.PreferredSurname ?? p.LegalSurname), p.Form!.Name))
                .ToListAsync(ct)).Where(c => !ids.Contains(c.Id))];
            CandidatesTitle = $"Pupils matching \"{q.Trim()}\"";
        }
        // The categories of the chosen pupils' schools (or the person's own), one per name.
        var schools = chosen.Select(c => c.SchoolId).Distinct().ToList();
        if (schools.Count == 0) schools = [.. staff.SchoolIds.Take(1)];
        Categories = [.. (await categories.ForSchoolsAsync(schools, activeOnly: true, ct)).DistinctBy(c => c.Name, StringComparer.OrdinalIgnoreCase)];
    }
}
