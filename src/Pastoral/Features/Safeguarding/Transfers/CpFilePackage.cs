using System.IO.Compression;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Safeguarding.Chronology;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Attachments;
using Pastoral.Infrastructure.Documents;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Transfers;

/// <summary>What the package's PDF prints.</summary>
public sealed record CpFilePrint(ChronologyPupil Pupil, CpFileTransfer Transfer, CpFileContent Content, IReadOnlyList<string> Accepted, int Rejected,
    string ReviewedBy, DateTime ReviewedAt, string PrintedBy, DateTime PrintedAt)
{
    public const string ViewPath = "/Features/Safeguarding/Transfers/CpFileDocument.cshtml";
}

/// <summary>A transfer with its redaction review, as the review page shows it to a DSL or deputy of the pupil's school.</summary>
public sealed record TransferReview(ChronologyPupil Pupil, CpFileTransfer Transfer, CpFileContent Content, IReadOnlyList<RedactionLine> Lines)
{
    /// <summary>Confirmed, and nothing new has appeared in the file since: the package can be built.</summary>
    public bool Ready => Transfer.ReviewConfirmedAt is not null && Lines.All(l => l.Id is not null && l.Decision != RedactionDecision.Proposed);
}

public enum ReviewOutcome { Saved, Invalid, Conflict, NotFound }

public sealed record ReviewSave(ReviewOutcome Outcome, IReadOnlyDictionary<string, string>? Errors = null, TransferReview? Current = null);

/// <summary>
/// The CP file package (issue 10, item 8): the redaction review (proposals from <see cref="CpFileRedactions"/>, the DSL's decisions
/// kept with who and when) and, once the review is confirmed, one zip holding the PDF (the shared renderer, OFFICIAL-SENSITIVE on
/// every page, accepted redactions as black bars) and the attachments. Everything is read through <see cref="RestrictedAccess"/>:
/// the transfer (audited) and the whole file (one entry naming every record).
/// </summary>
public sealed class CpFilePackage(PastoralDbContext db, PupilChronology chronology, CpFileContents contents, RestrictedAccess restricted, Documents documents, SchoolClock clock)
{
    public async Task<TransferReview?> ReviewAsync(StaffContext staff, int pupilId, int transferId, string detail, CancellationToken ct, bool tracked = false)
    {
        if (await chronology.PupilAsync(staff, pupilId, ct) is not { } pupil) return null;
        var transfer = await restricted.ReadAsync(staff, CpFileTransfer.RecordOf(transferId, pupilId), c =>
        {
            var q = db.Set<CpFileTransfer>().Where(t => t.Id == transferId && t.PupilId == pupilId);
            return (tracked ? q : q.AsNoTracking()).FirstOrDefaultAsync(c);
        }, ct, detail);
        if (transfer is null) return null;
        var content = await contents.ReadAsync(staff, pupil, detail, ct);
        var texts = content.Texts.ToList();
        var stored = await db.Set<CpFileRedaction>().AsNoTracking().Where(r => r.TransferId == transferId).OrderBy(r => r.Id).ToListAsync(ct);
        var lines = stored.Select(r => new RedactionLine(r.Id, r.Phrase, r.Source, r.Decision, r.DecidedByName, r.DecidedAt, CpFileRedactions.Contexts(r.Phrase, texts))).ToList();
        foreach (var (phrase, source) in await CpFileRedactions.ProposeAsync(db, pupilId, pupil.SchoolId, texts, ct))
            if (!stored.Any(r => r.Phrase.Equals(phrase, StringComparison.OrdinalIgnoreCase)))
                lines.Add(new(null, phrase, source, RedactionDecision.Proposed, null, null, CpFileRedactions.Contexts(phrase, texts)));
        return new(pupil, transfer, content, lines);
    }

