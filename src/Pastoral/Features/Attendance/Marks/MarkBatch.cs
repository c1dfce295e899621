using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Marks;

/// <summary>One mark as it arrives from outside (the API's JSON or a CSV row): text, not yet checked.</summary>
/// <param name="Pupil">The pupil's id or UPN.</param>
/// <param name="Date">yyyy-MM-dd.</param>
/// <param name="Session">AM or PM, any case.</param>
public sealed record IncomingMark(string? Pupil, string? Date, string? Session, string? Code, int? MinutesLate, string? Reason);

/// <summary>The outcome of a batch of incoming marks: nothing is saved unless <see cref="Problems"/> is empty.</summary>
/// <param name="Applied">False for a preview or a refusal: nothing was written.</param>
public sealed record MarkBatchResult(IReadOnlyList<MarkProblem> Problems, int Added, int Changed, int Unchanged, bool Applied)
{
    public bool Succeeded => Problems.Count == 0;
}

/// <summary>
/// Marks from the API, a CSV upload, the command line or the watched folder: finds each pupil by id or UPN among those the
/// sender may see, reads the date and session, and hands the batch to <see cref="AttendanceMarkWriter"/> (the one write path).
/// All or nothing: every problem of every mark is reported at once, by index, and nothing is saved while there is one.
/// </summary>
public sealed class MarkBatch(PastoralDbContext db, AttendanceMarkWriter writer)
{
    /// <summary>The most marks one request or file may carry: a large secondary's whole day twice over, with room to spare.</summary>
    public const int MaxMarks = 20_000;

