using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Features.Pupils;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Exclusions.Pages;

/// <summary>What the pupil's suspension pages share: the pupil through the one scope filter (else 404), and problems shown on the form.</summary>
public abstract class ExclusionsPage(Suspensions suspensions, CurrentStaff current, IAuthorizationService authorization) : PageModel
{
    protected Suspensions Suspensions { get; } = suspensions;
    public Pupil Pupil { get; private set; } = null!;
    public StaffContext Staff { get; private set; } = null!;
    public bool MayManage { get; private set; }

    protected async Task<bool> LoadPupilAsync(int id, CancellationToken ct)
    {
        Staff = await current.GetAsync(ct);
        if (await Suspensions.FindPupilAsync(Staff, id, ct) is not { } pupil) return false;
        Pupil = pupil;
        MayManage = (await authorization.AuthorizeAsync(User, ExclusionsModule.ManageExclusions.Name)).Succeeded;
        return true;
    }

    protected PageResult Invalid(IEnumerable<(string Field, string Message)> problems)
    {
        foreach (var (field, message) in problems) ModelState.AddModelError(field, message);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public string? ErrorFor(string field) => ModelState.TryGetValue(field, out var s) && s.Errors.Count > 0 ? s.Errors[0].ErrorMessage : null;
}
