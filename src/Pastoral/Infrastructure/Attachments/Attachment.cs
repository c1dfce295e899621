using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Security;

namespace Pastoral.Infrastructure.Attachments;

/// <summary>
/// A file attached to a record, kept in the database with its bytes (every instance sees it; a backup holds it). It belongs
/// to the pupil whose record it is attached to, so it is filtered by the one scope filter; on a restricted record it is read
/// only through <see cref="RestrictedAccess"/>. Removing one erases its bytes and keeps the row, so the audit log can still
/// tell a restricted attachment's entries from others.
/// </summary>
public sealed class Attachment : IPupilOwned, IAudited
{
    public const int TitleMaxLength = 200;
    public const int FileNameMaxLength = 120;

    public int Id { get; set; }
    public int PupilId { get; set; }
    public Pupil? Pupil { get; set; }
    /// <summary>The owning record: its type (<see cref="PupilRecord"/> for the pupil's own documents) and id.</summary>
    public required string RecordType { get; set; }
    public int RecordId { get; set; }
    /// <summary>Attached to a restricted (safeguarding) record: listed and downloaded only through <see cref="RestrictedAccess"/>.</summary>
    public bool Restricted { get; set; }
    public required string Title { get; set; }
    public required string Kind { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    /// <summary>Hex SHA-256 of the bytes as uploaded.</summary>
    public required string Sha256 { get; set; }
    public byte[] Content { get; set; } = [];
    public DateTime AddedAt { get; set; }
    public Guid AddedById { get; set; }
    public required string AddedByName { get; set; }
    public DateTime? RemovedAt { get; set; }
    public string? RemovedByName { get; set; }

    public const string PupilRecord = "Pupil";

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => null;
}
