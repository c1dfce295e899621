using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Concerns;

/// <summary>One row of Reference/safeguarding-categories.csv (the KCSIE list).</summary>
public sealed class CategoryRow
{
    public string Group { get; set; } = "";
    public string Category { get; set; } = "";
}

public sealed record CategoryChoice(int Id, int SchoolId, string Group, string Name, bool Active, bool Standard);

/// <summary>
/// Each school's safeguarding categories. The KCSIE list is copied to a school the first time its categories are asked for,
/// so a school can deactivate a standard one and add its own; a category is never deleted (concerns keep naming it).
/// </summary>
public sealed class SafeguardingCategories(PastoralDbContext db)
{
    private static readonly Lazy<IReadOnlyList<CategoryRow>> Standard = new(() => ReferenceData.Load<CategoryRow>("safeguarding-categories.csv"));

    /// <summary>The categories of these schools, in the list's order (active only unless asked), seeding any school that has none.</summary>
    public async Task<List<CategoryChoice>> ForSchoolsAsync(IReadOnlyCollection<int> schoolIds, bool activeOnly, CancellationToken ct)
    {
        await EnsureSeededAsync(schoolIds, ct);
        return await db.Set<SafeguardingCategory>().AsNoTracking().Where(c => schoolIds.Contains(c.SchoolId) && (!activeOnly || c.Active))
            .OrderBy(c => c.SchoolId).ThenBy(c => c.Order).ThenBy(c => c.Id)
            .Select(c => new CategoryChoice(c.Id, c.SchoolId, c.Group, c.Name, c.Active, c.Standard)).ToListAsync(ct);
    }

    public async Task EnsureSeededAsync(IReadOnlyCollection<int> schoolIds, CancellationToken ct)
    {
        var seeded = await db.Set<SafeguardingCategory>().Where(c => schoolIds.Contains(c.SchoolId)).Select(c => c.SchoolId).Distinct().ToListAsync(ct);
        var missing = schoolIds.Except(seeded).ToList();
        if (missing.Count == 0) return;
        foreach (var school in missing)
            db.Set<SafeguardingCategory>().AddRange(Standard.Value.Select((r, i) => new SafeguardingCategory
            {
                SchoolId = school, Group = r.Group, Name = r.Category, Standard = true, Order = i * 10,
            }));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear(); // another request seeded the same school first (the unique name index): theirs stand
        }
    }

    /// <summary>A school's own category, added at the end of its group (audited).</summary>
    public async Task<string?> AddAsync(int schoolId, string? group, string? name, CancellationToken ct)
    {
        group = group?.Trim();
        name = name?.Trim();
        if (string.IsNullOrEmpty(name)) return "Enter the category's name.";
        if (string.IsNullOrEmpty(group)) return "Choose or enter the group it belongs to.";
        if (name.Length > SafeguardingCategory.NameMax || group.Length > SafeguardingCategory.NameMax)
            return $"A category or group name can be at most {SafeguardingCategory.NameMax} characters.";
        await EnsureSeededAsync([schoolId], ct);
        var all = db.Set<SafeguardingCategory>().Where(c => c.SchoolId == schoolId);
        if (await all.AnyAsync(c => c.Name.ToLower() == name.ToLower(), ct)) return $"There is already a category called {name}.";
        var order = await all.Where(c => c.Group == group).MaxAsync(c => (int?)c.Order, ct) ?? await all.MaxAsync(c => (int?)c.Order, ct) ?? 0;
        db.Set<SafeguardingCategory>().Add(new SafeguardingCategory { SchoolId = schoolId, Group = group, Name = name, Order = order + 1 });
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>Offers a category for new concerns again, or stops offering it; concerns that named it keep it (audited).</summary>
    public async Task<bool> SetActiveAsync(StaffContext staff, int id, bool active, CancellationToken ct)
    {
        var category = await db.Set<SafeguardingCategory>().VisibleTo(staff).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (category is null || !RestrictedAccess.HoldsTier(staff, category.SchoolId)) return false;
        category.Active = active;
        await db.SaveChangesAsync(ct);
        return true;
    }
}
