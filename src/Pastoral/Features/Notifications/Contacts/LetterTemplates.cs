using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Security;

namespace Pastoral.Features.Notifications.Contacts;

/// <summary>A letter as a school uses it now: its own wording, or the built-in default.</summary>
public sealed record LetterWording(string Key, string Name, string Group, string Subject, string Body, bool IsDefault,
    DateTime? UpdatedAt, string? UpdatedByName)
{
    public IReadOnlyDictionary<string, string?> Values => new Dictionary<string, string?> { ["Subject"] = Subject, ["Body"] = Body };
}

public abstract record LetterTemplateSave
{
    public sealed record Saved : LetterTemplateSave;
    public sealed record Invalid(IReadOnlyList<(string Field, string Message)> Problems) : LetterTemplateSave;
    /// <summary>Someone saved or reset it since the form was opened: what they saved, and which fields both changed.</summary>
    public sealed record Conflict(LetterWording Current, IReadOnlyList<string> Theirs, IReadOnlyList<string> Clashes) : LetterTemplateSave;
    public sealed record NotFound : LetterTemplateSave;
}

/// <summary>
/// The shared letter templates: every capability registers its letters with built-in wording
/// (<see cref="LetterTemplateRegistration.AddLetterTemplate"/>); a school rewords them at /admin/letter-templates; a letter is
/// written by filling the placeholders (<see cref="LetterPlaceholders"/>) and sent through <see cref="ContactMessages"/>.
/// </summary>
public sealed class LetterTemplates(PastoralDbContext db, IEnumerable<LetterTemplateDefault> defaults, TimeProvider clock)
{
    public IReadOnlyList<LetterTemplateDefault> Registered { get; } = [.. defaults.GroupBy(d => d.Key).Select(g => g.First())];

    public LetterTemplateDefault? Registration(string key) => Registered.FirstOrDefault(d => d.Key == key);

    /// <summary>Every registered letter as the school words it, in registration order.</summary>
    public async Task<IReadOnlyList<LetterWording>> ForSchoolAsync(int schoolId, CancellationToken ct)
    {
        var own = await db.Set<LetterTemplate>().AsNoTracking().Where(t => t.SchoolId == schoolId).ToDictionaryAsync(t => t.Key, ct);
        return [.. Registered.Select(d => Wording(d, own.GetValueOrDefault(d.Key)))];
    }

    public async Task<LetterWording?> ForSchoolAsync(int schoolId, string key, CancellationToken ct) =>
        Registration(key) is { } d ? Wording(d, await db.Set<LetterTemplate>().AsNoTracking().FirstOrDefaultAsync(t => t.SchoolId == schoolId && t.Key == key, ct)) : null;

    private static LetterWording Wording(LetterTemplateDefault d, LetterTemplate? own) => own is null
        ? new(d.Key, d.Name, d.Group, d.Subject, d.Body, true, null, null)
        : new(d.Key, d.Name, d.Group, own.Subject, own.Body, false, own.UpdatedAt, own.UpdatedByName);

    /// <summary>The checks on a template: both parts given, within length, and only known placeholders.</summary>
    public static List<(string Field, string Message)> Check(string? subject, string? body)
    {
        var problems = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(subject)) problems.Add(("Subject", "Enter a subject"));
        else if (subject.Trim().Length > LetterTemplate.SubjectMax) problems.Add(("Subject", $"Subject can be at most {LetterTemplate.SubjectMax} characters"));
        else if (LetterPlaceholders.Problem(subject, "Subject") is { } s) problems.Add(("Subject", s));
        if (string.IsNullOrWhiteSpace(body)) problems.Add(("Body", "Enter the letter"));
        else if (body.Trim().Length > LetterTemplate.BodyMax) problems.Add(("Body", $"The letter can be at most {LetterTemplate.BodyMax:N0} characters"));
        else if (LetterPlaceholders.Problem(body, "The letter") is { } b) problems.Add(("Body", b));
        return problems;
    }

    /// <summary>
    /// Saves the school's wording. <paramref name="started"/> is what the form was opened with: if the saved wording has moved
    /// on since, nothing is written and the other person's wording comes back with the fields both changed.
    /// </summary>
    public async Task<LetterTemplateSave> SaveAsync(StaffContext staff, int schoolId, string key, IReadOnlyDictionary<string, string?> started,
        string? subject, string? body, bool overrideTheirs, CancellationToken ct)
    {
        if (Registration(key) is null) return new LetterTemplateSave.NotFound();
        var problems = Check(subject, body);
        if (problems.Count > 0) return new LetterTemplateSave.Invalid(problems);
        var row = await db.Set<LetterTemplate>().FirstOrDefaultAsync(t => t.SchoolId == schoolId && t.Key == key, ct);
        var current = (await ForSchoolAsync(schoolId, key, ct))!;
        var outcome = PupilEdit.Compare(started, new Dictionary<string, string?> { ["Subject"] = subject!.Trim(), ["Body"] = Normalise(body!) }, current.Values);
        if (outcome.Theirs.Count > 0 && !overrideTheirs) return new LetterTemplateSave.Conflict(current, outcome.Theirs, outcome.Clashes);
        if (outcome.Mine.Count == 0) return new LetterTemplateSave.Saved();
        row ??= db.Add(new LetterTemplate { SchoolId = schoolId, Key = key, Subject = current.Subject, Body = current.Body, UpdatedByName = staff.Name }).Entity;
        foreach (var field in outcome.Mine)
            if (field == "Subject") row.Subject = outcome.Merged["Subject"]!;
            else row.Body = outcome.Merged["Body"]!;
        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        row.UpdatedByName = staff.Name;
        return await TrySaveAsync(schoolId, key, started, ct) ?? new LetterTemplateSave.Saved();
    }

    /// <summary>Back to the built-in wording (the school's row is removed; audited as a deletion).</summary>
    public async Task<LetterTemplateSave> ResetAsync(int schoolId, string key, IReadOnlyDictionary<string, string?> started, CancellationToken ct)
    {
        if (Registration(key) is null) return new LetterTemplateSave.NotFound();
        var current = (await ForSchoolAsync(schoolId, key, ct))!;
        var theirs = current.Values.Keys.Where(k => current.Values[k] != started.GetValueOrDefault(k)).ToList();
        if (theirs.Count > 0) return new LetterTemplateSave.Conflict(current, theirs, []);
        if (await db.Set<LetterTemplate>().FirstOrDefaultAsync(t => t.SchoolId == schoolId && t.Key == key, ct) is { } row) db.Remove(row);
        return await TrySaveAsync(schoolId, key, started, ct) ?? new LetterTemplateSave.Saved();
    }

    private async Task<LetterTemplateSave?> TrySaveAsync(int schoolId, string key, IReadOnlyDictionary<string, string?> started, CancellationToken ct)
    {
        try { await db.SaveChangesAsync(ct); return null; }
        catch (Exception e) when (e is DbUpdateConcurrencyException or DbUpdateException)
        {
            // Someone saved or reset it between our read and our write (a second new row breaks the unique index).
            db.ChangeTracker.Clear();
            var current = (await ForSchoolAsync(schoolId, key, ct))!;
            return new LetterTemplateSave.Conflict(current, [.. current.Values.Keys.Where(k => current.Values[k] != started.GetValueOrDefault(k))], []);
        }
    }

    public static string Normalise(string body) => body.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
}