    /// <summary>
    /// Saves the DSL's decisions (by phrase: accept or reject) and any phrase they add; with <paramref name="confirm"/>, confirms the
    /// review, which needs every proposal decided. A review saved by someone else since <paramref name="version"/> is a conflict:
    /// nothing is saved and the current review comes back.
    /// </summary>
    public async Task<ReviewSave> SaveAsync(StaffContext staff, int pupilId, int transferId, int version, IReadOnlyDictionary<string, string?> decisions, string? added,
        bool confirm, CancellationToken ct)
    {
        if (await ReviewAsync(staff, pupilId, transferId, "redaction review saved", ct, tracked: true) is not { } review) return new(ReviewOutcome.NotFound);
        if (!RestrictedAccess.HoldsTier(staff, review.Pupil.SchoolId)) return new(ReviewOutcome.NotFound);
        if (review.Transfer.Version != version) return new(ReviewOutcome.Conflict, Current: review);
        var errors = new Dictionary<string, string>();
        added = string.IsNullOrWhiteSpace(added) ? null : added.Trim();
        if (added is { Length: > CpFileRedaction.PhraseMax }) errors["added"] = $"A phrase to redact can be at most {CpFileRedaction.PhraseMax} characters.";
        else if (added is { Length: < 2 }) errors["added"] = "A phrase to redact must be at least 2 characters.";
        var chosen = review.Lines.ToDictionary(l => l.Phrase, l => decisions.GetValueOrDefault(l.Phrase) switch
        {
            "accept" => RedactionDecision.Accepted, "reject" => RedactionDecision.Rejected, _ => l.Decision,
        }, StringComparer.OrdinalIgnoreCase);
        if (confirm && chosen.Values.Any(d => d == RedactionDecision.Proposed))
            errors["decisions"] = "Accept or reject every proposed redaction before confirming the review.";
        if (errors.Count > 0) return new(ReviewOutcome.Invalid, errors, review);
        var now = clock.UtcNow;
        var rows = await db.Set<CpFileRedaction>().Where(r => r.TransferId == transferId).ToListAsync(ct);
        foreach (var line in review.Lines)
        {
            var row = rows.FirstOrDefault(r => r.Phrase.Equals(line.Phrase, StringComparison.OrdinalIgnoreCase));
            var decision = chosen[line.Phrase];
            if (row is null)
            {
                if (decision == RedactionDecision.Proposed) continue; // kept when decided; a proposal is worked out afresh each time
                db.Add(row = new CpFileRedaction { TransferId = transferId, PupilId = pupilId, Phrase = line.Phrase, Source = line.Source, ProposedAt = now });
            }
            if (row.Decision != decision) (row.Decision, row.DecidedByName, row.DecidedAt) = (decision, staff.Name, now);
        }
        if (added is not null && !review.Lines.Any(l => l.Phrase.Equals(added, StringComparison.OrdinalIgnoreCase)))
            db.Add(new CpFileRedaction { TransferId = transferId, PupilId = pupilId, Phrase = added, Source = RedactionSource.Dsl, ProposedAt = now,
                Decision = RedactionDecision.Accepted, DecidedByName = staff.Name, DecidedAt = now });
        var t = review.Transfer;
        (t.ChangedAt, t.ChangedByName) = (now, staff.Name);
        if (confirm) (t.ReviewConfirmedAt, t.ReviewConfirmedByName) = (now, staff.Name);
        else if (added is not null) (t.ReviewConfirmedAt, t.ReviewConfirmedByName) = (null, null); // a new phrase: confirm again
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new(ReviewOutcome.Conflict, Current: await ReviewAsync(staff, pupilId, transferId, "redaction review reloaded", ct));
        }
        return new(ReviewOutcome.Saved);
    }

    /// <summary>The zip (PDF and attachments) and its file name; null when the transfer is not this reader's; no zip while the review is not ready.</summary>
    public async Task<(byte[]? Zip, string FileName)?> BuildAsync(StaffContext staff, int pupilId, int transferId, CancellationToken ct)
    {
        if (await ReviewAsync(staff, pupilId, transferId, "CP file package downloaded", ct) is not { } review) return null;
        if (!review.Ready) return (null, "");
        var accepted = review.Lines.Where(l => l.Decision == RedactionDecision.Accepted).Select(l => l.Phrase).ToList();
        var print = new CpFilePrint(review.Pupil, review.Transfer, review.Content, accepted, review.Lines.Count(l => l.Decision == RedactionDecision.Rejected),
            review.Transfer.ReviewConfirmedByName!, SchoolClock.ToLocal(review.Transfer.ReviewConfirmedAt!.Value), staff.Name, clock.LocalNow());
        var options = new DocumentOptions($"Child protection file: {review.Pupil.Name}", review.Pupil.School, ProtectiveMarking.OfficialSensitive)
        {
            FileName = $"cp-file-{review.Pupil.Upn}.pdf",
        };
        var pdf = await documents.RenderAsync(CpFilePrint.ViewPath, print, options, ct);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            await using (var entry = zip.CreateEntry(options.FileName).Open()) await entry.WriteAsync(pdf, ct);
            foreach (var a in review.Content.Attachments)
            {
                var bytes = await db.Set<Attachment>().AsNoTracking().Where(x => x.Id == a.Id).Select(x => x.Content).SingleAsync(ct);
                await using var entry = zip.CreateEntry(EntryName(a)).Open();
                await entry.WriteAsync(bytes, ct);
            }
        }
        return (buffer.ToArray(), $"cp-file-{review.Pupil.Upn}.zip");
    }

    /// <summary>An attachment's name inside the package: numbered, so two files of one name never clash.</summary>
    public static string EntryName(AttachmentItem a) => $"attachments/{a.Id}-{a.FileName}";
}
