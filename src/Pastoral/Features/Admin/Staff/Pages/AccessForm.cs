using Pastoral.Security;

namespace Pastoral.Features.Admin.Staff.Pages;

/// <summary>The roles and scopes part of the invite and edit forms.</summary>
public sealed class AccessForm
{
    public List<string> Roles { get; set; } = [];
    public bool Trust { get; set; }
    public List<int> SchoolIds { get; set; } = [];
    public List<int> YearGroupIds { get; set; } = [];
    public List<int> CaseloadSchoolIds { get; set; } = [];

    public AccessChoice Choice => new(Trust, SchoolIds, YearGroupIds, CaseloadSchoolIds);

    public static AccessForm From(IEnumerable<string> roles, IEnumerable<StaffScope> scopes)
    {
        var list = scopes.ToList();
        return new AccessForm
        {
            Roles = [.. roles],
            Trust = list.Any(s => s.Kind == ScopeKind.Trust),
            SchoolIds = [.. list.Where(s => s.Kind == ScopeKind.Schools && s.SchoolId != null).Select(s => s.SchoolId!.Value)],
            YearGroupIds = [.. list.Where(s => s.Kind == ScopeKind.YearGroups && s.YearGroupId != null).Select(s => s.YearGroupId!.Value)],
            CaseloadSchoolIds = [.. list.Where(s => s.Kind == ScopeKind.Caseload && s.SchoolId != null).Select(s => s.SchoolId!.Value)],
        };
    }
}

/// <summary>What the access fields partial needs.</summary>
public sealed record AccessFieldsView(AccessForm Form, IReadOnlyList<ReachSchool> Reach, bool TrustWide);
