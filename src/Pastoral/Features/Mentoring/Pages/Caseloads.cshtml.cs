using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Mentoring.Pages;

/// <summary><c>/mentoring/caseloads</c>: every mentor in the schools the viewer sees whole, with pupils against capacity, contact gaps, the waiting list; capacity set here.</summary>
[Authorize(Policy = nameof(MentoringModule.ManageCaseloads))]
public sealed class CaseloadsModel(PastoralDbContext db, CurrentStaff current, ContactGaps gaps, CaseloadBook book) : PageModel
{
    public sealed record MentorRow(Guid Id, string Name, int SchoolId, string School, int Pupils, int Capacity, int NoContactToday, int Overdue, int Waiting);

    public List<MentorRow> Mentors { get; private set; } = [];
    public string? Problem { get; private set; }
    public Guid? ProblemMentor { get; private set; }
    public string? Done { get; private set; }

    public async Task OnGetAsync(string? done, CancellationToken ct)
    {
        Done = done == "capacity" ? "The capacity was saved." : null;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostCapacityAsync(Guid mentor, int school, string? capacity, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var result = int.TryParse(capacity, out var n) ? await book.SetCapacityAsync(staff, mentor, school, n, ct) : CaseloadResult.Problem("Capacity", $"Enter a capacity from 1 to {MentorCapacity.Max}");
        if (result.Done) return Redirect("/mentoring/caseloads?done=capacity");
        (Problem, ProblemMentor) = (result.Problems.Values.First()[0], mentor);
        await LoadAsync(ct);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var schools = staff.WholeSchoolIds;
        var mentors = await db.StaffScopes.AsNoTracking().Where(s => s.Kind == ScopeKind.Caseload && s.SchoolId != null && schools.Contains(s.SchoolId.Value))
            .Join(db.Users.Where(u => u.IsActive), s => s.UserId, u => u.Id, (s, u) => new { u.Id, u.FullName, School = s.SchoolId!.Value, SchoolName = db.Schools.Where(x => x.Id == s.SchoolId).Select(x => x.Name).First() })
            .OrderBy(m => m.FullName).ToListAsync(ct);
        foreach (var m in mentors)
        {
            var rows = (await gaps.RowsAsync(staff, m.Id, ct)).Where(r => r.SchoolId == m.School).ToList();
            var waiting = await db.Set<WaitingListEntry>().CountAsync(w => w.MentorStaffId == m.Id && w.SchoolId == m.School && w.ClosedOn == null, ct);
            Mentors.Add(new MentorRow(m.Id, m.FullName, m.School, m.SchoolName, rows.Count, await book.CapacityAsync(m.Id, m.School, ct), rows.Count(r => !r.SeenToday), rows.Count(r => r.Overdue), waiting));
        }
    }
}
