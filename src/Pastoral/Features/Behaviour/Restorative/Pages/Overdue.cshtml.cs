using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Restorative.Pages;

/// <summary>Behaviour reviews whose next date has passed with no later review, for the pupils in scope, oldest first.</summary>
[Authorize(Policy = nameof(RestorativeModule.RecordRestorative))]
public sealed class OverdueModel(RestorativeRecords records, PastoralDbContext db, CurrentStaff current, SchoolClock clock) : PageModel
{
    public sealed record Row(int PupilId, string Name, string? Form, DateOnly Due, int DaysLate);
    public List<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var overdue = await records.OverdueAsync(staff, ct);
        var ids = overdue.Select(o => o.PupilId).ToList();
        var forms = await db.Pupils.AsNoTracking().VisibleTo(staff).Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, Form = p.Form!.Name }).ToDictionaryAsync(p => p.Id, p => p.Form, ct);
        var today = clock.Today();
        Rows = [.. overdue.Select(o => new Row(o.PupilId, o.Name, forms.GetValueOrDefault(o.PupilId), o.Due, today.DayNumber - o.Due.DayNumber))];
    }
}
