using Pastoral.Security;

namespace Pastoral.Features.Pupils;

/// <summary>What one editor changed, and how it lands on the current record when someone else saved first.</summary>
public sealed record PupilEditOutcome(
    IReadOnlyDictionary<string, string?> Merged,
    IReadOnlyList<string> Mine,
    IReadOnlyList<string> Theirs,
    IReadOnlyList<string> Clashes);

/// <summary>
/// Field-by-field edits of a pupil. "Mine" is what this editor changed relative to the version they started from;
/// "theirs" is what changed in the record since then. Only my changed fields are ever written, so saving from a stale
/// form cannot put back a value someone else replaced.
/// </summary>
public static class PupilEdit
{
    /// <summary>The record's current values of the given fields, in stored form.</summary>
    public static Dictionary<string, string?> Values(Pupil pupil, IEnumerable<PupilField> fields) =>
        fields.ToDictionary(f => f.Key, f => f.Get(pupil));

    public static PupilEditOutcome Compare(IReadOnlyDictionary<string, string?> started, IReadOnlyDictionary<string, string?> submitted,
        IReadOnlyDictionary<string, string?> current)
    {
        var mine = submitted.Keys.Where(k => submitted[k] != started.GetValueOrDefault(k)).ToList();
        var theirs = current.Keys.Where(k => started.ContainsKey(k) && current[k] != started[k]).ToList();
        var clashes = mine.Where(k => theirs.Contains(k) && submitted[k] != current[k]).ToList();
        var merged = current.ToDictionary(kv => kv.Key, kv => mine.Contains(kv.Key) ? submitted[kv.Key] : kv.Value);
        return new PupilEditOutcome(merged, mine, theirs, clashes);
    }

    /// <summary>Writes the changed fields only. A care authority is only kept for a looked-after pupil.</summary>
    public static void Apply(Pupil pupil, IReadOnlyDictionary<string, string?> values, IEnumerable<string> changed)
    {
        foreach (var key in changed)
            if (PupilFields.Find(key) is { Set: { } set }) set(pupil, values[key]);
        if (pupil.LookedAfter != LookedAfterStatus.Lac) pupil.CareAuthority = null;
    }

    /// <summary>The first field in <paramref name="changed"/> this member of staff may not change, if any.</summary>
    public static PupilField? Refused(StaffContext staff, IEnumerable<string> changed) =>
        changed.Select(PupilFields.Find).FirstOrDefault(f => f is null || !f.MayChange(staff));
}
