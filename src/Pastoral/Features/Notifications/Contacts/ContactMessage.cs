using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;

namespace Pastoral.Features.Notifications.Contacts;

public enum ContactMessageMethod { Email, Letter }

/// <summary>
/// A message the school sent to one of a pupil's contacts: by e-mail (through the outbox), or as a printed letter where the
/// contact has no e-mail address. Shown on the pupil's timeline; audited like the contact record itself.
/// </summary>
public sealed class ContactMessage : IAudited, Security.IPupilOwned
{
    public int Id { get; set; }
    public int PupilId { get; set; }
    public int ContactId { get; set; }
    public required string ContactName { get; set; }
    public ContactMessageMethod Method { get; set; }
    public required string Subject { get; set; }
    public required string Body { get; set; }
    public string? AttachmentName { get; set; }
    /// <summary>The outbox row for an e-mail (its delivery shows on the admin page).</summary>
    public long? OutgoingMailId { get; set; }
    public Guid SentById { get; set; }
    public DateTime SentAt { get; set; }

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => null;

    internal static void Configure(ModelBuilder b) => b.Entity<ContactMessage>(e =>
    {
        e.HasOne<Pupil>().WithMany().HasForeignKey(m => m.PupilId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(m => new { m.PupilId, m.SentAt });
        e.Property(m => m.ContactName).HasMaxLength(200);
        e.Property(m => m.Method).HasConversion<string>().HasMaxLength(10);
        e.Property(m => m.Subject).HasMaxLength(200);
        e.Property(m => m.Body).HasMaxLength(10_000);
        e.Property(m => m.AttachmentName).HasMaxLength(200);
    });
}
