using System.Reflection;
using Pastoral.Data;
using Pastoral.Features.Admin.Audit;
using Pastoral.Security;

namespace Pastoral.Tests.Unit;

/// <summary>
/// The audit viewer and extract show an entry about a restricted record only to those who may read that school's
/// restricted records, by its entity or record type name (<see cref="AuditSearch.RestrictedTypes"/>). A restricted type
/// left off that list would tell an administrator that a pupil has such a record, so every one must be on it.
/// </summary>
public sealed class RestrictedTypesTests
{
    private static readonly Type[] Restricted = [.. typeof(RestrictedAccess).Assembly.GetTypes()
        .Where(t => typeof(IRestrictedContent).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })];

    [Fact]
    public void Every_audited_restricted_type_and_every_restricted_record_type_name_follows_the_restricted_tier_in_the_audit()
    {
        Assert.NotEmpty(Restricted);
        var missing = new List<string>();
        foreach (var type in Restricted)
        {
            if (typeof(IAudited).IsAssignableFrom(type) && !AuditSearch.RestrictedTypes.Contains(type.Name)) missing.Add(type.Name);
            if (type.GetField("RecordType", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() is string record
                && !AuditSearch.RestrictedTypes.Contains(record))
                missing.Add($"{type.Name}.RecordType \"{record}\"");
        }
        Assert.True(missing.Count == 0, "Add to AuditSearch.RestrictedTypes: " + string.Join(", ", missing));
    }
}
