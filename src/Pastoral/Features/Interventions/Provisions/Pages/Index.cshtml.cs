using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Interventions.Provisions.Pages;

/// <summary><c>/interventions/provisions</c>: the running and finished provision of the schools the viewer reaches.</summary>
[Authorize(Policy = nameof(ProvisionsModule.ManageInterventions))]
public sealed class IndexModel(PastoralDbContext db, CurrentStaff current, SchoolClock clock) : PageModel
{
    public sealed record Row(int Id, string Name, string Intervention, ProvisionKind Kind, string Lead, DayOfWeek? Day, TimeOnly? Time, string? Room, bool Online,
        int Delivered, int Planned, int Enrolled, DateOnly StartOn, DateOnly? EndOn, bool Caseload);

    public List<Row> Running { get; private set; } = [];
    public List<Row> Finished { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var today = clock.Today();
        var visible = db.Pupils.VisibleTo(staff);
        var rows = await db.Set<Provision>().AsNoTracking().VisibleTo(staff).OrderBy(p => p.Name)
            .Select(p => new Row(p.Id, p.Name, p.Intervention!.Name, p.Kind, p.LeadStaffName, p.Day, p.StartTime, p.Room, p.OnlineLink != null,
                db.Set<ProvisionSession>().Count(s => s.ProvisionId == p.Id && s.Status == SessionStatus.Delivered), p.PlannedSessions,
                db.Set<Enrolment>().Count(e => e.ProvisionId == p.Id && (e.EndOn == null || e.EndOn >= today) && visible.Any(v => v.Id == e.PupilId)),
                p.StartOn, p.EndOn, p.CaseloadOfStaffId != null))
            .ToListAsync(ct);
        Running = [.. rows.Where(r => r.EndOn is null || r.EndOn >= today)];
        Finished = [.. rows.Where(r => r.EndOn < today)];
    }

    public static string Kind(ProvisionKind k) => k == ProvisionKind.OneToOne ? "1:1" : "Group";

    public static string When(Row r) => r.Day is null ? "No set day"
        : $"{r.Day}s{(r.Time is { } t ? " " + t.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture) : "")}";
}
