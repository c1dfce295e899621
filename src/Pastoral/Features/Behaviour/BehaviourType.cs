using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour;

public enum Polarity { Positive, Negative }

/// <summary>
/// One of a school's kinds of behaviour ("Disruption in lesson", "Kindness to others"). Sign convention: <see cref="Points"/> is
/// positive (or 0) for a positive type and negative (or 0) for a negative type, and a pupil's part carries its points with the
/// same sign, so a sum is the net score and positive points are rewards. A type in use is deactivated, never deleted.
/// </summary>
public sealed class BehaviourType : ISchoolOwned, IAudited, IVersioned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public required string Name { get; set; }
    public required string Category { get; set; }
    public Polarity Polarity { get; set; }
    public int Points { get; set; }
    /// <summary>What usually follows (a key from <see cref="BehaviourFollowUps"/>: "none", "detention", …).</summary>
    public string DefaultFollowUp { get; set; } = BehaviourFollowUps.None;
    /// <summary>Whether the school tells parents about this kind of behaviour (their part only, never the shared description).</summary>
    public bool ParentsTold { get; set; }
    public bool Active { get; set; } = true;
    public int DisplayOrder { get; set; }
    public int Version { get; set; }

    int? IAudited.AuditPupilId => null;
    int? IAudited.AuditSchoolId => SchoolId;

    public const int NameMax = 100, CategoryMax = 100, PointsMax = 100;
}

/// <summary>
/// The follow-ups a type may name by default: plain strings other parts read (detentions act on "detention", isolation on
/// "isolation"). Add a key here with its words to offer a new one.
/// </summary>
public static class BehaviourFollowUps
{
    public const string None = "none", Detention = "detention", SeniorDetention = "senior-detention", Isolation = "isolation",
        Restorative = "restorative", Review = "review", ParentMeeting = "parent-meeting", Postcard = "postcard";

    public static readonly IReadOnlyList<(string Key, string Words)> All =
    [
        (None, "None"), (Detention, "Detention"), (SeniorDetention, "Senior leadership detention"), (Isolation, "Internal isolation"),
        (Restorative, "Restorative conversation"), (Review, "Behaviour review"), (ParentMeeting, "Meeting with parents"),
        (Postcard, "Praise postcard home"),
    ];

    public static string Words(string key) => All.FirstOrDefault(f => f.Key == key).Words ?? key;

    /// <summary>The key for a key or its words, without regard to case; null if unknown.</summary>
    public static string? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return None;
        var t = text.Trim();
        var found = All.FirstOrDefault(f => f.Key.Equals(t, StringComparison.OrdinalIgnoreCase) || f.Words.Equals(t, StringComparison.OrdinalIgnoreCase));
        return found.Key;
    }
}
