using Pastoral.Security;

namespace Pastoral.Features.Families;

/// <summary>What a follow-up needs to know of the contact it starts from.</summary>
public sealed record ContactForFollowUp(int ContactId, int PupilId, ContactKind Kind, DateTime At, string WithName, string WithRelationship,
    string Purpose, string? Summary, string? Outcome, string StaffName);

/// <summary>
/// Something a contact's outcome can open, pre-filled from the contact: a behaviour review, an attendance meeting, a safeguarding
/// concern. Each capability registers its own (<c>services.AddScoped&lt;IContactFollowUp, MyFollowUp&gt;()</c>); the page shown after a
/// contact is saved offers a link for each one the member of staff may take. None is registered until those capabilities exist.
/// </summary>
public interface IContactFollowUp
{
    /// <summary>The link's words, such as "Open a behaviour review".</summary>
    string Label { get; }
    /// <summary>The action needed to follow the link; the link is offered only to staff who may take it.</summary>
    StaffAction Requires { get; }
    /// <summary>Whether it fits this contact (for example only for a contact about attendance); true when in doubt.</summary>
    bool Offers(ContactForFollowUp contact) => true;
    /// <summary>A local path to the capability's form with the contact's details in the query, such as "/pupils/5/behaviour/reviews/new?fromContact=12".</summary>
    string LinkFor(ContactForFollowUp contact);
}
