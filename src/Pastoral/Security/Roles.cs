namespace Pastoral.Security;

/// <summary>The roles staff hold. Names are stored as Identity role names; never compare them inline in pages — ask <see cref="Permissions"/>.</summary>
public static class Roles
{
    public const string Administrator = "Administrator";
    /// <summary>The senior leader who leads the school: everything a senior leader may do, plus break-glass (<see cref="StaffAction.BreakGlass"/>).</summary>
    public const string Headteacher = "Headteacher";
    public const string SeniorLeader = "SeniorLeader";
    public const string Dsl = "Dsl";
    public const string DeputyDsl = "DeputyDsl";
    public const string Senco = "Senco";
    public const string HeadOfYear = "HeadOfYear";
    public const string PastoralStaff = "PastoralStaff";
    public const string Teacher = "Teacher";
    public const string ReadOnly = "ReadOnly";
    /// <summary>Sees no individual pupil: only aggregate reports (which come later).</summary>
    public const string Governor = "Governor";

    public static readonly IReadOnlyList<string> All =
        [Administrator, Headteacher, SeniorLeader, Dsl, DeputyDsl, Senco, HeadOfYear, PastoralStaff, Teacher, ReadOnly, Governor];

    /// <summary>Roles that can read safeguarding records (the headteacher in an emergency) or change access must use a second factor on every sign-in.</summary>
    public static readonly IReadOnlySet<string> RequireSecondFactor = new HashSet<string> { Administrator, Headteacher, Dsl, DeputyDsl };

    public static string DisplayName(string role) => role switch
    {
        Headteacher => "Headteacher",
        SeniorLeader => "Senior leader",
        Dsl => "DSL",
        DeputyDsl => "Deputy DSL",
        Senco => "SENCO",
        HeadOfYear => "Head of year",
        PastoralStaff => "Pastoral staff",
        ReadOnly => "Read-only",
        _ => role,
    };

    public static string? Parse(string text) =>
        All.FirstOrDefault(r => string.Equals(r, text.Replace(" ", "").Replace("-", ""), StringComparison.OrdinalIgnoreCase)
                             || string.Equals(DisplayName(r), text, StringComparison.OrdinalIgnoreCase));
}

/// <summary>Which pupils a member of staff works with.</summary>
public enum ScopeKind
{
    /// <summary>Every school in the trust (trust-wide).</summary>
    Trust,
    /// <summary>Every pupil of one school.</summary>
    Schools,
    /// <summary>Every pupil of one year group.</summary>
    YearGroups,
    /// <summary>The pupils on their caseload in one school.</summary>
    Caseload,
}
