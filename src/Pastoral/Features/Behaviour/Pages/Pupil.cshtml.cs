using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Pages;

/// <summary>One pupil's behaviour: their own parts, newest first, and their points this term and this year.</summary>
[Authorize(Policy = nameof(BehaviourModule.ViewBehaviour))]
public sealed class PupilModel(PastoralDbContext db, CurrentStaff current, PupilBehaviour behaviour, BehaviourPoints points, Infrastructure.SchoolClock clock) : PageModel
{
    public const int PageSize = 50;
    public record PupilHeader(int Id, string Name, string? Form);
    public PupilHeader Pupil { get; private set; } = null!;
    public List<PupilPart> Parts { get; private set; } = [];
    public int Total { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public PupilPoints? Term { get; private set; }
    public PupilPoints? Year { get; private set; }
    public bool CanLog { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, int? p, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var pupil = await db.Pupils.AsNoTracking().VisibleTo(staff).Where(x => x.Id == id)
            .Select(x => new { x.Id, Name = (x.PreferredForename ?? x.LegalForename) + " " + (x.PreferredSurname ?? x.LegalSurname), Form = x.Form!.Name, x.SchoolId })
            .FirstOrDefaultAsync(ct);
        if (pupil is null) return NotFound();
        Pupil = new PupilHeader(pupil.Id, pupil.Name, pupil.Form);
        PageNumber = Math.Max(1, p ?? 1);
        (Parts, Total) = await behaviour.PageAsync(staff, id, PageNumber, PageSize, ct: ct);
        var today = clock.Today();
        var (yearStart, termStart) = await points.StartsAsync(pupil.SchoolId, today, ct);
        if (yearStart is { } y) Year = await points.ForPupilAsync(id, y, today, ct);
        if (termStart is { } t) Term = await points.ForPupilAsync(id, t, today, ct);
        CanLog = staff.May(BehaviourModule.LogBehaviour);
        return Page();
    }
}
