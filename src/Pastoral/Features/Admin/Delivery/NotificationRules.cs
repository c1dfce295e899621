using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Admin.Delivery;

/// <summary>One registered kind as a school has it: mandatory (e-mailed straight away whatever a person chose) or each person's choice.</summary>
public sealed record KindRule(NotificationKind Kind, bool Mandatory)
{
    public bool IsDefault => Mandatory == Kind.MandatoryByDefault;
}

/// <summary>
/// Which notification kinds a school makes mandatory. A school keeps a <see cref="SchoolNotificationRule"/> row only where it differs
/// from the kind's default, so a kind keeps following Pastoral's default until the school decides otherwise.
/// </summary>
public static class NotificationRules
{
    public static async Task<IReadOnlyList<KindRule>> ForSchoolAsync(PastoralDbContext db, NotificationKinds kinds, int schoolId, CancellationToken ct)
    {
        var rules = await db.Set<SchoolNotificationRule>().AsNoTracking().Where(r => r.SchoolId == schoolId)
            .ToDictionaryAsync(r => r.Kind, r => r.Mandatory, ct);
        return [.. kinds.All.Select(k => new KindRule(k, rules.TryGetValue(k.Name, out var m) ? m : k.MandatoryByDefault))];
    }

    /// <summary>
    /// Makes exactly <paramref name="mandatory"/> (registered kind names; others are ignored) the school's mandatory kinds, audited in the
    /// same save. Returns the kinds whose rule changed (none: nothing is written).
    /// </summary>
    public static async Task<IReadOnlyList<KindRule>> SaveAsync(PastoralDbContext db, NotificationKinds kinds, int schoolId,
        IReadOnlyCollection<string> mandatory, CancellationToken ct)
    {
        var current = await ForSchoolAsync(db, kinds, schoolId, ct);
        var changed = current.Where(r => r.Mandatory != mandatory.Contains(r.Kind.Name))
            .Select(r => r with { Mandatory = !r.Mandatory }).ToList();
        if (changed.Count == 0) return changed;
        var rows = await db.Set<SchoolNotificationRule>().Where(r => r.SchoolId == schoolId).ToListAsync(ct);
        foreach (var rule in changed)
        {
            var row = rows.FirstOrDefault(r => r.Kind == rule.Kind.Name);
            if (rule.IsDefault)
            {
                if (row is not null) db.Remove(row);
            }
            else if (row is null) db.Add(new SchoolNotificationRule { SchoolId = schoolId, Kind = rule.Kind.Name, Mandatory = rule.Mandatory });
            else row.Mandatory = rule.Mandatory;
        }
        db.Audit(AuditActions.Updated, "NotificationRules", schoolId.ToString(System.Globalization.CultureInfo.InvariantCulture), schoolId: schoolId,
            detail: string.Join("; ", changed.Select(r => $"{r.Kind.Label}: {(r.Mandatory ? "always e-mailed straight away" : "each person chooses")}")));
        await db.SaveChangesAsync(ct);
        return changed;
    }
}
