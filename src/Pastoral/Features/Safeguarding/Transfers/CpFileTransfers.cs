using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Attendance;
using Pastoral.Features.Pupils;
using Pastoral.Features.Safeguarding.Concerns;
using Pastoral.Features.Safeguarding.Meetings;
using Pastoral.Features.Safeguarding.Orders;
using Pastoral.Features.Safeguarding.Referrals;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Transfers;

/// <summary>
/// A CP file still to send or awaiting receipt, as the DSL's dashboard and My day list it: the pupil, where it stands and a link,
/// nothing written in any record. <see cref="TransferId"/> is null for a leaver with safeguarding records and no transfer started yet.
/// </summary>
public sealed record AwaitingTransfer(int PupilId, int SchoolId, string PupilName, TransferState State, int? TransferId, DateOnly DueBy, string Link)
{
    public string StateWords => CpFileTransfer.StateWords(State);
    /// <summary>The restricted record shown (a caller audits the list with <c>RestrictedAccess.AuditListedRecordsAsync</c>); null for a leaver with none yet.</summary>
    public RestrictedRecord? Record => TransferId is { } id ? CpFileTransfer.RecordOf(id, PupilId) : null;
}

/// <summary>What the DSL dashboard and the pupil's pages ask of CP file transfers.</summary>
public sealed class CpFileTransfers(PastoralDbContext db, AttendanceDays attendanceDays, Infrastructure.SchoolClock clock)
{
    /// <summary>Leavers are offered as "CP file to send" for a year after their last day on roll.</summary>
    public const int OfferDays = 365;

    /// <summary>
    /// For a DSL or deputy: the transfers of their tier schools not yet confirmed received, and leavers (a deletion from roll or a
    /// leaving date, within <see cref="OfferDays"/>) with safeguarding records and no transfer; overdue first, then by due date.
    /// Anyone else gets an empty list. The caller audits what it shows (each item's <see cref="AwaitingTransfer.Record"/>).
    /// </summary>
    public async Task<IReadOnlyList<AwaitingTransfer>> AwaitingForAsync(StaffContext staff, CancellationToken ct)
    {
        var schools = RestrictedAccess.TierSchools(staff);
        if (schools.Count == 0) return [];
        var today = clock.Today();
        var pupils = db.Pupils.AsNoTracking().VisibleTo(staff).Where(p => schools.Contains(p.SchoolId));
        var open = await db.Set<CpFileTransfer>().AsNoTracking().Where(t => t.ReceiptConfirmedOn == null)
            .Join(pupils, t => t.PupilId, p => p.Id, (t, p) => new
            {
                t.Id, t.PupilId, p.SchoolId, Name = (p.PreferredForename ?? p.LegalForename) + " " + (p.PreferredSurname ?? p.LegalSurname),
                t.SentOn, t.SendBy, t.ReceiptDueBy,
            }).ToListAsync(ct);
        var list = open.Select(t => new AwaitingTransfer(t.PupilId, t.SchoolId, t.Name, CpFileTransfer.StateOf(t.SentOn, null, t.SendBy, t.ReceiptDueBy, today),
            t.Id, t.ReceiptDueBy ?? t.SendBy, $"/pupils/{t.PupilId}/safeguarding/cp-transfers/{t.Id}")).ToList();
        foreach (var leaver in await LeaversToOfferAsync(pupils, today, ct))
        {
            var due = await CpFileDeadline.AfterAsync(db, attendanceDays, leaver.SchoolId, leaver.LastDay, ct);
            list.Add(new(leaver.Id, leaver.SchoolId, leaver.Name, today > due ? TransferState.Overdue : TransferState.ToSend, null, due,
                $"/pupils/{leaver.Id}/safeguarding/records/cp-transfers"));
        }
        return [.. list.OrderByDescending(a => a.State == TransferState.Overdue).ThenBy(a => a.DueBy).ThenBy(a => a.PupilId)];
    }

    /// <summary>Whether this pupil is a leaver with safeguarding records and no transfer yet (the pupil's safeguarding page offers one).</summary>
    public async Task<bool> ToOfferAsync(int pupilId, CancellationToken ct) =>
        (await LeaversToOfferAsync(db.Pupils.AsNoTracking().Where(p => p.Id == pupilId), clock.Today(), ct)).Count > 0;

    private sealed record Leaver(int Id, int SchoolId, string Name, DateOnly LastDay);

    private async Task<List<Leaver>> LeaversToOfferAsync(IQueryable<Pupil> pupils, DateOnly today, CancellationToken ct)
    {
        var since = today.AddDays(-OfferDays);
        var deletions = db.Set<Admissions.RollDeletion>().Where(d => d.UndoneAt == null);
        var rows = await pupils
            .Where(p => ((p.OnRollTo != null && p.OnRollTo >= since) || deletions.Any(d => d.PupilId == p.Id && d.LastDayOnRoll >= since))
                && !db.Set<CpFileTransfer>().Any(t => t.PupilId == p.Id)
                && (db.Set<SafeguardingConcern>().Any(c => c.PupilId == p.Id) || db.Set<ChildProtectionRecord>().Any(c => c.PupilId == p.Id)
                    || db.Set<SafeguardingReferral>().Any(r => r.PupilId == p.Id) || db.Set<CourtOrder>().Any(o => o.PupilId == p.Id)
                    || db.Set<EncompassNotification>().Any(e => e.PupilId == p.Id) || db.Set<SafeguardingMeeting>().Any(m => m.PupilId == p.Id)))
            .Select(p => new
            {
                p.Id, p.SchoolId, Name = (p.PreferredForename ?? p.LegalForename) + " " + (p.PreferredSurname ?? p.LegalSurname), p.OnRollTo,
                Deleted = deletions.Where(d => d.PupilId == p.Id).OrderByDescending(d => d.RecordedAt).Select(d => (DateOnly?)d.LastDayOnRoll).FirstOrDefault(),
            }).ToListAsync(ct);
        return [.. rows.Select(r => new Leaver(r.Id, r.SchoolId, r.Name, (r.Deleted ?? r.OnRollTo)!.Value))];
    }
}
