using Microsoft.AspNetCore.Authorization;
using Pastoral.Features.Pupils;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Provision.Pages;

/// <summary>What the pupil's provision pages share (<see cref="PupilFormPage"/>): the pupil through the provision book's scoped lookup.</summary>
public abstract class ProvisionPage(ProvisionBook book, CurrentStaff current, IAuthorizationService authorization) : PupilFormPage(current, authorization)
{
    protected ProvisionBook Book { get; } = book;
    public string Back => $"/pupils/{Pupil.Id}/provision";

    protected Task<bool> LoadPupilAsync(int id, CancellationToken ct) => LoadPupilAsync(staff => Book.FindPupilAsync(staff, id, ct), ct);

    public static string Day(DateOnly d) => Attendance.Support.MeetingRules.Day(d);
}
