using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Safeguarding.Chronology;

namespace Pastoral.Features.Safeguarding.Transfers;

/// <summary>CP files on the chronology: one received from a previous school; the file sent to the new school, and its receipt.</summary>
public sealed class TransfersChronology(PastoralDbContext db) : IChronologySource
{
    public async Task<IReadOnlyList<ChronologyEntry>> EntriesAsync(ChronologyQuery q, CancellationToken ct)
    {
        var entries = new List<ChronologyEntry>();
        var received = await db.Set<ReceivedCpFile>().AsNoTracking().Where(r => r.PupilId == q.PupilId)
            .Select(r => new { r.Id, r.SendingSchool, r.ReceivedOn, r.Note }).ToListAsync(ct);
        foreach (var r in received.Where(r => PupilChronology.InRange(q, r.ReceivedOn)))
            entries.Add(new(ChildProtectionChronology.Noon(r.ReceivedOn), "CP file", $"CP file received from {r.SendingSchool}",
                r.Note is null ? null : PupilChronology.Brief(r.Note), $"/pupils/{q.PupilId}/safeguarding/records#cp-files-received", ReceivedCpFile.RecordOf(r.Id, q.PupilId)));
        var sent = await db.Set<CpFileTransfer>().AsNoTracking().Where(t => t.PupilId == q.PupilId)
            .Select(t => new { t.Id, t.ReceivingSchool, t.Route, t.SentOn, t.ReceiptConfirmedOn, t.ReceiptConfirmedBy }).ToListAsync(ct);
        foreach (var t in sent)
        {
            var link = $"/pupils/{q.PupilId}/safeguarding/cp-transfers/{t.Id}";
            if (t.SentOn is { } on && PupilChronology.InRange(q, on))
                entries.Add(new(ChildProtectionChronology.Noon(on), "CP file", $"CP file sent to {t.ReceivingSchool} by {CpFileTransfer.RouteWords(t.Route)}", null, link,
                    CpFileTransfer.RecordOf(t.Id, q.PupilId)));
            if (t.ReceiptConfirmedOn is { } at && PupilChronology.InRange(q, at))
                entries.Add(new(ChildProtectionChronology.Noon(at), "CP file", $"Receipt of the CP file confirmed by {t.ReceiptConfirmedBy ?? t.ReceivingSchool}", null, link,
                    CpFileTransfer.RecordOf(t.Id, q.PupilId)));
        }
        return entries;
    }
}
