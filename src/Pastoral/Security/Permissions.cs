using Pastoral.Features;

namespace Pastoral.Security;

/// <summary>
/// Something a member of staff may do. Each action is also an authorization policy of the same name. The core actions
/// are here; a feature module declares its own (a static field in its folder) and adds its rows through
/// <see cref="IFeatureModule.PermissionRows"/>.
/// </summary>
public readonly record struct StaffAction(string Name)
{
    /// <summary>Any signed-in, active member of staff (the home page, their own account).</summary>
    public static readonly StaffAction SignedIn = new(nameof(SignedIn));
    public static readonly StaffAction ViewPupils = new(nameof(ViewPupils));
    public static readonly StaffAction EditPupils = new(nameof(EditPupils));
    public static readonly StaffAction ExportPupils = new(nameof(ExportPupils));
    public static readonly StaffAction ImportPupils = new(nameof(ImportPupils));
    /// <summary>Read safeguarding-restricted records and the CP/CIN status of pupils in scope.</summary>
    public static readonly StaffAction ReadSafeguarding = new(nameof(ReadSafeguarding));
    /// <summary>Open one restricted record in an emergency, with a reason: the DSLs are told at once and the use is reported.</summary>
    public static readonly StaffAction BreakGlass = new(nameof(BreakGlass));
    /// <summary>The report of break-glass uses.</summary>
    public static readonly StaffAction ReviewBreakGlass = new(nameof(ReviewBreakGlass));
    public static readonly StaffAction ViewAudit = new(nameof(ViewAudit));
    public static readonly StaffAction ManageUsers = new(nameof(ManageUsers));
    public static readonly StaffAction ManageSchools = new(nameof(ManageSchools));

    public override string ToString() => Name;
}

/// <summary>One row of the permission table: an action, what it guards (in staff's words), and the roles that may take it.</summary>
public sealed record PermissionRow(StaffAction Action, string Guards, params string[] Roles);

/// <summary>
/// The one table of role × action, made of the core rows below and every feature module's rows. Pages and endpoints
/// never check roles themselves: they name a policy (an action) and query pupils through <see cref="PupilAccess.VisibleTo"/>.
/// docs/roles-and-permissions.md is checked against this table by a test.
/// </summary>
public static class Permissions
{
    private static readonly string[] Everyone = [.. Roles.All];

    /// <summary>Actions that belong to no one feature: signing in, safeguarding reach, audit and administration.</summary>
    public static readonly IReadOnlyList<PermissionRow> CoreRows =
    [
        new(StaffAction.SignedIn, "My day (`/`), sign-out, and anything that names no policy (the fallback)", Everyone),
        new(StaffAction.ReadSafeguarding, "CP/CIN status and restricted records (below)", Roles.Dsl, Roles.DeputyDsl),
        new(StaffAction.BreakGlass, "Opening one restricted safeguarding record in an emergency, with a reason (`/safeguarding/break-glass/{type}/{id}`, `POST /api/v1/safeguarding/break-glass`), for a pupil they see in their school: until midnight that night (at least two hours); the DSLs and deputies of the school are alerted at once and every view is audited", Roles.Headteacher),
        new(StaffAction.ReviewBreakGlass, "The report of break-glass uses (`/safeguarding/break-glass`): a DSL or deputy sees every use in their schools, a headteacher their own", Roles.Dsl, Roles.DeputyDsl, Roles.Headteacher),
        new(StaffAction.ViewAudit, "The audit log (`/admin/audit`) and its CSV export (`/admin/audit/export.csv`, audited): an administrator sees their schools' entries and their staff's (a trust administrator: all); a DSL sees their schools' entries only; entries revealing a restricted record only for its school's DSL and deputies; the audit log extract (`/admin/audit/extract`, its preview and PDF): entries that reveal a restricted record only for a DSL or deputy of that school", Roles.Administrator, Roles.Dsl),
        new(StaffAction.ManageUsers, "Staff accounts, who is responsible for whom, caseloads and teaching groups (`/admin/staff`, `/admin/responsibilities`, `/admin/caseloads`, `/admin/teaching-groups`): a trust administrator for everyone, a school's administrator for their school's staff", Roles.Administrator),
        new(StaffAction.ManageSchools, "School set-up (`/admin/school/…`: details, year groups and forms, terms and closure days, the school day, locations), the year-end rollover and which notifications the school makes mandatory (`/admin/notification-rules`), for the schools where the administrator sees every pupil (a trust administrator: every school)", Roles.Administrator),
    ];

    /// <summary>
    /// Every row: the core rows, then each feature module's, in module order. The headteacher leads the school, so holds every
    /// action a senior leader holds (a module names <see cref="Roles.SeniorLeader"/> and the headteacher follows), and break-glass.
    /// </summary>
    public static IReadOnlyList<PermissionRow> Rows { get; } = [.. new[] { CoreRows, FeatureModules.All.SelectMany(m => m.PermissionRows) }.SelectMany(r => r).Select(WithHeadteacher)];

    /// <summary>Every action, once, in table order; each is a policy.</summary>
    public static IReadOnlyList<StaffAction> Actions { get; } = [.. Rows.Select(r => r.Action).Distinct()];

    public static readonly IReadOnlyDictionary<string, IReadOnlySet<StaffAction>> ByRole = Roles.All.ToDictionary(
        role => role, role => (IReadOnlySet<StaffAction>)Rows.Where(r => r.Roles.Contains(role)).Select(r => r.Action).ToHashSet());

    private static PermissionRow WithHeadteacher(PermissionRow row) =>
        row.Roles.Contains(Roles.SeniorLeader) && !row.Roles.Contains(Roles.Headteacher) ? row with { Roles = [.. row.Roles, Roles.Headteacher] } : row;

    public static bool Allows(IEnumerable<string> roles, StaffAction action) =>
        roles.Any(r => ByRole.TryGetValue(r, out var actions) && actions.Contains(action));
}

/// <summary>Policy names, one per core action, for [Authorize(Policy = ...)] and RequireAuthorization.</summary>
public static class Policies
{
    public const string SignedIn = nameof(StaffAction.SignedIn);
    public const string ViewPupils = nameof(StaffAction.ViewPupils);
    public const string EditPupils = nameof(StaffAction.EditPupils);
    public const string ExportPupils = nameof(StaffAction.ExportPupils);
    public const string ImportPupils = nameof(StaffAction.ImportPupils);
    public const string ReadSafeguarding = nameof(StaffAction.ReadSafeguarding);
    public const string ViewAudit = nameof(StaffAction.ViewAudit);
    public const string BreakGlass = nameof(StaffAction.BreakGlass);
    public const string ReviewBreakGlass = nameof(StaffAction.ReviewBreakGlass);
    public const string ManageUsers = nameof(StaffAction.ManageUsers);
    public const string ManageSchools = nameof(StaffAction.ManageSchools);
}
