using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Schools;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Admin.SchoolSetUp;

using School = Pastoral.Features.Schools.School;

/// <summary>Someone else saved this part of the set-up while this person was editing: theirs and yours, in staff's words.</summary>
public sealed record SetupConflict(string SavedBy, IReadOnlyList<string> Theirs, IReadOnlyList<string> Yours);

/// <summary>
/// Which schools an administrator sets up (a trust administrator: every school; a school's administrator: theirs), and
/// the one way a set-up page saves: the school's set-up version is checked and bumped, the change audited, all in one save.
/// </summary>
public static class SchoolAdmin
{
    /// <summary>Schools whose set-up this person may change: the schools where they see everyone (trust or school scope).</summary>
    public static IQueryable<School> Reach(PastoralDbContext db, StaffContext staff)
    {
        if (!staff.May(StaffAction.ManageSchools)) return db.Schools.Where(_ => false);
        var ids = staff.WholeSchoolIds;
        return db.Schools.Where(s => ids.Contains(s.Id));
    }

    public static Task<School?> FindAsync(PastoralDbContext db, StaffContext staff, int id, CancellationToken ct) =>
        Reach(db, staff).FirstOrDefaultAsync(s => s.Id == id, ct);

    /// <summary>
    /// Saves a set-up change with its audit entry. The school row's version is the concurrency token: if another
    /// administrator saved any set-up of this school since <paramref name="school"/> was read, this throws
    /// <see cref="DbUpdateConcurrencyException"/> and nothing is written.
    /// </summary>
    public static async Task SaveAsync(PastoralDbContext db, School school, string what, string detail, CancellationToken ct)
    {
        db.Entry(school).Property(s => s.Version).IsModified = true; // the DbContext bumps it, checked against the version read
        db.Audit(AuditActions.Updated, what, school.Id.ToString(), schoolId: school.Id, detail: detail);
        var ownTransaction = db.Database.CurrentTransaction is null;
        await using var tx = ownTransaction ? await db.Database.BeginTransactionAsync(ct) : null;
        await MoveRenamedAsideAsync(db, ct);
        await db.SaveChangesAsync(ct);
        if (tx is not null) await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Names are unique within a school (or year group), and the database checks that row by row: two names swapped in one save
    /// ("7A" ↔ "7B") would collide half-way. So, in the save's transaction, each renamed row first takes a placeholder name
    /// nobody can type; the save then writes the real names. Nothing of it is left if the save fails.
    /// </summary>
    private static async Task MoveRenamedAsideAsync(PastoralDbContext db, CancellationToken ct)
    {
        var renamed = db.ChangeTracker.Entries()
            .Where(e => e.State == EntityState.Modified && e.Metadata.FindProperty("Name") is not null && e.Property("Name").IsModified
                        && e.Metadata.FindPrimaryKey() is { Properties: [{ ClrType: var keyType }] } && keyType == typeof(int))
            .ToList();
        if (renamed.Count < 2) return;
        foreach (var entry in renamed)
        {
            var table = entry.Metadata.GetTableName()!;
            var key = entry.Metadata.FindPrimaryKey()!.Properties[0];
            var id = (int)entry.Property(key.Name).CurrentValue!;
            // Identifiers from the model, never from input; the values are parameters.
            var sql = "UPDATE \"" + table + "\" SET \"Name\" = {0} WHERE \"" + key.GetColumnName() + "\" = {1}";
            var placeholder = "\u0001renaming " + id;
            await db.Database.ExecuteSqlRawAsync(sql, [placeholder, id], ct);
            entry.Property("Name").OriginalValue = placeholder; // what the row holds now: EF orders its updates by it, no cycle

        }
    }

    /// <summary>The name of whoever last saved this part of the school's set-up (staff name, not sign-in e-mail).</summary>
    public static async Task<string> LastSavedByAsync(PastoralDbContext db, int schoolId, string what, CancellationToken ct)
    {
        var id = schoolId.ToString();
        var last = await db.AuditEntries.AsNoTracking().Where(a => a.SchoolId == schoolId && a.EntityType == what && a.EntityId == id)
            .OrderByDescending(a => a.Id).Select(a => new { a.ActorName, Name = db.Users.Where(u => u.Id == a.ActorId).Select(u => u.FullName).FirstOrDefault() })
            .FirstOrDefaultAsync(ct);
        return last?.Name ?? last?.ActorName ?? "Someone else";
    }

    /// <summary>A short fingerprint of what a list page edits, carried by its form so a save can tell whether someone changed it meanwhile.</summary>
    public static string Stamp(IEnumerable<string> lines) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines))))[..16];

    /// <summary>"added X; changed Y; removed Z" for the audit detail (names of periods, rooms and forms are not personal).</summary>
    public static string Changes(IEnumerable<string> before, IEnumerable<string> after)
    {
        var (b, a) = (before.ToHashSet(), after.ToHashSet());
        var added = a.Except(b).ToList();
        var removed = b.Except(a).ToList();
        var parts = new List<string>();
        if (added.Count > 0) parts.Add("now " + string.Join(", ", added));
        if (removed.Count > 0) parts.Add("was " + string.Join(", ", removed));
        return parts.Count == 0 ? "no change" : string.Join("; ", parts);
    }
}
