using Pastoral.Features.Safeguarding.Orders;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Transfers;

public enum TransferRoute { SecureEmail, HandDelivery, Portal, Post }

/// <summary>Where a transfer stands, as the DSL's lists word it.</summary>
public enum TransferState { ToSend, AwaitingReceipt, Overdue, Received }

/// <summary>
/// Sending a leaver's child protection file to the new school (issue 10, item 8): restricted, read only through
/// <see cref="RestrictedAccess"/> as record type <see cref="RecordType"/>. KCSIE: within 5 school days of the last day on roll
/// (<see cref="SendBy"/>), and receipt confirmed within 5 school days of sending (<see cref="ReceiptDueBy"/>); either missed is
/// flagged, and <see cref="OverdueCpTransfers"/> tells the school's DSLs and deputies once.
/// </summary>
public sealed class CpFileTransfer : RestrictedPupilRecord
{
    public const string RecordType = "CpFileTransfer";
    public const int SchoolMax = 200, UrnMax = 10, DetailMax = 400, NotesMax = 2000;

    public DateOnly LastDayOnRoll { get; set; }
    public required string ReceivingSchool { get; set; }
    public string? ReceivingUrn { get; set; }
    public TransferRoute Route { get; set; }
    /// <summary>The secure e-mail address, the portal, the person it was handed to, or the postal address.</summary>
    public string? RouteDetail { get; set; }
    public DateOnly? SentOn { get; set; }
    public DateOnly? ReceiptConfirmedOn { get; set; }
    /// <summary>Who at the new school confirmed receipt.</summary>
    public string? ReceiptConfirmedBy { get; set; }
    public string? Notes { get; set; }
    /// <summary>The fifth school day after the last day on roll, worked out on each save.</summary>
    public DateOnly SendBy { get; set; }
    /// <summary>The fifth school day after sending (null until sent), worked out on each save.</summary>
    public DateOnly? ReceiptDueBy { get; set; }
    /// <summary>When the overdue notice went: claimed by one conditional update, so it goes once; a new sent date resets it.</summary>
    public DateTime? OverdueNotifiedAt { get; set; }
    /// <summary>When the DSL confirmed the redaction review (the package is built only after it), and who.</summary>
    public DateTime? ReviewConfirmedAt { get; set; }
    public string? ReviewConfirmedByName { get; set; }

    public static RestrictedRecord RecordOf(int id, int pupilId) => new(RecordType, id, pupilId);

    public static TransferState StateOf(DateOnly? sentOn, DateOnly? receivedOn, DateOnly sendBy, DateOnly? receiptDueBy, DateOnly today) =>
        receivedOn is not null ? TransferState.Received
        : sentOn is null ? (today > sendBy ? TransferState.Overdue : TransferState.ToSend)
        : receiptDueBy is { } due && today > due ? TransferState.Overdue : TransferState.AwaitingReceipt;

    public TransferState State(DateOnly today) => StateOf(SentOn, ReceiptConfirmedOn, SendBy, ReceiptDueBy, today);

    public static string StateWords(TransferState s) => s switch
    {
        TransferState.ToSend => "to send",
        TransferState.AwaitingReceipt => "awaiting receipt",
        TransferState.Overdue => "overdue",
        _ => "received",
    };

    public static string RouteWords(TransferRoute r) => r switch
    {
        TransferRoute.SecureEmail => "secure e-mail",
        TransferRoute.HandDelivery => "hand delivery",
        TransferRoute.Portal => "the new school's portal",
        _ => "post",
    };
}

public enum RedactionSource { OtherPupil, SameConcern, LinkedConcern, Dsl }

public enum RedactionDecision { Proposed, Accepted, Rejected }

/// <summary>
/// One proposed (or DSL-added) redaction of a CP file transfer: a phrase naming another child, the DSL's decision, who and when.
/// Restricted with its transfer (the phrase is another child's name): shown only on the transfer's review page, read through it.
/// </summary>
public sealed class CpFileRedaction : IAudited, IPupilOwned, IRestrictedContent
{
    public const int PhraseMax = 200;
    public int Id { get; set; }
    public int TransferId { get; set; }
    public int PupilId { get; set; }
    public required string Phrase { get; set; }
    public RedactionSource Source { get; set; }
    public RedactionDecision Decision { get; set; }
    public DateTime ProposedAt { get; set; }
    public string? DecidedByName { get; set; }
    public DateTime? DecidedAt { get; set; }
    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => null;

    public static string SourceWords(RedactionSource s) => s switch
    {
        RedactionSource.OtherPupil => "another pupil of the school named in the records",
        RedactionSource.SameConcern => "another pupil of the same concern",
        RedactionSource.LinkedConcern => "a pupil of a linked concern",
        _ => "added by the DSL",
    };
}

/// <summary>A child protection file received from a previous school: restricted, the file itself in the shared attachment store.</summary>
public sealed class ReceivedCpFile : RestrictedPupilRecord
{
    public const string RecordType = "ReceivedCpFile";
    public required string SendingSchool { get; set; }
    public string? SendingUrn { get; set; }
    public DateOnly ReceivedOn { get; set; }
    public string? Note { get; set; }

    public static RestrictedRecord RecordOf(int id, int pupilId) => new(RecordType, id, pupilId);
}
