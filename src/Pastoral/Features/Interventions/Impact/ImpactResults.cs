namespace Pastoral.Features.Interventions.Impact;

/// <summary>
/// One outcome (attendance, negative points, positive points) for a group: the group's average before and after entry, the matched
/// comparison pupils' averages over the same weeks, and the difference-in-differences estimate from each pupil's own figures. All of these
/// count only the <paramref name="ComparisonPupils"/> pupils who had similar pupils to compare with; <paramref name="WithoutComparison"/> had
/// enough weeks but no pupil in no intervention close enough to them before.
/// </summary>
public sealed record OutcomeResult(string Key, string Name, string Unit, bool HigherIsBetter, double? GroupBefore, double? GroupAfter,
    double? ComparisonBefore, double? ComparisonAfter, ImpactEstimate Estimate, int ComparisonPupils, int WithoutComparison)
{
    public ImpactVerdict Verdict => Estimate.Verdict(HigherIsBetter);
}

/// <summary>Entry-to-exit change on one outcome measure, for pupils with both scores (improvement respects the measure's direction).</summary>
public sealed record MeasureResult(int MeasureId, string Name, bool HigherIsBetter, double Min, double Max, double? EntryMean, double? ExitMean, ImpactEstimate Change)
{
    public ImpactVerdict Verdict => Change.Verdict(HigherIsBetter);
}

/// <summary>What provision cost: sessions delivered at the lead's hourly rate (or the price per session), plus other costs.</summary>
public sealed record ProvisionCost(int SessionsDelivered, int StaffMinutes, int SessionPence, int OtherPence)
{
    public int TotalPence => SessionPence + OtherPence;
}

/// <summary>The impact of one provision, or of one intervention across its provisions.</summary>
public sealed record ImpactResult(string Title, int? ProvisionId, int InterventionId, string InterventionName, NeedArea Area, int Enrolled, int Counted,
    int PupilsWithWeeks, double AverageWeeks, ProvisionCost Cost, OutcomeResult Attendance, OutcomeResult Negative, OutcomeResult Positive,
    IReadOnlyList<MeasureResult> Measures)
{
    public double? CostPerPupilPence => Enrolled == 0 ? null : (double)Cost.TotalPence / Enrolled;

    /// <summary>Cost per pupil for each attendance point gained beyond what was expected; only when the gain is clear.</summary>
    public double? CostPerAttendancePointPence => Attendance.Verdict == ImpactVerdict.Better && CostPerPupilPence is { } c && Attendance.Estimate.Mean > 0
        ? c / Attendance.Estimate.Mean : null;
}

/// <summary>Provision in the report: what it is, and its result.</summary>
public sealed record ProvisionSummary(int Id, string Name, int InterventionId, string InterventionName, NeedArea Area, ProvisionKind Kind, string Lead,
    DateOnly StartOn, DateOnly? EndOn, ImpactResult Result);

/// <summary>The whole report for a school's academic year: every provision, and every intervention across its provisions.</summary>
public sealed record ImpactReport(int SchoolId, string SchoolName, string YearLabel, DateOnly From, DateOnly To, bool WholeSchool,
    IReadOnlyList<ProvisionSummary> Provisions, IReadOnlyList<ImpactResult> Interventions);
