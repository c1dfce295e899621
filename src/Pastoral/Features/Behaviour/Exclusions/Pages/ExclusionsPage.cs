using Microsoft.AspNetCore.Authorization;
using Pastoral.Features.Pupils;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Exclusions.Pages;

/// <summary>What the pupil's suspension pages share (<see cref="PupilFormPage"/>): the pupil through the suspensions' scoped lookup, and whether the staff may record them.</summary>
public abstract class ExclusionsPage(Suspensions suspensions, CurrentStaff current, IAuthorizationService authorization) : PupilFormPage(current, authorization)
{
    protected Suspensions Suspensions { get; } = suspensions;
    public bool MayManage { get; private set; }

    protected async Task<bool> LoadPupilAsync(int id, CancellationToken ct)
    {
        if (!await LoadPupilAsync(staff => Suspensions.FindPupilAsync(staff, id, ct), ct)) return false;
        MayManage = await MayAsync(ExclusionsModule.ManageExclusions);
        return true;
    }
}
