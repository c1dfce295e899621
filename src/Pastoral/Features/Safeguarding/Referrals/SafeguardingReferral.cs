using Pastoral.Features.Agencies;
using Pastoral.Features.Safeguarding.Orders;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Referrals;

public enum ReferralStatus { Made, Acknowledged, Accepted, NoFurtherAction, SteppedDownToEarlyHelp, Closed }

public enum ReferralMethod { Phone, OnlineForm, SecureEmail, InPerson, Other }

/// <summary>
/// A safeguarding referral to an agency of the directory (MASH, Early Help, LADO, police, CAMHS, the school nurse): restricted, read
/// only through <see cref="RestrictedAccess"/> as record type <see cref="RecordType"/>. One with no response once its agency's
/// expected time has passed (<see cref="ResponseDueAt"/>) is overdue; <see cref="OverdueReferrals"/> tells the referrer and the DSLs once.
/// </summary>
public sealed class SafeguardingReferral : RestrictedPupilRecord
{
    public const string RecordType = "SafeguardingReferral";
    public const int ReferenceMax = 50, TextMax = 4000;

    public int AgencyId { get; set; }
    public Agency? Agency { get; set; }
    /// <summary>The team at the agency the referral went to, when it is not the directory's.</summary>
    public string? Team { get; set; }
    /// <summary>The concern it came from, if any.</summary>
    public int? ConcernId { get; set; }
    public DateTime ReferredAt { get; set; }
    public required string ReferredByName { get; set; }
    /// <summary>Who recorded it: told when it goes unanswered.</summary>
    public Guid? ReferrerId { get; set; }
    public ReferralMethod Method { get; set; }
    /// <summary>The agency's reference number.</summary>
    public string? Reference { get; set; }
    public ReferralStatus Status { get; set; }
    /// <summary>Why the school referred, and what it said: restricted free text.</summary>
    public required string Reason { get; set; }
    public DateOnly? ResponseOn { get; set; }
    public string? ResponseFrom { get; set; }
    public string? Response { get; set; }
    /// <summary>When the agency's expected response time runs out (null: the agency gives none), worked out on each save.</summary>
    public DateTime? ResponseDueAt { get; set; }
    /// <summary>When the overdue notice went: claimed by one conditional update, so it goes once.</summary>
    public DateTime? OverdueNotifiedAt { get; set; }

    public static RestrictedRecord RecordOf(int id, int pupilId) => new(RecordType, id, pupilId);

    /// <summary>Still waiting for the agency: no response recorded and nothing has moved it on.</summary>
    public static bool Awaiting(ReferralStatus status, DateOnly? responseOn) => status == ReferralStatus.Made && responseOn is null;

    public static bool IsOverdue(ReferralStatus status, DateOnly? responseOn, DateTime? dueAt, DateTime utcNow) =>
        Awaiting(status, responseOn) && dueAt is { } due && due <= utcNow;

    public bool Overdue(DateTime utcNow) => IsOverdue(Status, ResponseOn, ResponseDueAt, utcNow);

    public static string StatusWords(ReferralStatus s) => s switch
    {
        ReferralStatus.Made => "made",
        ReferralStatus.Acknowledged => "acknowledged",
        ReferralStatus.Accepted => "accepted",
        ReferralStatus.NoFurtherAction => "no further action",
        ReferralStatus.SteppedDownToEarlyHelp => "stepped down to Early Help",
        _ => "closed",
    };

    public static string MethodWords(ReferralMethod m) => m switch
    {
        ReferralMethod.Phone => "phone",
        ReferralMethod.OnlineForm => "online form",
        ReferralMethod.SecureEmail => "secure e-mail",
        ReferralMethod.InPerson => "in person",
        _ => "other",
    };
}
