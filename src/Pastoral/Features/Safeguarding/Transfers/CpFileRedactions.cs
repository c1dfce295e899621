using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Html;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Safeguarding.Concerns;
using Pastoral.Features.Safeguarding.Triage;

namespace Pastoral.Features.Safeguarding.Transfers;

/// <summary>A redaction as the review page shows it: the phrase, why it was proposed, the decision so far and where it appears.</summary>
public sealed record RedactionLine(int? Id, string Phrase, RedactionSource Source, RedactionDecision Decision, string? DecidedByName, DateTime? DecidedAt,
    IReadOnlyList<string> Contexts);

/// <summary>
/// Proposes redactions of other children's names in a CP file (issue 10, item 8): the names of every other pupil of the school that
/// appear in the file's text, and the names (forename too) of the other pupils of the pupil's multi-pupil and linked concerns. The
/// DSL accepts or rejects each and may add their own phrases; the package applies the accepted ones (<see cref="Html"/>).
/// </summary>
public static class CpFileRedactions
{
    public const int ContextChars = 60, MaxContexts = 3;

    /// <summary>Phrases found in the texts, each once (case-insensitive), with why; never the pupil's own name.</summary>
    public static async Task<List<(string Phrase, RedactionSource Source)>> ProposeAsync(PastoralDbContext db, int pupilId, int schoolId, IReadOnlyList<string> texts,
        CancellationToken ct)
    {
        var batches = db.Set<SafeguardingConcern>().Where(c => c.PupilId == pupilId).Select(c => c.BatchId);
        var sameConcern = await db.Set<SafeguardingConcern>().Where(c => batches.Contains(c.BatchId) && c.PupilId != pupilId).Select(c => c.PupilId).Distinct().ToListAsync(ct);
        var linked = await db.Set<ConcernLink>().Where(l => l.PupilId == pupilId).Select(l => l.LinkedPupilId)
            .Concat(db.Set<ConcernLink>().Where(l => l.LinkedPupilId == pupilId).Select(l => l.PupilId)).Where(id => id != pupilId).Distinct().ToListAsync(ct);
        var near = sameConcern.Concat(linked).ToHashSet();
        // Other pupils of the school (and the pupils of related concerns wherever they are): every form of their name.
        var names = await db.Pupils.AsNoTracking().Where(p => p.Id != pupilId && (p.SchoolId == schoolId || near.Contains(p.Id)))
            .Select(p => new { p.Id, p.LegalForename, p.PreferredForename, p.LegalSurname, p.PreferredSurname }).ToListAsync(ct);
        var own = await db.Pupils.AsNoTracking().Where(p => p.Id == pupilId)
            .Select(p => new[] { p.LegalForename, p.PreferredForename, p.LegalSurname, p.PreferredSurname }).SingleAsync(ct);
        var ownWords = own.OfType<string>().Select(s => s.Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var found = new Dictionary<string, RedactionSource>(StringComparer.OrdinalIgnoreCase);
        var all = string.Join("\n", texts); // a quick look first: most names of the school appear nowhere
        void Try(string? phrase, RedactionSource source)
        {
            if (string.IsNullOrWhiteSpace(phrase) || phrase.Trim().Length < 2 || ownWords.Contains(phrase.Trim())) return;
            phrase = phrase.Trim();
            if (all.IndexOf(phrase, StringComparison.OrdinalIgnoreCase) < 0) return;
            if (texts.Any(t => Pattern(phrase).IsMatch(t)) && (!found.TryGetValue(phrase, out var was) || source < was)) found[phrase] = source;
        }
        foreach (var p in names)
        {
            var source = sameConcern.Contains(p.Id) ? RedactionSource.SameConcern : linked.Contains(p.Id) ? RedactionSource.LinkedConcern : RedactionSource.OtherPupil;
            var forenames = new[] { p.PreferredForename, p.LegalForename }.OfType<string>().Distinct();
            var surnames = new[] { p.PreferredSurname, p.LegalSurname }.OfType<string>().Distinct();
            foreach (var f in forenames)
                foreach (var s in surnames) Try($"{f} {s}", source);
            // A forename alone is proposed only for the children of the pupil's own and linked concerns: elsewhere it is too common to mean them.
            if (source != RedactionSource.OtherPupil) foreach (var f in forenames) Try(f, source);
        }
        return [.. found.Select(kv => (kv.Key, kv.Value)).OrderBy(p => p.Value).ThenBy(p => p.Key, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>Up to <see cref="MaxContexts"/> places the phrase appears, as HTML with the phrase marked.</summary>
    public static IReadOnlyList<string> Contexts(string phrase, IEnumerable<string> texts)
    {
        var pattern = Pattern(phrase);
        var list = new List<string>();
        foreach (var text in texts)
            foreach (Match m in pattern.Matches(text))
            {
                if (list.Count == MaxContexts) return list;
                var from = Math.Max(0, m.Index - ContextChars);
                var to = Math.Min(text.Length, m.Index + m.Length + ContextChars);
                var e = HtmlEncoder.Default;
                list.Add((from > 0 ? "…" : "") + e.Encode(text[from..m.Index]) + "<mark>" + e.Encode(m.Value) + "</mark>" + e.Encode(text[(m.Index + m.Length)..to]) + (to < text.Length ? "…" : ""));
            }
        return list;
    }

    /// <summary>The text as HTML with every accepted phrase replaced by a black bar reading "[redacted]".</summary>
    public static IHtmlContent Html(string? text, IReadOnlyList<string> accepted)
    {
        var html = HtmlEncoder.Default.Encode(text ?? "");
        foreach (var phrase in accepted.OrderByDescending(p => p.Length))
            html = Pattern(HtmlEncoder.Default.Encode(phrase)).Replace(html, "<span class=\"redacted\">[redacted]</span>");
        return new HtmlString(html);
    }

    /// <summary>The phrase as a whole word or words, any case.</summary>
    public static Regex Pattern(string phrase) =>
        new($@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(phrase).Replace("\\ ", "\\s+", StringComparison.Ordinal)}(?![\p{{L}}\p{{N}}])",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
