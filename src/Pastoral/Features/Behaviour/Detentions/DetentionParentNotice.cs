using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Detentions;

/// <summary>
/// A school's choice to tell parents automatically when a detention of a type that tells parents is set (off until the school opts in:
/// no row is "off"), and how: by e-mail to contacts with an address, and a printable letter for those without one (text messages
/// have no service in Pastoral yet). School-owned, audited, versioned.
/// </summary>
public sealed class DetentionParentNotice : ISchoolOwned, IAudited, IVersioned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public bool TellAutomatically { get; set; }
    public bool ByEmail { get; set; } = true;
    public bool ByLetter { get; set; }
    public int Version { get; set; }
    public DateTime? UpdatedAt { get; set; }
    public string? UpdatedByName { get; set; }

    int? IAudited.AuditPupilId => null;
    int? IAudited.AuditSchoolId => SchoolId;

    public bool Sends => TellAutomatically && (ByEmail || ByLetter);

    public string Words => !TellAutomatically ? "Not told automatically: detentions stay \"parents to be told\" for the office"
        : ByEmail && ByLetter ? "Told automatically by e-mail, or a printed letter where there is no e-mail address"
        : ByEmail ? "Told automatically by e-mail" : "Told automatically by a printed letter";
}
