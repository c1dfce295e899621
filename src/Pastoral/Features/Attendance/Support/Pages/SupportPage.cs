using Microsoft.AspNetCore.Authorization;
using Pastoral.Features.Pupils;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Support.Pages;

/// <summary>What the pupil's attendance support pages share (<see cref="PupilFormPage"/>): the pupil through attendance support's scoped lookup.</summary>
public abstract class SupportPage(AttendanceSupport support, CurrentStaff current, IAuthorizationService authorization) : PupilFormPage(current, authorization)
{
    protected AttendanceSupport Support { get; } = support;
    public string Breadcrumb => $"/pupils/{Pupil.Id}/attendance/support";

    protected Task<bool> LoadPupilAsync(int id, CancellationToken ct) => LoadPupilAsync(staff => Support.FindPupilAsync(staff, id, ct), ct);
}
