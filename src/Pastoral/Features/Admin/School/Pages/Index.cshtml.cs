using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Admin.SchoolSetUp.Pages;

[Authorize(Policy = Policies.ManageSchools)]
public sealed class IndexModel(PastoralDbContext db, CurrentStaff current) : PageModel
{
    public sealed record Row(int Id, string Name, string Urn, string DfeNumber, int Pupils, string? Year);
    public IReadOnlyList<Row> Schools { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var rows = await SchoolAdmin.Reach(db, staff).AsNoTracking().OrderBy(s => s.Name)
            .Select(s => new { s.Id, s.Name, s.Urn, s.LaNumber, s.EstablishmentNumber,
                Pupils = db.Pupils.Count(p => p.SchoolId == s.Id && p.OnRollTo == null),
                Year = s.AcademicYears.Max(a => (int?)a.StartYear) })
            .ToListAsync(ct);
        Schools = rows.Select(s => new Row(s.Id, s.Name, s.Urn, $"{s.LaNumber}/{s.EstablishmentNumber}", s.Pupils,
            s.Year is { } y ? $"{y}/{(y + 1) % 100:00}" : null)).ToList();
    }
}
