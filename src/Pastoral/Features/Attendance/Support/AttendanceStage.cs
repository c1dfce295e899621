using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Support;

/// <summary>The DfE's staged approach ("Working together to improve school attendance", 2024), in its order.</summary>
public enum AttendanceStage { Expect, Monitor, ListenAndUnderstand, FacilitateSupport, FormaliseSupport, Enforce }

public static class AttendanceStages
{
    /// <summary>The words the guidance uses, written on output and matched without regard to case on input.</summary>
    public static string Words(AttendanceStage s) => s switch
    {
        AttendanceStage.Expect => "expect",
        AttendanceStage.Monitor => "monitor",
        AttendanceStage.ListenAndUnderstand => "listen and understand",
        AttendanceStage.FacilitateSupport => "facilitate support",
        AttendanceStage.FormaliseSupport => "formalise support",
        _ => "enforce",
    };

    public static string Label(AttendanceStage s) => char.ToUpperInvariant(Words(s)[0]) + Words(s)[1..];

    /// <summary>What the stage means, in a line, for the stage picker.</summary>
    public static string Hint(AttendanceStage s) => s switch
    {
        AttendanceStage.Expect => "Every pupil: the school expects good attendance and makes it easy.",
        AttendanceStage.Monitor => "Attendance is slipping: watch it closely and tell the family early.",
        AttendanceStage.ListenAndUnderstand => "Meet the pupil and family to find the barriers.",
        AttendanceStage.FacilitateSupport => "Agree support with the family, the school and other services.",
        AttendanceStage.FormaliseSupport => "A parental contract or an education welfare referral.",
        _ => "Legal steps with the local authority: notices, penalties, prosecution.",
    };

    public static AttendanceStage? Parse(string? text) => Enum.GetValues<AttendanceStage>().Cast<AttendanceStage?>()
        .FirstOrDefault(s => string.Equals(Words(s!.Value), text?.Trim(), StringComparison.OrdinalIgnoreCase)
            || string.Equals(s!.Value.ToString(), text?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The letter each stage calls for (a key registered by the module), if any.</summary>
    public static string? LetterFor(AttendanceStage s) => s switch
    {
        AttendanceStage.Monitor => StageLetters.FirstConcern,
        AttendanceStage.ListenAndUnderstand => StageLetters.MeetingInvitation,
        AttendanceStage.FacilitateSupport => StageLetters.SupportPlan,
        AttendanceStage.FormaliseSupport => StageLetters.ParentalContract,
        AttendanceStage.Enforce => StageLetters.NoticeToImprove,
        _ => null,
    };
}

/// <summary>
/// A pupil moved to a stage: who moved them, when, why, who leads their support and when it is next reviewed. The newest row
/// is the pupil's current stage; the rows are its history. A pupil with no row is at "expect".
/// </summary>
public sealed class AttendanceStageChange : IAudited, IPupilOwned
{
    public const int ReasonMax = 2000;

    public int Id { get; set; }
    public int PupilId { get; set; }
    public int SchoolId { get; set; }
    public AttendanceStage Stage { get; set; }
    public AttendanceStage? FromStage { get; set; }
    public required string Reason { get; set; }
    public DateOnly Since { get; set; }
    public DateOnly? NextReviewOn { get; set; }
    public Guid? LeadId { get; set; }
    public string? LeadName { get; set; }
    public DateTime At { get; set; }
    public Guid? ById { get; set; }
    public required string ByName { get; set; }

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => SchoolId;
}
