using Microsoft.EntityFrameworkCore;

namespace Pastoral.Infrastructure.Notifications;

/// <summary>One notice in one person's list under the bell. A restricted notice's title says only that there is something to see.</summary>
public sealed class StaffNotification
{
    public long Id { get; set; }
    public Guid StaffId { get; set; }
    public int? SchoolId { get; set; }
    public required string Kind { get; set; }
    public required string Title { get; set; }
    public string? Link { get; set; }
    public bool Restricted { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ReadAt { get; set; }
    /// <summary>Waiting for the person's daily summary e-mail (their preference for this kind is "daily digest").</summary>
    public bool DigestPending { get; set; }
}

/// <summary>
/// That a person marked notices read (one, or all), so the bell in their other tabs, on any instance, can drop its count: the live
/// poller looks for marks newer than the last it saw. One row per person (a new mark replaces theirs), with a fresh id each time.
/// </summary>
public sealed class NotificationReadMark
{
    public long Id { get; set; }
    public Guid StaffId { get; set; }
    public DateTime At { get; set; }
}

public enum MailStatus { Queued, Sent, Failed }

/// <summary>
/// An e-mail in the outbox. Written in the caller's transaction; a background sender on any instance claims it (<see cref="ClaimToken"/>
/// until <see cref="ClaimedUntil"/>), sends it, and marks it sent or records the error and when to try again.
/// </summary>
public sealed class OutgoingMail
{
    public long Id { get; set; }
    /// <summary>Chosen when queued and kept across retries, so a receiver can tell a repeat from a new message.</summary>
    public required string MessageId { get; set; }
    public required string ToAddress { get; set; }
    public string? ToName { get; set; }
    public required string Subject { get; set; }
    public required string TextBody { get; set; }
    public required string Kind { get; set; }
    public int? SchoolId { get; set; }
    public MailStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public DateTime? SentAt { get; set; }
    public string? LastError { get; set; }
    public Guid? ClaimToken { get; set; }
    public DateTime? ClaimedUntil { get; set; }
    public List<OutgoingMailAttachment> Attachments { get; set; } = [];
}

public sealed class OutgoingMailAttachment
{
    public long Id { get; set; }
    public long OutgoingMailId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public required byte[] Content { get; set; }
}

/// <summary>How a person wants one kind of notice by e-mail. No row: the kind's <see cref="NotificationKind.DefaultDelivery"/> (straight away unless the kind says otherwise).</summary>
public sealed class NotificationPreference
{
    public Guid StaffId { get; set; }
    public required string Kind { get; set; }
    public NotificationDelivery Delivery { get; set; }
}

public enum NotificationDelivery { Immediately, Digest, Off }

/// <summary>A school's own rule for a kind: mandatory kinds are e-mailed straight away whatever a person chose.</summary>
public sealed class SchoolNotificationRule
{
    public int SchoolId { get; set; }
    public required string Kind { get; set; }
    public bool Mandatory { get; set; }
}

internal static class NotificationModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<StaffNotification>(e =>
        {
            e.HasIndex(n => new { n.StaffId, n.Id });
            e.HasIndex(n => new { n.StaffId, n.ReadAt });
            e.HasIndex(n => new { n.DigestPending, n.StaffId });
            e.Property(n => n.Kind).HasMaxLength(60);
            e.Property(n => n.Title).HasMaxLength(200);
            e.Property(n => n.Link).HasMaxLength(400);
        });
        b.Entity<NotificationReadMark>(e => e.HasIndex(m => m.StaffId));
        b.Entity<OutgoingMail>(e =>
        {
            e.HasIndex(m => m.MessageId).IsUnique();
            e.HasIndex(m => new { m.Status, m.NextAttemptAt });
            e.HasIndex(m => m.CreatedAt);
            e.Property(m => m.MessageId).HasMaxLength(200);
            e.Property(m => m.ToAddress).HasMaxLength(320);
            e.Property(m => m.ToName).HasMaxLength(200);
            e.Property(m => m.Subject).HasMaxLength(300);
            e.Property(m => m.TextBody).HasMaxLength(100_000);
            e.Property(m => m.Kind).HasMaxLength(60);
            e.Property(m => m.Status).HasConversion<string>().HasMaxLength(10);
            e.Property(m => m.LastError).HasMaxLength(1000);
            e.HasMany(m => m.Attachments).WithOne().HasForeignKey(a => a.OutgoingMailId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<OutgoingMailAttachment>(e =>
        {
            e.Property(a => a.FileName).HasMaxLength(200);
            e.Property(a => a.ContentType).HasMaxLength(100);
        });
        b.Entity<NotificationPreference>(e =>
        {
            e.HasKey(p => new { p.StaffId, p.Kind });
            e.Property(p => p.Kind).HasMaxLength(60);
            e.Property(p => p.Delivery).HasConversion<string>().HasMaxLength(12);
        });
        b.Entity<SchoolNotificationRule>(e =>
        {
            e.HasKey(r => new { r.SchoolId, r.Kind });
            e.Property(r => r.Kind).HasMaxLength(60);
        });
    }
}
