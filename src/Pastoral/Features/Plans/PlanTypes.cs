using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Plans;

/// <summary>A plan type as written in Types/*.json (and as the admin page builds one): its name and flags, and its sections.</summary>
public sealed record PlanTypeFile(string Key, string Name, string Description, bool NeedsReadConfirmation, bool OnePage, IReadOnlyList<PlanSection> Sections)
{
    public PlanDefinition Definition => new(Sections);
}

public sealed class PlanTypeException(IReadOnlyList<(string Field, string Message)> problems) : Exception(problems[0].Message)
{
    public IReadOnlyList<(string Field, string Message)> Problems { get; } = problems;
}

/// <summary>
/// The plan types a school may use: the built-in ones (Types/*.json, embedded in the app and seeded into the same table as a
/// school's own, with no school) and the school's own. A changed definition is a new <see cref="PlanTypeDefinition"/>.
/// </summary>
public sealed class PlanTypes(PastoralDbContext db, TimeProvider clock)
{
    private static readonly ConcurrentDictionary<string, bool> Seeded = new();

    /// <summary>The built-in types, read from the JSON files embedded in the app.</summary>
    public static IReadOnlyList<PlanTypeFile> BuiltIn { get; } = LoadBuiltIn();

    private static List<PlanTypeFile> LoadBuiltIn()
    {
        var assembly = typeof(PlanTypes).Assembly;
        return [.. assembly.GetManifestResourceNames().Where(n => n.Contains(".Features.Plans.Types.", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                var file = JsonSerializer.Deserialize<PlanTypeFile>(stream, PlanDefinition.Json)!;
                if (file.Definition.Problems().FirstOrDefault() is { Message: { } m }) throw new InvalidOperationException($"Built-in plan type {n}: {m}");
                return file;
            })];
    }

    /// <summary>Puts the built-in types into the table (once per database per process; a changed file adds a definition version).</summary>
    public async Task EnsureBuiltInAsync(CancellationToken ct = default)
    {
        var where = db.Database.GetConnectionString() ?? "";
        if (Seeded.ContainsKey(where)) return;
        var existing = await db.Set<PlanType>().Where(t => t.SchoolId == null).ToListAsync(ct);
        var definitions = await db.Set<PlanTypeDefinition>().AsNoTracking()
            .Where(d => existing.Select(t => t.CurrentDefinitionId).Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Json, ct);
        foreach (var file in BuiltIn)
        {
            var type = existing.FirstOrDefault(t => t.Key == file.Key);
            var json = file.Definition.ToJson();
            if (type is not null && definitions.GetValueOrDefault(type.CurrentDefinitionId) == json) continue;
            await SaveDefinitionAsync(type, file, null, "Pastoral (built-in)", ct);
        }
        Seeded[where] = true;
    }

    /// <summary>Types offered for a new plan at a school: built-in and the school's own, not retired.</summary>
    public async Task<IReadOnlyList<PlanType>> ForSchoolAsync(int schoolId, CancellationToken ct = default)
    {
        await EnsureBuiltInAsync(ct);
        return await db.Set<PlanType>().AsNoTracking().Where(t => !t.Retired && (t.SchoolId == null || t.SchoolId == schoolId))
            .OrderBy(t => t.Name).ToListAsync(ct);
    }

    public async Task<PlanDefinition> DefinitionAsync(int definitionId, CancellationToken ct = default) =>
        PlanDefinition.Parse(await db.Set<PlanTypeDefinition>().Where(d => d.Id == definitionId).Select(d => d.Json).SingleAsync(ct));

    /// <summary>
    /// Adds a school's type, or a new version of it. Checked first (two sections of one name, a choice without options…): on any
    /// problem a <see cref="PlanTypeException"/> and nothing saved. Plans already written keep the definition they were written against.
    /// </summary>
    public async Task<PlanType> SaveSchoolTypeAsync(StaffContext staff, int schoolId, int? typeId, int? version, PlanTypeFile file, CancellationToken ct = default)
    {
        var problems = file.Definition.Problems().ToList();
        if (string.IsNullOrWhiteSpace(file.Name)) problems.Insert(0, ("name", "Enter a name for the plan type"));
        else if (file.Name.Length > 100) problems.Insert(0, ("name", "The plan type's name can be at most 100 characters"));
        if (!staff.WholeSchoolIds.Contains(schoolId)) problems.Insert(0, ("schoolId", "Choose a school where you see every pupil"));
        PlanType? type = null;
        if (typeId is { } id)
        {
            type = await db.Set<PlanType>().SingleOrDefaultAsync(t => t.Id == id && t.SchoolId == schoolId, ct)
                   ?? throw new PlanTypeException([("type", "That plan type is not one of this school's own")]);
            if (version is { } v && v != type.Version)
                throw new PlanTypeException([("version", "Someone else changed this plan type while you were editing it: reload it and make your changes again")]);
        }
        await EnsureBuiltInAsync(ct);
        var key = type?.Key ?? PlanKeys.From(file.Name);
        if (type is null && await db.Set<PlanType>().AnyAsync(t => (t.SchoolId == schoolId || t.SchoolId == null) && (t.Key == key || t.Name == file.Name.Trim()), ct))
            problems.Insert(0, ("name", $"There is already a plan type called \"{file.Name.Trim()}\""));
        if (problems.Count > 0) throw new PlanTypeException(problems);
        return await SaveDefinitionAsync(type, file with { Key = key, Name = file.Name.Trim() }, schoolId, staff.Name, ct);
    }

    private async Task<PlanType> SaveDefinitionAsync(PlanType? type, PlanTypeFile file, int? schoolId, string by, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (type is null)
        {
            type = new PlanType { Key = file.Key, Name = file.Name, SchoolId = schoolId };
            db.Add(type);
        }
        type.Name = file.Name;
        type.Description = file.Description.Trim();
        type.NeedsReadConfirmation = file.NeedsReadConfirmation;
        type.OnePage = file.OnePage;
        await db.SaveChangesAsync(ct);
        var number = await db.Set<PlanTypeDefinition>().Where(d => d.PlanTypeId == type.Id).MaxAsync(d => (int?)d.Number, ct) ?? 0;
        var definition = new PlanTypeDefinition
        {
            PlanTypeId = type.Id, Number = number + 1, Json = file.Definition.ToJson(), CreatedAt = clock.GetUtcNow().UtcDateTime, CreatedByName = by,
        };
        db.Add(definition);
        await db.SaveChangesAsync(ct);
        type.CurrentDefinitionId = definition.Id;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return type;
    }
}
