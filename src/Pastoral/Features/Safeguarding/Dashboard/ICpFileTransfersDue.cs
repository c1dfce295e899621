using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Dashboard;

/// <summary>
/// One CP file waiting to be sent to a pupil's new school, or waiting for that school to confirm receipt, as the DSL dashboard and
/// My day list it. <see cref="State"/> is in staff's words ("Not yet sent", "Sent Tue 3 Nov, receipt not confirmed");
/// <see cref="Link"/> opens the transfer; <see cref="Overdue"/> when KCSIE's 5 school days have passed. <see cref="Record"/> is the
/// restricted record the row comes from, so the dashboard names it in its one audit entry (none for a leaver whose transfer
/// is not yet started).
/// </summary>
public sealed record CpFileTransferDue(int PupilId, string PupilName, int SchoolId, string State, string Link, bool Overdue, RestrictedRecord? Record);

/// <summary>
/// What the dashboard's "CP files awaiting transfer or receipt" section and the DSL's My day count read: implemented by
/// <c>Transfers.CpFileTransfersDue</c>, so the dashboard does not depend on the transfer feature's tables.
/// </summary>
public interface ICpFileTransfersDue
{
    /// <summary>
    /// Transfers not yet sent or not yet confirmed received, for pupils of <paramref name="schoolIds"/> (schools whose restricted tier
    /// <paramref name="staff"/> holds), overdue first. Not audited here: the caller writes one entry naming every row it shows.
    /// </summary>
    Task<IReadOnlyList<CpFileTransferDue>> DueAsync(StaffContext staff, IReadOnlyCollection<int> schoolIds, CancellationToken ct);
}
