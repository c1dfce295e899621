using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Features.Pupils;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Provision.Pages;

/// <summary>What the pupil's provision pages share: the pupil through the one scope filter (else 404), and problems shown on the form.</summary>
public abstract class ProvisionPage(ProvisionBook book, CurrentStaff current, IAuthorizationService authorization) : PageModel
{
    protected ProvisionBook Book { get; } = book;
    public Pupil Pupil { get; private set; } = null!;
    public StaffContext Staff { get; private set; } = null!;
    public string Back => $"/pupils/{Pupil.Id}/provision";

    protected async Task<bool> LoadPupilAsync(int id, CancellationToken ct)
    {
        Staff = await current.GetAsync(ct);
        if (await Book.FindPupilAsync(Staff, id, ct) is not { } pupil) return false;
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

    public static string Day(DateOnly d) => Attendance.Support.MeetingRules.Day(d);
}
