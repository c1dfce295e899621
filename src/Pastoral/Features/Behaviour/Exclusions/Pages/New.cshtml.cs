using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Exclusions.Pages;

public sealed class NewModel(Suspensions suspensions, SuspensionReasons reasons, SchoolClock clock, CurrentStaff current, IAuthorizationService authorization)
    : SuspensionForm(suspensions, reasons, current, authorization)
{
    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadFormAsync(id, ct)) return NotFound();
        StartsOn = clock.Today().ToString("yyyy-MM-dd");
        DecidedById = StaffChoices.Any(s => s.Key == Staff.UserId) ? Staff.UserId : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadFormAsync(id, ct)) return NotFound();
        ModelState.Clear();
        var check = await Suspensions.CheckAsync(Staff, Pupil, Input(), null, ct);
        if (check.Problems.Count > 0) return Invalid(check.Problems);
        if (check.Warnings.Count > 0 && !Acknowledged)
        {
            Warnings = check.Warnings;
            return Page();
        }
        var saved = await Suspensions.CreateAsync(Staff, id, Input(), ct);
        if (saved.NotFound) return NotFound();
        if (!saved.Saved) return Invalid(saved.Problems);
        return Redirect($"/pupils/{id}/suspensions/{saved.Suspension!.Id}?saved=1");
    }
}
