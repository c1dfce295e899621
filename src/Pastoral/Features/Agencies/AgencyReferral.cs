using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Agencies;

/// <summary>Where a referral to a non-safeguarding service stands. Safeguarding referrals to children's social care are not these.</summary>
public enum ReferralStatus { Draft, Sent, Accepted, Declined, WaitingList, Closed }

/// <summary>
/// A referral of a pupil to a non-safeguarding service in the directory: why, when it was sent, whose consent, and the
/// agency's answer. Each status change is kept as an <see cref="AgencyReferralStatusChange"/>.
/// </summary>
public sealed class AgencyReferral : IAudited, IVersioned, IPupilOwned
{
    public const int ReasonMaxLength = 2000;
    public const int ResponseMaxLength = 2000;
    public const int ConsentMaxLength = 200;

    public int Id { get; set; }
    public int PupilId { get; set; }
    public int SchoolId { get; set; }
    public int AgencyId { get; set; }
    public Agency? Agency { get; set; }
    public required string Reason { get; set; }
    public ReferralStatus Status { get; set; }
    public DateOnly? SentOn { get; set; }
    /// <summary>Whose consent was recorded ("Mother, Jane Smith", "the pupil").</summary>
    public string? ConsentFrom { get; set; }
    public DateOnly? ConsentOn { get; set; }
    public string? Response { get; set; }
    public DateOnly? ResponseOn { get; set; }
    /// <summary>The last working day for the agency's answer (sent date plus its response time), set when sent; null when it gives none.</summary>
    public DateOnly? ResponseDueOn { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string CreatedByName { get; set; }
    public List<AgencyReferralStatusChange> Changes { get; set; } = [];
    public int Version { get; set; }

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => SchoolId;

    /// <summary>Sent and still unanswered after the agency's expected response time.</summary>
    public static bool IsOverdue(ReferralStatus status, DateOnly? responseDueOn, DateOnly today) =>
        status == ReferralStatus.Sent && responseDueOn is { } due && due < today;
}

/// <summary>One status a referral was given, by whom and when: the referral's history.</summary>
public sealed class AgencyReferralStatusChange : IAudited, IPupilOwned
{
    public int Id { get; set; }
    public int ReferralId { get; set; }
    public int PupilId { get; set; }
    public ReferralStatus Status { get; set; }
    public DateTime At { get; set; }
    public Guid? ById { get; set; }
    public required string ByName { get; set; }

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => null;
}

public static class ReferralStatuses
{
    /// <summary>The words the issue uses, written on output and matched without regard to case on input.</summary>
    public static string Words(ReferralStatus s) => s switch
    {
        ReferralStatus.Draft => "draft", ReferralStatus.Sent => "sent", ReferralStatus.Accepted => "accepted",
        ReferralStatus.Declined => "declined", ReferralStatus.WaitingList => "waiting list", _ => "closed",
    };

    public static string Label(ReferralStatus s) => s == ReferralStatus.WaitingList ? "Waiting list" : char.ToUpperInvariant(Words(s)[0]) + Words(s)[1..];

    public static ReferralStatus? Parse(string? text) => Enum.GetValues<ReferralStatus>()
        .Cast<ReferralStatus?>().FirstOrDefault(s => string.Equals(Words(s!.Value), text?.Trim(), StringComparison.OrdinalIgnoreCase)
            || string.Equals(s!.Value.ToString(), text?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Statuses that are the agency's answer: they need a response date.</summary>
    public static bool IsAnswer(ReferralStatus s) => s is ReferralStatus.Accepted or ReferralStatus.Declined or ReferralStatus.WaitingList;
}