    /// <param name="schoolId">When set (the command line's --school, the watched folder's school), only that school's pupils are found.</param>
    /// <param name="preview">Work out every problem and count, then change nothing.</param>
    public async Task<MarkBatchResult> WriteAsync(StaffContext staff, IReadOnlyList<IncomingMark> incoming, MarkSource source, string what,
        int? schoolId, bool preview, CancellationToken ct)
    {
        if (incoming.Count == 0) return Refused(new MarkProblem(-1, "marks", "Send at least one mark."));
        if (incoming.Count > MaxMarks)
            return Refused(new MarkProblem(-1, "marks", $"Send at most {MaxMarks:N0} marks at once ({incoming.Count:N0} were sent): split them into several batches."));

        var pupils = await FindPupilsAsync(staff, incoming, schoolId, ct);
        var problems = new List<MarkProblem>();
        var valid = new List<MarkInput>();
        var indexOf = new List<int>();
        for (var i = 0; i < incoming.Count; i++)
        {
            var m = incoming[i];
            var before = problems.Count;
            var pupil = 0;
            if (string.IsNullOrWhiteSpace(m.Pupil)) problems.Add(new MarkProblem(i, "pupil", "Give the pupil's id or UPN."));
            else if (!pupils.TryGetValue(m.Pupil.Trim(), out pupil))
                problems.Add(new MarkProblem(i, "pupil", $"There is no pupil '{Shorten(m.Pupil)}' that you may see{(schoolId is null ? "" : " in this school")}."));
            var date = default(DateOnly);
            if (string.IsNullOrWhiteSpace(m.Date)) problems.Add(new MarkProblem(i, "date", "Give the date of the session (yyyy-mm-dd)."));
            else if (!DateOnly.TryParseExact(m.Date.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
                problems.Add(new MarkProblem(i, "date", $"'{Shorten(m.Date)}' is not a date: write it as yyyy-mm-dd, e.g. 2026-11-24."));
            Session? session = m.Session?.Trim().ToUpperInvariant() switch { "AM" => Session.Am, "PM" => Session.Pm, _ => null };
            if (session is null)
                problems.Add(new MarkProblem(i, "session", string.IsNullOrWhiteSpace(m.Session) ? "Give the session: AM or PM." : $"'{Shorten(m.Session)}' is not a session: use AM or PM."));
            if (problems.Count > before) continue;
            valid.Add(new MarkInput(pupil, date, session!.Value, m.Code?.Trim(), m.MinutesLate, string.IsNullOrWhiteSpace(m.Reason) ? null : m.Reason.Trim()));
            indexOf.Add(i);
        }

        // The marks that could be read are checked by the writer too, so every problem is reported in one answer. With any
        // problem already found (or for a preview), the writer's work is undone: it runs inside a transaction rolled back after.
        if (problems.Count > 0 || preview)
        {
            if (valid.Count == 0) return Refused([.. problems]);
            var trial = await TrialAsync(staff, valid, source, what, ct);
            problems.AddRange(trial.Problems.Select(p => Map(p, indexOf)));
            problems.Sort((a, b) => a.Index.CompareTo(b.Index));
            return problems.Count > 0 ? Refused([.. problems]) : new MarkBatchResult([], trial.Added, trial.Changed, trial.Unchanged, Applied: false);
        }
        var result = await writer.WriteAsync(staff, valid, source, what, ct);
        return result.Saved
            ? new MarkBatchResult([], result.Added, result.Changed, result.Unchanged, Applied: true)
            : Refused([.. result.Problems.Select(p => Map(p, indexOf))]);
    }

    private async Task<MarkWriteResult> TrialAsync(StaffContext staff, IReadOnlyList<MarkInput> marks, MarkSource source, string what, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try { return await writer.WriteAsync(staff, marks, source, what, ct); }
        finally
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Each pupil key of the batch (id or UPN, as sent) mapped to a pupil the sender may see; keys not found are left out.</summary>
    private async Task<Dictionary<string, int>> FindPupilsAsync(StaffContext staff, IReadOnlyList<IncomingMark> incoming, int? schoolId, CancellationToken ct)
    {
        var keys = incoming.Select(m => m.Pupil?.Trim()).Where(k => !string.IsNullOrEmpty(k)).Select(k => k!).Distinct().ToList();
        var ids = keys.Select(k => int.TryParse(k, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0).Where(id => id > 0).Distinct().ToList();
        var upns = keys.Where(k => !int.TryParse(k, NumberStyles.None, CultureInfo.InvariantCulture, out _)).Select(Upn.Normalise).Distinct().ToList();
        var visible = db.Pupils.AsNoTracking().VisibleTo(staff);
        if (schoolId is { } school) visible = visible.Where(p => p.SchoolId == school);
        var found = new List<(int Id, string Upn)>();
        foreach (var chunk in ids.Chunk(1000))
            found.AddRange((await visible.Where(p => chunk.Contains(p.Id)).Select(p => new { p.Id, p.Upn }).ToListAsync(ct)).Select(p => (p.Id, p.Upn)));
        foreach (var chunk in upns.Chunk(1000))
            found.AddRange((await visible.Where(p => chunk.Contains(p.Upn)).Select(p => new { p.Id, p.Upn }).ToListAsync(ct)).Select(p => (p.Id, p.Upn)));
        var byId = found.GroupBy(p => p.Id).ToDictionary(g => g.Key, g => g.First().Id);
        // A UPN is unique within a school; across a trust's schools it names one pupil only when one is found.
        var byUpn = found.GroupBy(p => p.Upn, StringComparer.Ordinal).Where(g => g.Select(p => p.Id).Distinct().Count() == 1)
            .ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                if (byId.ContainsKey(id)) map[key] = id;
            }
            else if (byUpn.TryGetValue(Upn.Normalise(key), out var pupil)) map[key] = pupil;
        }
        return map;
    }

    private static MarkProblem Map(MarkProblem p, List<int> indexOf) => p with { Index = p.Index >= 0 && p.Index < indexOf.Count ? indexOf[p.Index] : p.Index };

    private static MarkBatchResult Refused(params MarkProblem[] problems) => new(problems, 0, 0, 0, Applied: false);

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
