using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Attachments;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Concerns;

/// <summary>
/// Raising a concern: any member of staff who sees the pupils. Every problem is told at once and nothing is saved unless all is
/// well; then each pupil's record, its categories, marks and files, and the DSLs' notices commit in one transaction.
/// </summary>
public sealed class ConcernRaising(PastoralDbContext db, SafeguardingCategories categories, AttachmentStore attachments, INotifier notifier, SchoolClock clock)
{
    public const string LocalFormat = "yyyy-MM-dd'T'HH:mm";
    public const int MaxFiles = 5;

    public async Task<RaiseResult> RaiseAsync(StaffContext staff, ConcernInput input, IReadOnlyList<ConcernFile> files, CancellationToken ct)
    {
        var problems = new Dictionary<string, string[]>();
        void Add(string key, string message) { if (!problems.ContainsKey(key)) problems[key] = [message]; }

        // Pupils: ids or UPNs, among those the person sees; one they do not see reads exactly as one that does not exist.
        var keys = (input.Pupils ?? []).Select(k => k?.Trim()).Where(k => !string.IsNullOrEmpty(k)).Distinct().ToList();
        var pupils = new List<(int Id, int SchoolId)>();
        if (keys.Count == 0) Add("pupils", "Choose the pupil or pupils the concern is about");
        var visible = db.Pupils.AsNoTracking().VisibleTo(staff);
        foreach (var key in keys)
        {
            var q = int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? visible.Where(p => p.Id == id)
                : visible.Where(p => p.Upn == Upn.Normalise(key!));
            if (await q.Select(p => new { p.Id, p.SchoolId }).FirstOrDefaultAsync(ct) is { } found) pupils.Add((found.Id, found.SchoolId));
            else Add("pupils", $"There is no pupil '{key}' that you can see");
        }
        pupils = [.. pupils.DistinctBy(p => p.Id)];

        // Categories: ids or names; each pupil's record names its own school's category of that name.
        var schools = pupils.Select(p => p.SchoolId).Distinct().ToList();
        var offered = schools.Count == 0 ? [] : await categories.ForSchoolsAsync(schools, activeOnly: true, ct);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var given = (input.Categories ?? []).Select(c => c?.Trim()).Where(c => !string.IsNullOrEmpty(c)).ToList();
        if (given.Count == 0) Add("categories", "Choose at least one category");
        foreach (var c in given)
        {
            var match = offered.FirstOrDefault(o => int.TryParse(c, out var cid) ? o.Id == cid : o.Name.Equals(c, StringComparison.OrdinalIgnoreCase));
            if (match is null) { if (schools.Count > 0) Add("categories", $"There is no category '{c}': choose from the list"); }
            else names.Add(match.Name);
        }
        foreach (var school in schools)
            foreach (var name in names)
                if (!offered.Any(o => o.SchoolId == school && o.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
                    Add("categories", $"{name} is not a category at every chosen pupil's school: raise the concern for each school separately");

        var description = Clean(input.Description);
        if (description is null) Add("description", "Describe what you saw or heard");
        else if (description.Length > SafeguardingConcern.TextMax) Add("description", $"What you saw or heard can be at most {SafeguardingConcern.TextMax} characters");
        var words = Clean(input.ChildsWords);
        if (words?.Length > SafeguardingConcern.TextMax) Add("childsWords", $"The child's words can be at most {SafeguardingConcern.TextMax} characters");
        var location = Clean(input.Location);
        if (location?.Length > SafeguardingConcern.LocationMax) Add("location", $"Where it happened can be at most {SafeguardingConcern.LocationMax} characters");
        var action = Clean(input.ActionTaken);
        if (action?.Length > SafeguardingConcern.TextMax) Add("actionTaken", $"Action taken can be at most {SafeguardingConcern.TextMax} characters");
        var occurredAt = When(input.OccurredAt, Add);

        var marks = new List<SafeguardingBodyMark>();
        var givenMarks = input.BodyMap ?? [];
        if (givenMarks.Count > BodyMap.MaxMarks) Add("bodyMap", $"A body map can hold at most {BodyMap.MaxMarks} marks");
        for (var i = 0; i < givenMarks.Count && i < BodyMap.MaxMarks; i++)
        {
            var m = givenMarks[i];
            var key = $"bodyMap[{i}]";
            var side = m.Side?.Trim().ToLowerInvariant() switch { "front" => BodySide.Front, "back" => (BodySide?)BodySide.Back, _ => null };
            var text = Clean(m.Description);
            if (side is null) Add(key, $"Mark {i + 1}: choose front or back");
            else if (m.X is not { } x || m.Y is not { } y) Add(key, $"Mark {i + 1}: place it on the body map");
            else if (!BodyMap.OnBody(x, y)) Add(key, $"Mark {i + 1} is outside the body outline: place it on the body");
            else if (text is null) Add(key, $"Mark {i + 1}: describe what you saw there");
            else if (text.Length > SafeguardingBodyMark.DescriptionMax) Add(key, $"Mark {i + 1}: the description can be at most {SafeguardingBodyMark.DescriptionMax} characters");
            else marks.Add(new SafeguardingBodyMark { Side = side.Value, X = Math.Round(x, 1), Y = Math.Round(y, 1), Description = text });
        }

        var prepared = new List<(ConcernFile File, string Title)>();
        if (files.Count > MaxFiles) Add("attachments", $"Attach at most {MaxFiles} files");
        foreach (var file in files.Take(MaxFiles))
        {
            var title = Path.GetFileNameWithoutExtension(file.FileName ?? "").Trim();
            var (problem, _) = attachments.Prepare(staff, new NewAttachment(SafeguardingConcern.RecordType, 0, 0, true,
                title.Length == 0 ? "Attachment" : title, "Concern", file.FileName, file.Content));
            if (problem is not null) Add("attachments", problem.Problem!);
            else prepared.Add((file, title.Length == 0 ? "Attachment" : title));
        }
        if (problems.Count > 0) return new RaiseResult(null, problems);

        var now = clock.UtcNow;
        var batch = Guid.NewGuid();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var concerns = pupils.Select(p => new SafeguardingConcern
        {
            PupilId = p.Id, SchoolId = p.SchoolId, BatchId = batch, Description = description!, ChildsWords = words, OccurredAt = occurredAt,
            Location = location, ActionTaken = action, Urgent = input.Urgent, RaisedById = staff.UserId, RaisedByName = staff.Name, RaisedAt = now,
            Status = ConcernStatus.New, LastAlertedAt = now,
            Categories = [.. offered.Where(o => o.SchoolId == p.SchoolId && names.Contains(o.Name)).Select(o => new SafeguardingConcernCategory { CategoryId = o.Id, PupilId = p.Id })],
            Marks = [.. marks.Select(m => new SafeguardingBodyMark { PupilId = p.Id, Side = m.Side, X = m.X, Y = m.Y, Description = m.Description })],
        }).ToList();
        db.Set<SafeguardingConcern>().AddRange(concerns);
        await db.SaveChangesAsync(ct);
        foreach (var concern in concerns)
            foreach (var (file, title) in prepared)
                db.Set<Attachment>().Add(attachments.Prepare(staff, new NewAttachment(SafeguardingConcern.RecordType, concern.Id, concern.PupilId, true,
                    title, "Concern", file.FileName, file.Content)).Attachment!);
        foreach (var school in concerns.GroupBy(c => c.SchoolId))
            await UrgentConcernAlerts.TellDslsAsync(db, notifier, school.Key, [.. school.Select(c => c.Id)], input.Urgent, repeat: false, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new RaiseResult(new RaisedConcern([.. concerns.Select(c => c.Id)], now, staff.Name), new Dictionary<string, string[]>());
    }

    private DateTime When(string? text, Action<string, string> add)
    {
        if (string.IsNullOrWhiteSpace(text)) return clock.UtcNow;
        if (DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset) && HasOffset(text))
            return Checked(withOffset.UtcDateTime, add);
        if (!DateTime.TryParseExact(text.Trim(), [LocalFormat, "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            add("occurredAt", "Enter when it happened as a date and a 24-hour time, for example 2026-11-24T14:30");
            return default;
        }
        if (SchoolClock.London.IsInvalidTime(local))
        {
            add("occurredAt", $"{local:HH:mm} did not happen on {local:d MMM yyyy} (the clocks went forward): enter the time again");
            return default;
        }
        return Checked(TimeZoneInfo.ConvertTimeToUtc(local, SchoolClock.London), add);
    }

    private DateTime Checked(DateTime utc, Action<string, string> add)
    {
        if (utc > clock.UtcNow.AddMinutes(5)) add("occurredAt", "When it happened cannot be in the future");
        else if (utc.Year < 2000) add("occurredAt", "Enter a date from this century");
        return utc;
    }

    private static bool HasOffset(string text)
    {
        text = text.Trim();
        return text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 16 && text[^6] is '+' or '-' && text[^3] == ':');
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
