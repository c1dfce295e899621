using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Infrastructure.Attachments;

/// <summary>Settings (section <c>Attachments</c>).</summary>
public sealed class AttachmentSettings
{
    /// <summary>The most any upload form accepts before the app reads it; larger requests get the 413 page.</summary>
    public const long RequestLimitBytes = 100L * 1024 * 1024;
    /// <summary>The largest file staff may attach, in MB (at most 100).</summary>
    public int MaxMegabytes { get; set; } = 20;
    public long MaxBytes => Math.Clamp(MaxMegabytes, 1, 100) * 1024L * 1024;
}

/// <summary>The 413 page of any form that attaches a file: "The file is larger than the 20 MB limit" (the configured limit).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class AttachmentTooLargeAttribute : Attribute, ITooLargeDetail
{
    public string Detail(IServiceProvider services) =>
        $"The file is larger than the {services.GetRequiredService<IOptions<AttachmentSettings>>().Value.MaxBytes / (1024 * 1024)} MB limit. Go back and choose a smaller file (a scan at a lower resolution, or the document split into parts).";
}

/// <summary>A file to attach to one record of one pupil.</summary>
public sealed record NewAttachment(string RecordType, int RecordId, int PupilId, bool Restricted, string? Title, string Kind, string? FileName, byte[] Content);

public sealed record AttachmentResult(int? Id, string? Field = null, string? Problem = null)
{
    public static AttachmentResult Refused(string field, string problem) => new(null, field, problem);
}

public sealed record AttachmentItem(int Id, string Title, string Kind, string FileName, string ContentType, long Size, DateTime AddedAt, string AddedByName);

public sealed record AttachmentFile(string FileName, string ContentType, byte[] Content);

/// <summary>
/// The one store for files attached to records. Every read starts from the pupil scope filter; attachments on restricted
/// records are read through <see cref="RestrictedAccess"/>, which checks the tier or a share and audits every download.
/// Adding and removing are audited by the DbContext (<see cref="Attachment"/> is <see cref="IAudited"/>).
/// </summary>
public sealed class AttachmentStore(PastoralDbContext db, RestrictedAccess restricted, TimeProvider clock, IOptions<AttachmentSettings> settings)
{
    public long MaxBytes => settings.Value.MaxBytes;
    public int MaxMegabytes => (int)(MaxBytes / (1024 * 1024));

    /// <summary>Checks the file (size, type by content, honest extension) and stores it. Nothing is saved when it is refused.</summary>
    public async Task<AttachmentResult> AddAsync(StaffContext staff, NewAttachment upload, CancellationToken ct)
    {
        if (!await db.Pupils.AsNoTracking().VisibleTo(staff).AnyAsync(p => p.Id == upload.PupilId, ct))
            return AttachmentResult.Refused("pupil", "No pupil that you may see.");
        if (upload.Restricted && !await restricted.CanReadAsync(staff, new RestrictedRecord(upload.RecordType, upload.RecordId, upload.PupilId), ct))
            return AttachmentResult.Refused("pupil", "No record that you may add to.");
        var (problem, attachment) = Prepare(staff, upload);
        if (problem is not null) return problem;
        db.Set<Attachment>().Add(attachment!);
        await db.SaveChangesAsync(ct);
        db.Entry(attachment!).State = EntityState.Detached;
        return new(attachment!.Id);
    }

    /// <summary>
    /// The file's own checks (title, size, type by content, honest extension), with nothing saved: the problem, or the attachment
    /// ready to add to the caller's save. For a record written in the same save by someone who may not read it back (a concern).
    /// </summary>
    public (AttachmentResult? Problem, Attachment? Attachment) Prepare(StaffContext staff, NewAttachment upload)
    {
        var title = upload.Title?.Trim();
        if (string.IsNullOrEmpty(title)) return (AttachmentResult.Refused("title", "Enter a title for the document."), null);
        if (title.Length > Attachment.TitleMaxLength) return (AttachmentResult.Refused("title", $"The title can be at most {Attachment.TitleMaxLength} characters."), null);
        if (title.Any(char.IsControl)) return (AttachmentResult.Refused("title", "The title can only hold letters, numbers, spaces and punctuation."), null);
        if (upload.Content.Length == 0) return (AttachmentResult.Refused("file", "Choose a file to upload (the one chosen is empty)."), null);
        if (upload.Content.Length > MaxBytes)
            return (AttachmentResult.Refused("file", $"The file is {Megabytes(upload.Content.Length)}: files can be at most {MaxMegabytes} MB."), null);
        var kind = FileContent.Detect(upload.Content);
        var given = Path.GetFileName((upload.FileName ?? "").Replace('\\', '/'));
        if (kind is null)
            return (AttachmentResult.Refused("file", $"{Shown(given)} is not a type Pastoral keeps. Upload {FileContent.Accepted}."), null);
        var extension = Path.GetExtension(given.Trim().TrimEnd('.'));
        if (extension.Length > 0 && !kind.Fits(extension))
            return (AttachmentResult.Refused("file", $"{Shown(given)} is named as a {extension.TrimStart('.').ToUpperInvariant()} file but its content is {kind.Name}. " +
                $"Check you chose the right file; if it is, rename it to end in {kind.Extension}."), null);
        return (null, new Attachment
        {
            PupilId = upload.PupilId, RecordType = upload.RecordType, RecordId = upload.RecordId, Restricted = upload.Restricted,
            Title = title, Kind = upload.Kind, FileName = FileContent.SafeName(given, kind), ContentType = kind.ContentType,
            Size = upload.Content.Length, Sha256 = Convert.ToHexStringLower(SHA256.HashData(upload.Content)), Content = upload.Content,
            AddedAt = clock.GetUtcNow().UtcDateTime, AddedById = staff.UserId, AddedByName = staff.Name,
        });
    }

