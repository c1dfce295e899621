using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Mentoring.Reports;

public enum FamilyReportStatus { Draft, Finished, Sent, Printed }

/// <summary>
/// A half-termly report to a pupil's family: drafted from the data in plain words, edited and finished by the mentor, then e-mailed
/// (with the PDF) or printed. Only ordinary records go into it: no safeguarding, no CP/CIN or care status, nothing about other children.
/// </summary>
public sealed class FamilyReport : IPupilOwned, IAudited, IVersioned
{
    public int Id { get; set; }
    public int PupilId { get; set; }
    public int SchoolId { get; set; }
    /// <summary>The half-term it covers (first and last day).</summary>
    public DateOnly From { get; set; }
    public DateOnly To { get; set; }
    public FamilyReportStatus Status { get; set; }
    public required string Attendance { get; set; }
    public required string Recognition { get; set; }
    public required string Sessions { get; set; }
    public required string Goals { get; set; }
    public required string NextSteps { get; set; }
    public required string Closing { get; set; }
    public Guid DraftedById { get; set; }
    public required string DraftedByName { get; set; }
    public DateTime DraftedAt { get; set; }
    public string? FinishedByName { get; set; }
    public DateTime? FinishedAt { get; set; }
    public string? SentByName { get; set; }
    public DateTime? SentAt { get; set; }
    /// <summary>Who it went to ("Sarah Smith (Mother)") or "Printed".</summary>
    public string? SentTo { get; set; }
    public int Version { get; set; }

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => SchoolId;

    public const int TextMax = 4000, SentToMax = 1000;
}

/// <summary>One "Draft all" run over a mentor's caseload, with its progress ("12 of 30 drafted").</summary>
public sealed class FamilyReportBatch
{
    public int Id { get; set; }
    public Guid StaffId { get; set; }
    public DateOnly From { get; set; }
    public int Total { get; set; }
    public int Drafted { get; set; }
    public int Skipped { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public string? Error { get; set; }
}

public static class FamilyReportWords
{
    public static string Status(FamilyReportStatus s) => s switch
    {
        FamilyReportStatus.Draft => "Draft", FamilyReportStatus.Finished => "Finished", FamilyReportStatus.Sent => "Sent", _ => "Printed",
    };
}
