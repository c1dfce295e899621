using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Pupils;

public sealed record MyPupilsSummary(int Total, int Sen, int PupilPremium, int LookedAfter, int YoungCarers, bool HasCaseload,
    IReadOnlyList<RosterRow> Caseload);

/// <summary>The "My day" panel: the pupils in this member of staff's care at a glance, and their caseload by name.</summary>
public sealed class MyPupilsViewComponent(PastoralDbContext db, CurrentStaff current) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var staff = await current.GetAsync();
        var mine = db.Pupils.AsNoTracking().VisibleTo(staff);
        var counts = await mine.GroupBy(_ => 1).Select(g => new
        {
            Total = g.Count(),
            Sen = g.Count(p => p.SenProvision != SenProvision.N),
            Pp = g.Count(p => p.PupilPremium),
            Lac = g.Count(p => p.LookedAfter != LookedAfterStatus.None),
            Carers = g.Count(p => p.YoungCarer),
        }).SingleOrDefaultAsync();
        var caseload = staff.HasCaseload
            ? await Roster.Rows(Roster.Filter(db, staff, new RosterQuery()).Where(p => staff.CaseloadPupilIds.Contains(p.Id))).Take(30).ToListAsync()
            : [];
        return View("/Features/Pupils/Pages/_MyPupilsPanel.cshtml", new MyPupilsSummary(counts?.Total ?? 0, counts?.Sen ?? 0,
            counts?.Pp ?? 0, counts?.Lac ?? 0, counts?.Carers ?? 0, staff.HasCaseload, caseload));
    }
}
