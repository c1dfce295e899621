using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Detentions;

public enum DetentionKind { Break, Lunch, AfterSchool }

public enum DetentionStatus { Set, Attended, Missed, Excused }

/// <summary>
/// One of a school's kinds of detention ("Lunch detention", "After-school detention", "Senior leadership detention"): when its
/// sittings are (days of the week and a start time), how long, where, how many pupils a sitting holds, whether it is outside
/// school hours (then parents must be given <see cref="NoticeHours"/> of notice), the longer detention a missed one becomes, and
/// whether parents are told. A type in use is deactivated, never deleted.
/// </summary>
public sealed class DetentionType : ISchoolOwned, IAudited, IVersioned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public required string Name { get; set; }
    public DetentionKind Kind { get; set; }
    public int Minutes { get; set; }
    /// <summary>Days it sits, as a bit set: Monday 1, Tuesday 2, Wednesday 4, Thursday 8, Friday 16.</summary>
    public int Days { get; set; } = 31;
    public TimeOnly StartsAt { get; set; }
    public string? Room { get; set; }
    public int Capacity { get; set; }
    public bool OutsideSchoolHours { get; set; }
    /// <summary>The school's rule on notice to parents for a sitting outside school hours (0: none needed).</summary>
    public int NoticeHours { get; set; }
    /// <summary>The type a missed detention of this type becomes (a longer or senior detention); none: the head of year is told only.</summary>
    public int? EscalatesToId { get; set; }
    public bool ParentsTold { get; set; }
    public bool Active { get; set; } = true;
    public int Version { get; set; }

    int? IAudited.AuditPupilId => null;
    int? IAudited.AuditSchoolId => SchoolId;

    public const int NameMax = 100, RoomMax = 100, CapacityMax = 500, MinutesMax = 240, NoticeMax = 168;

    public bool SitsOn(DateOnly date) => date.DayOfWeek is >= DayOfWeek.Monday and <= DayOfWeek.Friday && (Days & DayBit(date.DayOfWeek)) != 0;

    public static int DayBit(DayOfWeek day) => 1 << ((int)day - 1);

    public static readonly DayOfWeek[] Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    public string DaysWords => Days == 31 ? "Every day" : string.Join(", ", Weekdays.Where(d => (Days & DayBit(d)) != 0).Select(d => d.ToString()[..3]));

    public DateTime EndsAtLocal(DateOnly date) => date.ToDateTime(StartsAt).AddMinutes(Minutes);

    public static string KindWords(DetentionKind kind) => kind switch
    {
        DetentionKind.Break => "Break",
        DetentionKind.Lunch => "Lunch",
        _ => "After school",
    };
}

/// <summary>
/// A detention set for one pupil at one sitting (a type on a date). <see cref="Seat"/> (1 to the type's capacity) is unique per
/// sitting, so a sitting can never hold more than its capacity, whichever instance saved: two staff taking the last place at
/// once cannot both win (the loser is told the sitting is full). Written only through <see cref="DetentionBook"/>.
/// </summary>
public sealed class Detention : IPupilOwned, IAudited
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public int PupilId { get; set; }
    public int TypeId { get; set; }
    public DetentionType? Type { get; set; }
    public DateOnly Date { get; set; }
    public int Seat { get; set; }
    public required string Reason { get; set; }
    public int? IncidentId { get; set; }
    public DetentionStatus Status { get; set; }
    /// <summary>The missed detention this one was set in place of (escalation).</summary>
    public int? EscalatedFromId { get; set; }
    /// <summary>
    /// The school tells parents about this type and nobody has been told yet: a task for the office. Cleared when
    /// <see cref="DetentionParents"/> tells them (the school has opted in and a contact may be written to).
    /// </summary>
    public bool ParentsToBeTold { get; set; }
    /// <summary>When parents were told automatically (UTC), and how: "e-mail", "letter" or "e-mail and letter".</summary>
    public DateTime? ParentsToldAt { get; set; }
    public string? ParentsToldHow { get; set; }
    /// <summary>When parents who had been told were told it was cancelled (excused before it began).</summary>
    public DateTime? CancellationToldAt { get; set; }
    public Guid SetById { get; set; }
    public required string SetByName { get; set; }
    public DateTime SetAt { get; set; }
    public string? MarkedByName { get; set; }
    public DateTime? MarkedAt { get; set; }

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => SchoolId;

    public const int ReasonMax = 500, ToldHowMax = 20;

    /// <summary>The register's and the pupil page's words for what parents know: "Told by e-mail", "To be told", or nothing.</summary>
    public static string? ParentsWords(bool toBeTold, string? toldHow, bool cancellationTold) =>
        cancellationTold ? $"Told by {toldHow}, and told it was cancelled" : toldHow is not null ? $"Told by {toldHow}" : toBeTold ? "Parents to be told" : null;

    public static string StatusWord(DetentionStatus s) => s.ToString().ToLowerInvariant();

    public static DetentionStatus? ParseStatus(string? text) =>
        Enum.TryParse<DetentionStatus>(text?.Trim(), ignoreCase: true, out var s) && Enum.IsDefined(s) && !int.TryParse(text, out _) ? s : null;
}

/// <summary>
/// Called after a detention is marked missed (already committed, whichever instance saved): the rules part reacts to it
/// (<c>services.AddScoped&lt;IDetentionMissed, MyRule&gt;()</c>). A hook that throws is logged; the mark stands.
/// </summary>
public interface IDetentionMissed
{
    Task DetentionMissedAsync(MissedDetention missed, CancellationToken ct);
}

/// <param name="EscalatedToId">The detention set in its place, if the type escalates and a sitting had space.</param>
public sealed record MissedDetention(int DetentionId, int SchoolId, int PupilId, int TypeId, DateOnly Date, int? IncidentId, int? EscalatedToId);
