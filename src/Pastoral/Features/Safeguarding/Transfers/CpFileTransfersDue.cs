using Pastoral.Features.Safeguarding.Dashboard;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Transfers;

/// <summary>
/// The DSL dashboard's and My day's "CP files awaiting transfer or receipt": <see cref="CpFileTransfers.AwaitingForAsync"/> in the
/// dashboard's words. A leaver offered a file with no transfer started yet has no record of its own to name in the audit entry.
/// </summary>
public sealed class CpFileTransfersDue(CpFileTransfers transfers) : ICpFileTransfersDue
{
    public async Task<IReadOnlyList<CpFileTransferDue>> DueAsync(StaffContext staff, IReadOnlyCollection<int> schoolIds, CancellationToken ct) =>
        [.. (await transfers.AwaitingForAsync(staff, ct)).Where(a => schoolIds.Contains(a.SchoolId))
            .Select(a => new CpFileTransferDue(a.PupilId, a.PupilName, a.SchoolId, Words(a), a.Link, a.State == TransferState.Overdue, a.Record))];

    private static string Words(AwaitingTransfer a) => a.State switch
    {
        TransferState.ToSend => $"Not yet sent: due by {a.DueBy:ddd d MMM}",
        TransferState.AwaitingReceipt => $"Sent: receipt to be confirmed by {a.DueBy:ddd d MMM}",
        _ when a.TransferId is null => $"Not started: was due by {a.DueBy:ddd d MMM}",
        _ => $"Overdue: was due by {a.DueBy:ddd d MMM}",
    };
}
