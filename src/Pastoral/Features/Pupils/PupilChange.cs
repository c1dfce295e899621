using Pastoral.Security;

namespace Pastoral.Features.Pupils;

/// <summary>
/// One field of a pupil's record changed: old and new value, who and when. Kept beside the audit log (which holds field
/// names only and is never erased) so that retention can erase the values with the pupil. Only fields in
/// <see cref="PupilFields.All"/> are kept, so never a restricted one.
/// </summary>
[BulkAudited("written in the same save as the pupil update it details, which is audited with its field names")]
public sealed class PupilChange : IPupilOwned
{
    public long Id { get; set; }
    public int PupilId { get; set; }
    /// <summary>The same instant as the audit entry of the update, so the timeline can join them.</summary>
    public DateTime At { get; set; }
    public Guid? ActorId { get; set; }
    public required string ActorName { get; set; }
    public required string Field { get; set; }
    public string? OldValue { get; set; }
    public string? NewValue { get; set; }
}
