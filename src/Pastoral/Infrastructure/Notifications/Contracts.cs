using Pastoral.Data;

namespace Pastoral.Infrastructure.Notifications;

/// <summary>A file sent with an e-mail (a letter, a certificate, a report as PDF).</summary>
public sealed record MailAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>
/// An e-mail to one address. <see cref="Kind"/> names what it is (for the delivery log and for preferences), never its content.
/// </summary>
public sealed record MailMessage(string ToAddress, string? ToName, string Subject, string TextBody, string Kind)
{
    public int? SchoolId { get; init; }
    public IReadOnlyList<MailAttachment> Attachments { get; init; } = [];
}

/// <summary>
/// The transactional outbox for e-mail: <see cref="Enqueue"/> adds the message to <paramref name="db"/>'s unit of work, so the
/// caller's SaveChanges commits it together with the change that caused it (or not at all). A background sender delivers it.
/// </summary>
public interface IMailQueue
{
    void Enqueue(PastoralDbContext db, MailMessage message);
}

/// <summary>
/// A notice to staff, in the app and (by each person's preference per kind) by e-mail. A notice about a restricted record
/// (<see cref="Restricted"/>) carries no restricted text anywhere: its title must say only that there is something to see.
/// </summary>
public sealed record StaffNotice(string Kind, string Title, string? Link)
{
    public int? SchoolId { get; init; }
    public bool Restricted { get; init; }
}

/// <summary>Notifies staff in the caller's unit of work (the same transactional outbox as <see cref="IMailQueue"/>).</summary>
public interface INotifier
{
    void Notify(PastoralDbContext db, IEnumerable<Guid> staffIds, StaffNotice notice);

    /// <summary>Everyone holding <paramref name="role"/> with reach over <paramref name="schoolId"/> (null: trust-wide holders).</summary>
    Task NotifyRoleAsync(PastoralDbContext db, string role, int? schoolId, StaffNotice notice, CancellationToken ct = default);

    /// <summary>
    /// The school's DSL team: every DSL and deputy DSL with reach over <paramref name="schoolId"/>, and <paramref name="alsoTell"/> (an owner,
    /// a referrer, line managers), each told once even when they hold both roles or are also in <paramref name="alsoTell"/>.
    /// </summary>
    Task NotifyDslTeamAsync(PastoralDbContext db, int schoolId, StaffNotice notice, IEnumerable<Guid>? alsoTell = null, CancellationToken ct = default);
}
