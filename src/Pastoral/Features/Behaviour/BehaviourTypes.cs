using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour;

/// <summary>A type as the admin form and the API write it.</summary>
public sealed record BehaviourTypeFields(string? Name, string? Category, string? Polarity, string? Points, string? DefaultFollowUp, bool ParentsTold,
    bool Active, string? DisplayOrder);

/// <summary>
/// A school's behaviour types: the defaults a school starts with (put in on first use, when it has none), the checks, and the
/// admin saves (each audited by the DbContext). A type in use is deactivated, never deleted.
/// </summary>
public sealed class BehaviourTypes(PastoralDbContext db)
{
    /// <summary>A mature starting set: what most secondary behaviour policies name. Points: positive for positive types, negative for negative ones.</summary>
    public static readonly IReadOnlyList<(string Name, string Category, Polarity Polarity, int Points, string FollowUp, bool ParentsTold)> Defaults =
    [
        ("Effort in class", "Effort", Polarity.Positive, 1, BehaviourFollowUps.None, false),
        ("Excellent classwork", "Achievement", Polarity.Positive, 2, BehaviourFollowUps.None, false),
        ("Excellent homework", "Achievement", Polarity.Positive, 1, BehaviourFollowUps.None, false),
        ("Contribution to the lesson", "Participation", Polarity.Positive, 1, BehaviourFollowUps.None, false),
        ("Kindness to others", "Kindness", Polarity.Positive, 1, BehaviourFollowUps.None, false),
        ("Helping a member of staff", "Kindness", Polarity.Positive, 1, BehaviourFollowUps.None, false),
        ("Resilience", "Effort", Polarity.Positive, 1, BehaviourFollowUps.None, false),
        ("Leadership", "Community", Polarity.Positive, 2, BehaviourFollowUps.None, false),
        ("Representing the school", "Community", Polarity.Positive, 3, BehaviourFollowUps.Postcard, true),
        ("Going above and beyond", "Achievement", Polarity.Positive, 3, BehaviourFollowUps.Postcard, true),
        ("Low-level disruption", "Disruption", Polarity.Negative, -1, BehaviourFollowUps.None, false),
        ("Persistent disruption", "Disruption", Polarity.Negative, -2, BehaviourFollowUps.Detention, true),
        ("Not following instructions", "Defiance", Polarity.Negative, -1, BehaviourFollowUps.None, false),
        ("Rudeness to staff", "Defiance", Polarity.Negative, -2, BehaviourFollowUps.Detention, true),
        ("No homework", "Learning", Polarity.Negative, -1, BehaviourFollowUps.Detention, false),
        ("Late to lesson", "Punctuality", Polarity.Negative, -1, BehaviourFollowUps.None, false),
        ("Uniform", "Uniform", Polarity.Negative, -1, BehaviourFollowUps.None, false),
        ("Mobile phone seen or heard", "Equipment", Polarity.Negative, -1, BehaviourFollowUps.None, false),
        ("Unkindness to others", "Unkindness", Polarity.Negative, -2, BehaviourFollowUps.Restorative, false),
        ("Truancy from a lesson", "Attendance", Polarity.Negative, -3, BehaviourFollowUps.Detention, true),
        ("Damage to property", "Damage", Polarity.Negative, -3, BehaviourFollowUps.ParentMeeting, true),
        ("Bullying", "Bullying", Polarity.Negative, -5, BehaviourFollowUps.Review, true),
        ("Discriminatory language", "Discrimination", Polarity.Negative, -5, BehaviourFollowUps.Review, true),
        ("Fighting or physical aggression", "Aggression", Polarity.Negative, -5, BehaviourFollowUps.Isolation, true),
    ];

    public static IEnumerable<BehaviourType> DefaultsFor(int schoolId) => Defaults.Select((d, i) => new BehaviourType
    {
        SchoolId = schoolId, Name = d.Name, Category = d.Category, Polarity = d.Polarity, Points = d.Points, DefaultFollowUp = d.FollowUp,
        ParentsTold = d.ParentsTold, DisplayOrder = (i + 1) * 10,
    });

