using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Force.Pages;

/// <summary>What the force and search pages share (<see cref="PupilFormPage"/>): the pupil through the one scope filter, and whether the staff may read the records.</summary>
public abstract class ForcePage(PastoralDbContext db, CurrentStaff current, IAuthorizationService authorization) : PupilFormPage(current, authorization)
{
    protected PastoralDbContext Db { get; } = db;
    public bool MayView { get; private set; }

    protected async Task<bool> LoadPupilAsync(int id, CancellationToken ct)
    {
        if (!await LoadPupilAsync(staff => Db.Pupils.AsNoTracking().VisibleTo(staff).FirstOrDefaultAsync(p => p.Id == id, ct), ct)) return false;
        MayView = await MayAsync(ForceModule.ViewForce);
        return true;
    }

    public static string When(DateTime utc) => ForceTimeline.When(utc);
    public static string Day(DateOnly d) => Attendance.Support.MeetingRules.Day(d);
}
