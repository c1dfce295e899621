using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Adults.Pages;

/// <summary>
/// Record a concern about an adult: any member of staff. Afterwards they see only that it was received, when and by whom: not what
/// they wrote. Nothing here names any pupil: children involved are free text.
/// </summary>
[Authorize(Policy = nameof(AdultsModule.RaiseAdultConcerns))]
public sealed class NewModel(PastoralDbContext db, CurrentStaff current, AdultConcernRaising raising) : PageModel
{
    public Dictionary<string, string?> V { get; } = new(StringComparer.OrdinalIgnoreCase);
    public HashSet<string> Grounds { get; } = new(StringComparer.OrdinalIgnoreCase);
    public IReadOnlyDictionary<string, string[]> Problems { get; private set; } = new Dictionary<string, string[]>();
    public List<(int Id, string Name)> Schools { get; private set; } = [];
    public List<(Guid Id, string Name)> Staff { get; private set; } = [];
    public List<(Guid Id, string Name)> Chairs { get; private set; } = [];
    public string? Received { get; private set; }

    public string? Val(string key) => V.GetValueOrDefault(key);
    public string? Problem(string key) => Problems.TryGetValue(key, out var m) ? m[0] : null;
    public static string FieldId(string key) => key is "grounds" or "relationship" or "kind" ? $"f-{key}-0" : $"f-{key}";

    public async Task OnGetAsync(string? received, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (received is not null && DateTime.TryParseExact(received, "yyyyMMddHHmm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
            Received = $"Your record was received at {at:HH:mm} on {at:ddd d MMM yyyy} from you, {staff.Name}. The people who must deal with it have been told.";
        await LoadAsync(staff, ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        foreach (var (k, v) in Request.Form.Where(f => f.Key != "__RequestVerificationToken")) V[k] = v.ToString();
        foreach (var g in Request.Form["grounds"]) if (g is not null) Grounds.Add(g);
        var input = new AdultConcernInput(Val("school"), Val("adultName"), Val("adultRole"), Val("relationship"), Val("adultStaffId"), Val("aboutHeadteacher") is "true",
            Val("adultDateOfBirth"), Val("kind"), [.. Grounds], Val("reported"), Val("reportedBy"), Val("reportedOn"), Val("childrenInvolved"), Val("chair"));
        var result = await raising.RaiseAsync(staff, input, ct);
        if (result.Receipt is { } r)
            return Redirect($"/safeguarding/adults/new?received={Infrastructure.SchoolClock.ToLocal(r.ReceivedAt):yyyyMMddHHmm}");
        Problems = result.Problems;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(staff, ct);
        return Page();
    }

    private async Task LoadAsync(StaffContext staff, CancellationToken ct)
    {
        Schools = [.. (await db.Schools.AsNoTracking().Where(s => staff.SchoolIds.Contains(s.Id)).OrderBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync(ct))
            .Select(s => (s.Id, s.Name))];
        var schoolIds = staff.SchoolIds;
        // Staff of the person's schools, to link the adult to their account (then they are never told of it, nor can read it).
        var people = await db.Users.AsNoTracking().Where(u => u.IsActive && u.Id != staff.UserId
                && u.Scopes.Any(s => s.SchoolId == null || schoolIds.Contains(s.SchoolId.Value)))
            .OrderBy(u => u.FullName).Select(u => new { u.Id, u.FullName }).Take(2000).ToListAsync(ct);
        Staff = [.. people.Select(p => (p.Id, p.FullName))];
        if (Schools.Count == 1) Chairs = await raising.ChairsAsync(Schools[0].Id, ct);
        else if (int.TryParse(Val("school"), out var chosen) && schoolIds.Contains(chosen)) Chairs = await raising.ChairsAsync(chosen, ct);
    }
}