    /// <summary>Puts the default types into a school that has none yet (a new school), once; two at once: the loser's insert is dropped.</summary>
    public async Task EnsureDefaultsAsync(int schoolId, CancellationToken ct = default)
    {
        if (await db.Set<BehaviourType>().AnyAsync(t => t.SchoolId == schoolId, ct)) return;
        var added = DefaultsFor(schoolId).ToList();
        db.AddRange(added);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException)
        {
            foreach (var t in added) db.Entry(t).State = EntityState.Detached;
        }
    }

    /// <summary>The types of the schools the member of staff reaches (defaults put in first for a school with none), in display order.</summary>
    public async Task<List<BehaviourType>> ForStaffAsync(StaffContext staff, bool activeOnly, CancellationToken ct = default)
    {
        foreach (var school in staff.SchoolIds) await EnsureDefaultsAsync(school, ct);
        return await db.Set<BehaviourType>().AsNoTracking().VisibleTo(staff).Where(t => !activeOnly || t.Active)
            .OrderBy(t => t.SchoolId).ThenBy(t => t.Polarity).ThenBy(t => t.DisplayOrder).ThenBy(t => t.Name).ToListAsync(ct);
    }

    public Dictionary<string, string[]> Check(int schoolId, int? id, BehaviourTypeFields f, out BehaviourType? data)
    {
        var problems = new Dictionary<string, string[]>();
        void Add(string key, string message) => problems[key] = [message];
        data = null;
        var name = f.Name?.Trim() ?? "";
        if (name.Length == 0) Add("name", "Enter the name of the behaviour, for example \"Kindness to others\"");
        else if (name.Length > BehaviourType.NameMax) Add("name", $"The name can be at most {BehaviourType.NameMax} characters");
        else if (db.Set<BehaviourType>().Any(t => t.SchoolId == schoolId && t.Id != (id ?? 0) && t.Name.ToLower() == name.ToLower()))
            Add("name", $"The school already has a type called \"{name}\": choose another name");
        var category = f.Category?.Trim() ?? "";
        if (category.Length == 0) Add("category", "Enter a category, for example \"Kindness\" or \"Disruption\"");
        else if (category.Length > BehaviourType.CategoryMax) Add("category", $"The category can be at most {BehaviourType.CategoryMax} characters");
        Polarity? polarity = Enum.TryParse<Polarity>(f.Polarity?.Trim(), true, out var p) && Enum.IsDefined(p) && !int.TryParse(f.Polarity, out _) ? p : null;
        if (polarity is null) Add("polarity", "Choose whether the behaviour is positive or negative");
        int points = 0;
        if (!int.TryParse(f.Points?.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out points))
            Add("points", "Enter the points as a whole number, for example 1 for a positive type or -2 for a negative one");
        else if (Math.Abs(points) > BehaviourType.PointsMax) Add("points", $"Points can be at most {BehaviourType.PointsMax} either way");
        else if (polarity == Polarity.Positive && points < 0) Add("points", "A positive type gives 0 or more points");
        else if (polarity == Polarity.Negative && points > 0) Add("points", "A negative type gives 0 or fewer points, for example -2");
        var followUp = BehaviourFollowUps.Parse(f.DefaultFollowUp);
        if (followUp is null) Add("defaultFollowUp", "Choose one of the follow-ups offered");
        int order = 0;
        if (!string.IsNullOrWhiteSpace(f.DisplayOrder) && !int.TryParse(f.DisplayOrder.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out order))
            Add("displayOrder", "Enter the order as a whole number");
        if (problems.Count == 0)
            data = new BehaviourType
            {
                SchoolId = schoolId, Name = name, Category = category, Polarity = polarity!.Value, Points = points, DefaultFollowUp = followUp!,
                ParentsTold = f.ParentsTold, Active = f.Active, DisplayOrder = order,
            };
        return problems;
    }

    public async Task<(BehaviourType? Type, Dictionary<string, string[]> Problems)> AddAsync(int schoolId, BehaviourTypeFields fields, CancellationToken ct)
    {
        var problems = Check(schoolId, null, fields, out var type);
        if (problems.Count > 0) return (null, problems);
        if (string.IsNullOrWhiteSpace(fields.DisplayOrder))
            type!.DisplayOrder = (await db.Set<BehaviourType>().Where(t => t.SchoolId == schoolId).MaxAsync(t => (int?)t.DisplayOrder, ct) ?? 0) + 10;
        db.Add(type!);
        await db.SaveChangesAsync(ct);
        return (type, problems);
    }

    /// <summary>Changes a type if <paramref name="version"/> is current (Stale: nothing written). Points already given stay as they were.</summary>
    public async Task<(BehaviourType? Type, Dictionary<string, string[]> Problems, bool Stale)> UpdateAsync(BehaviourType type, int version,
        BehaviourTypeFields fields, CancellationToken ct)
    {
        var problems = Check(type.SchoolId, type.Id, fields, out var data);
        if (problems.Count > 0) return (type, problems, false);
        if (type.Version != version) return (type, problems, true);
        (type.Name, type.Category, type.Polarity, type.Points, type.DefaultFollowUp, type.ParentsTold, type.Active, type.DisplayOrder) =
            (data!.Name, data.Category, data.Polarity, data.Points, data.DefaultFollowUp, data.ParentsTold, data.Active, data.DisplayOrder);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { return (type, problems, true); }
        return (type, problems, false);
    }

    /// <summary>Removes a type no incident uses; a type in use is deactivated instead. Returns the words for what happened.</summary>
    public async Task<string> RemoveAsync(BehaviourType type, CancellationToken ct)
    {
        if (await db.Set<BehaviourIncident>().AnyAsync(i => i.TypeId == type.Id, ct))
        {
            type.Active = false;
            await db.SaveChangesAsync(ct);
            return $"\"{type.Name}\" is used by incidents, so it was deactivated: it stays on those incidents and is no longer offered.";
        }
        db.Remove(type);
        await db.SaveChangesAsync(ct);
        return $"\"{type.Name}\" was removed.";
    }
}
