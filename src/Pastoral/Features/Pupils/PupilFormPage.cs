using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Security;

namespace Pastoral.Features.Pupils;

/// <summary>
/// What a capability's pages about one pupil share: the signed-in staff, the pupil found through the capability's own scoped
/// lookup (null: the page answers 404), whether the staff may do an action, and problems shown on the form with a 400.
/// </summary>
public abstract class PupilFormPage(CurrentStaff current, IAuthorizationService authorization) : PageModel
{
    public Pupil Pupil { get; private set; } = null!;
    public StaffContext Staff { get; private set; } = null!;

    /// <summary>Loads the staff and the pupil; false when <paramref name="find"/> (a <c>VisibleTo</c> query) finds no pupil.</summary>
    protected async Task<bool> LoadPupilAsync(Func<StaffContext, Task<Pupil?>> find, CancellationToken ct)
    {
        Staff = await current.GetAsync(ct);
        if (await find(Staff) is not { } pupil) return false;
        Pupil = pupil;
        return true;
    }

    protected async Task<bool> MayAsync(StaffAction action) => (await authorization.AuthorizeAsync(User, action.Name)).Succeeded;

    protected PageResult Invalid(IEnumerable<(string Field, string Message)> problems)
    {
        foreach (var (field, message) in problems) ModelState.AddModelError(field, message);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public string? ErrorFor(string field) => ModelState.TryGetValue(field, out var s) && s.Errors.Count > 0 ? s.Errors[0].ErrorMessage : null;
}