    /// <summary>The attachments of one record that is not restricted, newest first (the bytes are not loaded).</summary>
    public Task<List<AttachmentItem>> ListAsync(StaffContext staff, string recordType, int recordId, CancellationToken ct) =>
        Live(staff).Where(a => a.RecordType == recordType && a.RecordId == recordId && !a.Restricted)
            .OrderByDescending(a => a.AddedAt).ThenByDescending(a => a.Id)
            .Select(a => new AttachmentItem(a.Id, a.Title, a.Kind, a.FileName, a.ContentType, a.Size, a.AddedAt, a.AddedByName)).ToListAsync(ct);

    /// <summary>
    /// The attachments of a restricted record, for its page: call it only inside the load of <see cref="RestrictedAccess.ReadAsync"/>
    /// for that record, which has checked the reader and audits the read (each download is audited again by <see cref="OpenAsync"/>).
    /// </summary>
    public Task<List<AttachmentItem>> ListOfReadRecordAsync(RestrictedRecord record, CancellationToken ct) =>
        db.Set<Attachment>().AsNoTracking().Where(a => a.RecordType == record.Type && a.RecordId == record.Id && a.PupilId == record.PupilId && a.RemovedAt == null)
            .OrderByDescending(a => a.AddedAt).ThenByDescending(a => a.Id)
            .Select(a => new AttachmentItem(a.Id, a.Title, a.Kind, a.FileName, a.ContentType, a.Size, a.AddedAt, a.AddedByName)).ToListAsync(ct);

    /// <summary>
    /// The file for a download, or null when the viewer may not have it (the caller answers 404). A restricted attachment is
    /// read through <see cref="RestrictedAccess"/>: refused unless the viewer reads its record, and audited when handed over.
    /// </summary>
    public async Task<AttachmentFile?> OpenAsync(StaffContext staff, int id, CancellationToken ct)
    {
        var found = await Live(staff).Where(a => a.Id == id).Select(a => new { a.RecordType, a.RecordId, a.PupilId, a.Restricted }).FirstOrDefaultAsync(ct);
        if (found is null) return null;
        Task<AttachmentFile?> Load(CancellationToken c) => db.Set<Attachment>().AsNoTracking().Where(a => a.Id == id)
            .Select(a => new AttachmentFile(a.FileName, a.ContentType, a.Content)).FirstOrDefaultAsync(c);
        return found.Restricted
            ? await restricted.ReadAsync(staff, new RestrictedRecord(found.RecordType, found.RecordId, found.PupilId), Load, ct, $"downloaded attachment {id}")
            : await Load(ct);
    }

    /// <summary>The title and owning record of a live, non-restricted attachment the viewer may see (for the remove page).</summary>
    public Task<AttachmentItem?> FindAsync(StaffContext staff, int id, string recordType, int recordId, CancellationToken ct) =>
        Live(staff).Where(a => a.Id == id && a.RecordType == recordType && a.RecordId == recordId && !a.Restricted)
            .Select(a => new AttachmentItem(a.Id, a.Title, a.Kind, a.FileName, a.ContentType, a.Size, a.AddedAt, a.AddedByName)).FirstOrDefaultAsync(ct);

    /// <summary>Erases the file's bytes and marks it removed (audited). False when there is no such attachment for this viewer.</summary>
    public async Task<bool> RemoveAsync(StaffContext staff, int id, CancellationToken ct)
    {
        var meta = await Live(staff).Where(a => a.Id == id).Select(a => new { a.RecordType, a.RecordId, a.PupilId, a.Restricted }).FirstOrDefaultAsync(ct);
        if (meta is null) return false;
        if (meta.Restricted && !await restricted.CanReadAsync(staff, new RestrictedRecord(meta.RecordType, meta.RecordId, meta.PupilId), ct)) return false;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct); // the erasure and its audit entry commit together
        var changed = await db.Set<Attachment>().Where(a => a.Id == id && a.RemovedAt == null).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.RemovedAt, now).SetProperty(a => a.RemovedByName, staff.Name).SetProperty(a => a.Content, Array.Empty<byte>()), ct);
        if (changed == 0) return false;
        db.Audit(Security.Audit.AuditActions.Deleted, nameof(Attachment), id.ToString(), meta.PupilId, null, "removed; its file erased");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }

    private IQueryable<Attachment> Live(StaffContext staff) => db.Set<Attachment>().AsNoTracking().VisibleTo(staff, db).Where(a => a.RemovedAt == null);

    public static string Megabytes(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / (1024.0 * 1024):0.#} MB" : $"{Math.Max(1, bytes / 1024)} KB";

    private static string Shown(string name) => string.IsNullOrWhiteSpace(name) ? "The file" : $"\"{(name.Length > 60 ? name[..60] + "…" : name)}\"";
}
