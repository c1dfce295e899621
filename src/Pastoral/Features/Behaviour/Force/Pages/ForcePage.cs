using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Force.Pages;

/// <summary>What the force and search pages share: the pupil through the one scope filter (else 404), and problems shown on the form.</summary>
public abstract class ForcePage(PastoralDbContext db, CurrentStaff current, IAuthorizationService authorization) : PageModel
{
    protected PastoralDbContext Db { get; } = db;
    public Pupil Pupil { get; private set; } = null!;
    public StaffContext Staff { get; private set; } = null!;
    public bool MayView { get; private set; }

    protected async Task<bool> LoadPupilAsync(int id, CancellationToken ct)
    {
        Staff = await current.GetAsync(ct);
        if (await Db.Pupils.AsNoTracking().VisibleTo(Staff).FirstOrDefaultAsync(p => p.Id == id, ct) is not { } pupil) return false;
        Pupil = pupil;
        MayView = (await authorization.AuthorizeAsync(User, ForceModule.ViewForce.Name)).Succeeded;
        return true;
    }

    protected PageResult Invalid(IEnumerable<(string Field, string Message)> problems)
    {
        foreach (var (field, message) in problems) ModelState.AddModelError(field, message);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public string? ErrorFor(string field) => ModelState.TryGetValue(field, out var s) && s.Errors.Count > 0 ? s.Errors[0].ErrorMessage : null;

    public static string When(DateTime utc) => ForceTimeline.When(utc);
    public static string Day(DateOnly d) => Attendance.Support.MeetingRules.Day(d);
}
