namespace Pastoral.Security;

/// <summary>The roles staff hold. Names are stored as Identity role names; never compare them inline in pages — ask <see cref="Permissions"/>.</summary>
public static class Roles
{
    public const string Administrator = "Administrator";
    public const string SeniorLeader = "SeniorLeader";
    public const string Dsl = "Dsl";
    public const string DeputyDsl = "DeputyDsl";
    public const string Senco = "Senco";
    public const string HeadOfYear = "HeadOfYear";
    public const string PastoralStaff = "PastoralStaff";
    public const string Teacher = "Teacher";
    public const string ReadOnly = "ReadOnly";

    public static readonly IReadOnlyList<string> All =
        [Administrator, SeniorLeader, Dsl, DeputyDsl, Senco, HeadOfYear, PastoralStaff, Teacher, ReadOnly];

    /// <summary>Roles that can read safeguarding records or change access must use a second factor on every sign-in.</summary>
    public static readonly IReadOnlySet<string> RequireSecondFactor = new HashSet<string> { Administrator, Dsl, DeputyDsl };

    public static string DisplayName(string role) => role switch
    {
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
    /// <summary>Every school in the trust.</summary>
    Trust,
    /// <summary>The schools listed for them.</summary>
    Schools,
    /// <summary>The year groups listed for them.</summary>
    YearGroups,
    /// <summary>The pupils on their caseload.</summary>
    Caseload,
}
