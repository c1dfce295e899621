using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Rewards;

public enum RewardFormat { Postcard, Certificate }

public enum RewardSentHow { Printed, Emailed }

/// <summary>
/// A praise postcard or certificate given to one pupil. The words are kept as printed (the heading and wording filled from the
/// school's template, the pupil's preferred name, the date), so printing it again gives the same document whatever changes later.
/// </summary>
public sealed class RewardAward : IAudited, IPupilOwned
{
    public const int ReasonMax = 500;
    public const int HeadingMax = 200;
    public const int WordingMax = 4000;

    public int Id { get; set; }
    public int PupilId { get; set; }
    public int SchoolId { get; set; }
    public RewardFormat Format { get; set; }
    /// <summary>The letter template it was written from (<see cref="RewardTemplates"/>).</summary>
    public string TemplateKey { get; set; } = "";
    public string TemplateName { get; set; } = "";
    public string Heading { get; set; } = "";
    public string Wording { get; set; } = "";
    public string Reason { get; set; } = "";
    public string PupilName { get; set; } = "";
    public string SchoolName { get; set; } = "";
    public DateOnly AwardedOn { get; set; }
    public RewardSentHow SentHow { get; set; }
    /// <summary>Who it was e-mailed to ("Sam Morgan (Mother)"), when e-mailed.</summary>
    public string? SentTo { get; set; }
    /// <summary>The reward event whose list it was printed from, if any.</summary>
    public int? EventId { get; set; }
    public Guid? ById { get; set; }
    public string ByName { get; set; } = "";
    public DateTime At { get; set; }

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => SchoolId;
}

/// <summary>
/// A reward event or trip: the year groups it is for, its places, and the eligibility rules the school combines (each optional).
/// Confirming it keeps who goes (<see cref="RewardInvitation"/>), whatever the data says later.
/// </summary>
public sealed class RewardEvent : IAudited, IVersioned, ISchoolOwned
{
    public const int NameMax = 200;

    public int Id { get; set; }
    public int SchoolId { get; set; }
    public string Name { get; set; } = "";
    public DateOnly HeldOn { get; set; }
    /// <summary>The year groups' ids, comma-separated.</summary>
    public string YearGroupIds { get; set; } = "";
    public int? Capacity { get; set; }
    public bool NoSuspensionThisTerm { get; set; }
    public decimal? MinAttendancePercent { get; set; }
    public int? MinPositivePoints { get; set; }
    public int? MaxNegativePoints { get; set; }
    public bool NoMissedDetention { get; set; }
    public DateTime? ConfirmedAt { get; set; }
    public string? ConfirmedByName { get; set; }
    public DateTime CreatedAt { get; set; }
    public string CreatedByName { get; set; } = "";
    public int Version { get; set; }

    int? IAudited.AuditPupilId => null;
    int? IAudited.AuditSchoolId => SchoolId;

    public IReadOnlyList<int> YearGroups => [.. YearGroupIds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture))];
}

/// <summary>One pupil on a confirmed reward event's list: a snapshot (name and form as they were), on the pupil's timeline.</summary>
public sealed class RewardInvitation : IAudited, IPupilOwned
{
    public int Id { get; set; }
    public int EventId { get; set; }
    public int PupilId { get; set; }
    public int SchoolId { get; set; }
    public string EventName { get; set; } = "";
    public DateOnly HeldOn { get; set; }
    public string PupilName { get; set; } = "";
    public string Upn { get; set; } = "";
    public string Year { get; set; } = "";
    public string? Form { get; set; }
    public DateTime InvitedAt { get; set; }
    public string InvitedByName { get; set; } = "";

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => SchoolId;
}
