using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Agencies;

/// <summary>Whether the family took up what was suggested: not known until someone records it.</summary>
public enum TakeUp { NotYetKnown, Yes, No }

/// <summary>
/// A service suggested to a pupil or one of their contacts (an agency from the directory, or something described in words),
/// and later whether they took it up. On the pupil's timeline when suggested and when the take-up is recorded.
/// </summary>
public sealed class Signposting : IAudited, IVersioned, IPupilOwned
{
    public const int TextMaxLength = 400;
    public const int NoteMaxLength = 1000;

    public int Id { get; set; }
    public int PupilId { get; set; }
    public int? AgencyId { get; set; }
    public Agency? Agency { get; set; }
    /// <summary>What was suggested, in words: the agency's name when one was chosen, or free text ("Parenting course at the family hub").</summary>
    public required string Suggestion { get; set; }
    /// <summary>The contact it was suggested to; null when it was suggested to the pupil.</summary>
    public int? ContactId { get; set; }
    /// <summary>Who it was suggested to, in words, as they were named then ("the pupil", "Jane Smith (Mother)").</summary>
    public required string ToWhom { get; set; }
    public DateOnly SuggestedOn { get; set; }
    public string? Note { get; set; }
    public DateTime RecordedAt { get; set; }
    public Guid? RecordedById { get; set; }
    public required string RecordedByName { get; set; }
    public TakeUp TakenUp { get; set; }
    public DateOnly? TakeUpOn { get; set; }
    public string? TakeUpNote { get; set; }
    public DateTime? TakeUpRecordedAt { get; set; }
    public string? TakeUpRecordedByName { get; set; }
    public int Version { get; set; }

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => null;

    public static string Words(TakeUp t) => t switch { TakeUp.Yes => "yes", TakeUp.No => "no", _ => "not yet known" };
}
