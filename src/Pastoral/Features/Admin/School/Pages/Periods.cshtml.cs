using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Schools;
using Pastoral.Security;

namespace Pastoral.Features.Admin.SchoolSetUp.Pages;

/// <summary>The periods of the school day: the whole list is saved at once, checked for overlaps, or nothing is saved.</summary>
public sealed class PeriodsModel(PastoralDbContext db, CurrentStaff current) : SetupPage(db, current)
{
    public override string Area => "periods";
    public const string What = "SchoolPeriods";

    [BindProperty] public List<PeriodRow> Rows { get; set; } = [];
    [BindProperty] public string Stamp { get; set; } = "";
    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, bool saved, CancellationToken ct)
    {
        if (await LoadSchoolAsync(id, ct) is { } missing) return missing;
        var periods = await SavedAsync(ct);
        Rows = [.. periods.Select(p => new PeriodRow { Id = p.Id, Name = p.Name, StartsAt = $"{p.StartsAt:HH\\:mm}", EndsAt = $"{p.EndsAt:HH\\:mm}" }), new PeriodRow(), new PeriodRow()];
        Stamp = SchoolAdmin.Stamp(Lines(periods));
        Saved = saved;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (await LoadSchoolAsync(id, ct) is { } missing) return missing;
        var (wanted, problems) = SetupRules.Periods(Rows);
        if (problems.Count > 0) return Invalid(problems);
        var saved = await Db.Set<SchoolPeriod>().Where(p => p.SchoolId == id).ToListAsync(ct);
        var before = Lines(saved);
        if (SchoolAdmin.Stamp(before) != Stamp) return await ConflictAsync(saved, wanted, ct);
        foreach (var old in saved.Where(s => !wanted.Any(w => w.Id == s.Id))) Db.Remove(old);
        foreach (var w in wanted)
        {
            var row = saved.FirstOrDefault(s => s.Id == w.Id && w.Id != 0);
            if (row is null) Db.Add(new SchoolPeriod { SchoolId = id, Name = w.Name, StartsAt = w.StartsAt, EndsAt = w.EndsAt });
            else (row.Name, row.StartsAt, row.EndsAt) = (w.Name, w.StartsAt, w.EndsAt);
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
        return Redirect($"/admin/school/{id}/periods?saved=true");
    }

    private async Task<IActionResult> ConflictAsync(List<SchoolPeriod> saved, List<SchoolPeriod> wanted, CancellationToken ct)
    {
        Conflict = new SetupConflict(await SchoolAdmin.LastSavedByAsync(Db, School.Id, What, ct), Lines(saved), Lines(wanted));
        Stamp = SchoolAdmin.Stamp(Lines(saved));
        Response.StatusCode = 409;
        return Page();
    }

    private Task<List<SchoolPeriod>> SavedAsync(CancellationToken ct) =>
        Db.Set<SchoolPeriod>().AsNoTracking().Where(p => p.SchoolId == School.Id).OrderBy(p => p.StartsAt).ToListAsync(ct);

    private static List<string> Lines(IEnumerable<SchoolPeriod> periods) =>
        periods.OrderBy(p => p.StartsAt).Select(p => $"{p.Name} {SetupRules.Span(p)}").ToList();
}
