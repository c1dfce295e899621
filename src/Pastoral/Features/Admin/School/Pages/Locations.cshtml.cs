using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Schools;
using Pastoral.Security;

namespace Pastoral.Features.Admin.SchoolSetUp.Pages;

/// <summary>Rooms and areas where things happen (an incident's location, a meeting room): saved as one list, or nothing.</summary>
public sealed class LocationsModel(PastoralDbContext db, CurrentStaff current) : SetupPage(db, current)
{
    public override string Area => "locations";
    public const string What = "SchoolLocations";

    [BindProperty] public List<LocationRow> Rows { get; set; } = [];
    [BindProperty] public string Stamp { get; set; } = "";
    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, bool saved, CancellationToken ct)
    {
        if (await LoadSchoolAsync(id, ct) is { } missing) return missing;
        var list = await SavedAsync(ct);
        Rows = [.. list.Select(l => new LocationRow { Id = l.Id, Name = l.Name, Kind = l.Kind.ToString() }),
            new LocationRow { Kind = "Room" }, new LocationRow { Kind = "Room" }, new LocationRow { Kind = "Area" }];
        Stamp = SchoolAdmin.Stamp(Lines(list));
        Saved = saved;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (await LoadSchoolAsync(id, ct) is { } missing) return missing;
        var (wanted, problems) = SetupRules.Locations(Rows);
        if (problems.Count > 0) return Invalid(problems);
        var saved = await Db.Set<Location>().Where(l => l.SchoolId == id).ToListAsync(ct);
        var before = Lines(saved);
        if (SchoolAdmin.Stamp(before) != Stamp) return await ConflictAsync(saved, wanted, ct);
        foreach (var old in saved.Where(s => !wanted.Any(w => w.Id == s.Id))) Db.Remove(old);
        foreach (var w in wanted)
        {
            var row = saved.FirstOrDefault(s => s.Id == w.Id && w.Id != 0);
            if (row is null) Db.Add(new Location { SchoolId = id, Name = w.Name, Kind = w.Kind });
            else (row.Name, row.Kind) = (w.Name, w.Kind);
        }
        try
        {
            await SchoolAdmin.SaveAsync(Db, School, What, SchoolAdmin.Changes(before, Lines(wanted)), ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            Db.ChangeTracker.Clear();
            await LoadSchoolAsync(id, ct);
            return await ConflictAsync(await SavedAsync(ct), wanted, ct);
        }
        return Redirect($"/admin/school/{id}/locations?saved=true");
    }

    private async Task<IActionResult> ConflictAsync(List<Location> saved, List<Location> wanted, CancellationToken ct)
    {
        Conflict = new SetupConflict(await SchoolAdmin.LastSavedByAsync(Db, School.Id, What, ct), Lines(saved), Lines(wanted));
        Stamp = SchoolAdmin.Stamp(Lines(saved));
        Response.StatusCode = 409;
        return Page();
    }

    private Task<List<Location>> SavedAsync(CancellationToken ct) =>
        Db.Set<Location>().AsNoTracking().Where(l => l.SchoolId == School.Id).OrderBy(l => l.Kind).ThenBy(l => l.Name).ToListAsync(ct);

    private static List<string> Lines(IEnumerable<Location> list) =>
        list.OrderBy(l => l.Kind).ThenBy(l => l.Name, StringComparer.OrdinalIgnoreCase).Select(l => $"{l.Name} ({l.Kind.ToString().ToLowerInvariant()})").ToList();
}
