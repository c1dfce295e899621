using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Security;

namespace Pastoral.Tests.Security;

/// <summary>
/// Every entity that hangs off a pupil (a foreign-key path to Pupil, however long) implements <see cref="IPupilOwned"/>, so it is
/// filtered by the one scope filter, and is audited per change or declared bulk-audited by its owner.
/// </summary>
public sealed class PupilOwnershipModelTests
{
    private static IModel Model()
    {
        using var db = new SqliteDbContext(new DbContextOptionsBuilder<SqliteDbContext>().UseSqlite("Data Source=:memory:").Options);
        return db.Model;
    }

    /// <summary>Entities with a foreign key to Pupil, or to an entity that has one, and so on.</summary>
    public static IReadOnlyList<IEntityType> PupilBound(IModel model)
    {
        var pupil = model.FindEntityType(typeof(Pupil))!;
        var bound = new HashSet<IEntityType>();
        bool grew;
        do
        {
            grew = false;
            foreach (var type in model.GetEntityTypes().Where(t => t != pupil && !bound.Contains(t)))
                if (type.GetForeignKeys().Any(fk => fk.PrincipalEntityType == pupil || bound.Contains(fk.PrincipalEntityType)))
                    grew = bound.Add(type);
        } while (grew);
        return [.. bound];
    }

    public static IEnumerable<string> Problems(IModel model)
    {
        foreach (var type in PupilBound(model))
        {
            var clr = type.ClrType;
            if (!typeof(IPupilOwned).IsAssignableFrom(clr))
                yield return $"{clr.Name} belongs to a pupil but does not implement IPupilOwned, so VisibleTo cannot filter it";
            if (!typeof(IAudited).IsAssignableFrom(clr) && clr.GetCustomAttribute<BulkAuditedAttribute>() is null)
                yield return $"{clr.Name} belongs to a pupil but is neither IAudited nor [BulkAudited(...)]";
        }
    }

    [Fact]
    public void Every_entity_that_belongs_to_a_pupil_is_scoped_and_audited() => Assert.Empty(Problems(Model()));

    [Fact]
    public void The_walk_finds_the_pupil_records_we_know_of()
    {
        var found = PupilBound(Model()).Select(t => t.ClrType).ToList();
        Assert.Contains(typeof(PupilContact), found);
        Assert.Contains(typeof(PupilSenNeed), found);
        Assert.Contains(typeof(PupilChange), found);
    }

    [Fact]
    public void Bulk_audited_records_say_which_entry_covers_them() =>
        Assert.All(typeof(Pupil).Assembly.GetTypes().Select(t => t.GetCustomAttribute<BulkAuditedAttribute>()).OfType<BulkAuditedAttribute>(),
            a => Assert.False(string.IsNullOrWhiteSpace(a.Reason)));
}
