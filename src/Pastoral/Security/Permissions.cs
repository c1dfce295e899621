namespace Pastoral.Security;

/// <summary>What a member of staff may do. Each action is also an authorization policy of the same name.</summary>
public enum StaffAction
{
    /// <summary>Any signed-in, active member of staff (the home page, their own account).</summary>
    SignedIn,
    ViewPupils,
    EditPupils,
    ExportPupils,
    ImportPupils,
    /// <summary>Read safeguarding-restricted records and the CP/CIN status of pupils in scope.</summary>
    ReadSafeguarding,
    ViewAudit,
    ManageUsers,
    ManageSchools,
}

/// <summary>
/// The one table of role × action. Pages and endpoints never check roles themselves: they name a policy
/// (an action) and query pupils through <see cref="PupilAccess.VisibleTo"/>.
/// </summary>
public static class Permissions
{
    private static readonly StaffAction[] PupilWork = [StaffAction.SignedIn, StaffAction.ViewPupils, StaffAction.EditPupils, StaffAction.ExportPupils];

    public static readonly IReadOnlyDictionary<string, IReadOnlySet<StaffAction>> ByRole = new Dictionary<string, IReadOnlySet<StaffAction>>
    {
        [Roles.Administrator] = Set(PupilWork, StaffAction.ImportPupils, StaffAction.ViewAudit, StaffAction.ManageUsers, StaffAction.ManageSchools),
        [Roles.SeniorLeader] = Set(PupilWork),
        [Roles.Dsl] = Set(PupilWork, StaffAction.ReadSafeguarding, StaffAction.ViewAudit),
        [Roles.DeputyDsl] = Set(PupilWork, StaffAction.ReadSafeguarding),
        [Roles.Senco] = Set(PupilWork),
        [Roles.HeadOfYear] = Set(PupilWork),
        [Roles.PastoralStaff] = Set(PupilWork),
        [Roles.Teacher] = Set([StaffAction.SignedIn, StaffAction.ViewPupils]),
        [Roles.ReadOnly] = Set([StaffAction.SignedIn, StaffAction.ViewPupils]),
    };

    public static bool Allows(IEnumerable<string> roles, StaffAction action) =>
        roles.Any(r => ByRole.TryGetValue(r, out var actions) && actions.Contains(action));

    private static HashSet<StaffAction> Set(StaffAction[] common, params StaffAction[] more) => [.. common, .. more];
}

/// <summary>Policy names, one per <see cref="StaffAction"/>, for [Authorize(Policy = ...)] and RequireAuthorization.</summary>
public static class Policies
{
    public const string SignedIn = nameof(StaffAction.SignedIn);
    public const string ViewPupils = nameof(StaffAction.ViewPupils);
    public const string EditPupils = nameof(StaffAction.EditPupils);
    public const string ExportPupils = nameof(StaffAction.ExportPupils);
    public const string ImportPupils = nameof(StaffAction.ImportPupils);
    public const string ReadSafeguarding = nameof(StaffAction.ReadSafeguarding);
    public const string ViewAudit = nameof(StaffAction.ViewAudit);
    public const string ManageUsers = nameof(StaffAction.ManageUsers);
    public const string ManageSchools = nameof(StaffAction.ManageSchools);
}
