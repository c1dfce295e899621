using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Admin.Responsibilities;
using Pastoral.Features.Schools;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Pages;

/// <summary>
/// Log behaviour in one short form: pupils from a form, one of the teacher's classes or a name search (the "Show pupils" and "Find"
/// buttons re-open the form by GET with everything typed so far), the type, each pupil's role and points, when and where (the
/// teacher's last lesson context remembered), and what happened. Pre-fill: <c>?pupils=1,2&amp;location=&amp;occurredAt=&amp;description=&amp;onCall=</c>.
/// </summary>
[Authorize(Policy = nameof(BehaviourModule.LogBehaviour))]
public sealed class LogModel(PastoralDbContext db, CurrentStaff current, BehaviourRecorder recorder, BehaviourTypes types, SchoolClock clock) : PageModel
{
    public sealed record PupilRow(int Id, string Name, string? Form);
    public sealed record Choice(string Value, string Label);

    public List<PupilRow> Chosen { get; private set; } = [];
    public List<PupilRow> Candidates { get; private set; } = [];
    public string? CandidatesTitle { get; private set; }
    public List<BehaviourType> Types { get; private set; } = [];
    public List<Choice> Forms { get; private set; } = [];
    public List<Choice> Classes { get; private set; } = [];
    public List<Choice> Periods { get; private set; } = [];
    public List<Choice> Locations { get; private set; } = [];
    public Dictionary<string, string?> V { get; } = new(StringComparer.OrdinalIgnoreCase);
    public IReadOnlyDictionary<string, string[]> Problems { get; private set; } = new Dictionary<string, string[]>();
    public (int Id, string Text)? Saved { get; private set; }

    public string? Val(string key) => V.GetValueOrDefault(key);
    public string? Problem(string key) => Problems.TryGetValue(key, out var m) ? m[0] : null;

    public async Task<IActionResult> OnGetAsync(int? saved, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        foreach (var (k, v) in Request.Query) V[k] = v.Count > 1 ? string.Join(",", v.ToArray()) : v.ToString();
        if (!V.ContainsKey("occurredAt"))
        {
            V["occurredAt"] = V.GetValueOrDefault("occurredat") ?? clock.LocalNow().ToString(BehaviourRecorder.LocalFormat, CultureInfo.InvariantCulture);
            if (await db.Set<BehaviourLogPreference>().AsNoTracking().FirstOrDefaultAsync(p => p.StaffId == staff.UserId, ct) is { } pref)
            {
                V.TryAdd("period", pref.PeriodId?.ToString(CultureInfo.InvariantCulture));
                V.TryAdd("location", pref.LocationId?.ToString(CultureInfo.InvariantCulture));
                V.TryAdd("subject", pref.Subject);
            }
        }
        if (saved is { } id && await db.Set<BehaviourIncident>().AsNoTracking().Where(i => i.Id == id && i.RecordedById == staff.UserId)
                .Select(i => new { i.Id, Type = i.Type!.Name, n = i.Pupils.Count }).FirstOrDefaultAsync(ct) is { } s)
            Saved = (s.Id, $"{s.Type}: logged for {Counted.Of(s.n, "pupil")}.");
        await LoadAsync(staff, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        foreach (var (k, v) in Request.Form.Where(f => f.Key != "__RequestVerificationToken")) V[k] = v.Count > 1 ? string.Join(",", v.ToArray()) : v.ToString();
        var ids = PupilIds();
        var input = new IncidentInput
        {
            Type = Val("type"), OccurredAt = Val("occurredAt"), PeriodId = int.TryParse(Val("period"), out var period) ? period : null,
            Location = Val("location"), Subject = Val("subject"), Description = Val("description"), ActionsTaken = Val("actionsTaken"),
            ParentsContacted = Val("parentsContacted") is "true" or "on", ParentsContactNote = Val("parentsContactNote"),
            OnCallRequestId = long.TryParse(Val("onCall"), out var onCall) ? onCall : null,
            Pupils = [.. ids.Select(id => new IncidentPupilInput(id.ToString(CultureInfo.InvariantCulture), Val($"role-{id}") ?? "instigator",
                int.TryParse(Val($"points-{id}"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var pts) ? pts : null,
                Val($"outcome-{id}"), Val($"account-{id}")))],
        };
        var problems = new Dictionary<string, string[]>();
        foreach (var id in ids)
            if (Val($"points-{id}") is { Length: > 0 } text && !int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                problems[$"pupils[{ids.IndexOf(id)}].points"] = ["Enter points as a whole number, for example 1 or -2, or leave it empty for the type's points"];
        var result = problems.Count > 0 ? null : await recorder.LogAsync(staff, input, ct);
        if (result is { Saved: true }) return Redirect($"/behaviour/log?saved={result.Incident!.Id}");
        Problems = problems.Count > 0 ? problems : result!.Problems;
        await LoadAsync(staff, ct);
        Response.StatusCode = 400;
        return Page();
    }

    /// <summary>The chosen pupils' ids, in order, from "pupils" (repeated or comma-separated).</summary>
    public List<int> PupilIds() => [.. (Val("pupils") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0).Where(id => id > 0).Distinct()];

    /// <summary>The field id a problem key points at ("pupils[1].points" → the second chosen pupil's points box).</summary>
    public string FieldId(string key)
    {
        var ids = PupilIds();
        if (key.StartsWith("pupils[", StringComparison.Ordinal) && key.IndexOf(']') is var end and > 7
            && int.TryParse(key[7..end], out var i) && i < ids.Count)
            return key.EndsWith(".pupil", StringComparison.Ordinal) ? $"pupil-{ids[i]}" : $"{key[(end + 2)..]}-{ids[i]}";
        return key == "pupils" ? "choose-pupils" : $"f-{key}";
    }

    private async Task LoadAsync(StaffContext staff, CancellationToken ct)
    {
        var visible = db.Pupils.AsNoTracking().VisibleTo(staff).Where(p => p.OnRollTo == null);
        var ids = PupilIds();
        var chosen = await visible.Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, Name = (p.PreferredForename ?? p.LegalForename) + " " + (p.PreferredSurname ?? p.LegalSurname), Form = p.Form!.Name, p.SchoolId })
            .ToListAsync(ct);
        Chosen = [.. ids.Where(id => chosen.Any(c => c.Id == id)).Select(id => chosen.First(c => c.Id == id)).Select(c => new PupilRow(c.Id, c.Name, c.Form))];
        var teaching = new TeachingGroups(db);
        Forms = [.. (await db.VisibleForms(staff).OrderBy(f => f.YearGroup!.NcYear).ThenBy(f => f.Name).Select(f => new { f.Id, f.Name }).ToListAsync(ct))
            .Select(f => new Choice(f.Id.ToString(CultureInfo.InvariantCulture), f.Name))];
        Classes = [.. (await db.Set<TeachingGroup>().AsNoTracking().VisibleTo(staff).Where(g => g.TeacherId == staff.UserId).OrderBy(g => g.Code)
            .Select(g => new { g.Id, g.Code, g.Subject }).ToListAsync(ct)).Select(g => new Choice(g.Id.ToString(CultureInfo.InvariantCulture), $"{g.Code} ({g.Subject})"))];
        IQueryable<Pupils.Pupil>? candidates = null;
        // Which list the person asked for last ("Show form", "Show class", "Find"); a link may name one alone.
        var show = Val("show") ?? (Val("form") is not null ? "form" : Val("class") is not null ? "class" : Val("q") is not null ? "q" : null);
        if (show == "form" && int.TryParse(Val("form"), out var formId) && Forms.Any(f => f.Value == Val("form")))
        {
            candidates = visible.Where(p => p.FormId == formId);
            CandidatesTitle = $"Form {Forms.First(f => f.Value == Val("form")).Label}";
        }
        else if (show == "class" && int.TryParse(Val("class"), out var classId) && Classes.Any(c => c.Value == Val("class")))
        {
            var taught = db.Set<TeachingGroupPupil>().Where(t => t.TeachingGroupId == classId).Select(t => t.PupilId);
            candidates = visible.Where(p => taught.Contains(p.Id) && teaching.PupilsTaughtBy(staff.UserId).Contains(p.Id));
            CandidatesTitle = $"Class {Classes.First(c => c.Value == Val("class")).Label}";
        }
        else if (show == "q" && Val("q") is { Length: >= 2 } q)
        {
            var term = q.Trim().ToLowerInvariant();
            candidates = visible.Where(p => p.SearchText.Contains(term));
            CandidatesTitle = $"Pupils matching \"{q.Trim()}\"";
        }
        if (candidates is not null)
            Candidates = [.. (await candidates.OrderBy(p => p.LegalSurname).ThenBy(p => p.LegalForename).Take(60)
                .Select(p => new PupilRow(p.Id, (p.PreferredForename ?? p.LegalForename) + " " + (p.PreferredSurname ?? p.LegalSurname), p.Form!.Name))
                .ToListAsync(ct)).Where(c => !ids.Contains(c.Id))];
        var schools = chosen.Select(c => c.SchoolId).Distinct().ToList();
        if (schools.Count == 0) schools = [.. staff.SchoolIds.Take(1)];
        Types = [.. (await types.ForStaffAsync(staff, activeOnly: true, ct)).Where(t => schools.Contains(t.SchoolId))];
        Periods = [.. (await db.Set<SchoolPeriod>().AsNoTracking().Where(p => schools.Contains(p.SchoolId)).OrderBy(p => p.StartsAt).ToListAsync(ct))
            .Select(p => new Choice(p.Id.ToString(CultureInfo.InvariantCulture), $"{p.Name} ({p.StartsAt:HH\\:mm}–{p.EndsAt:HH\\:mm})"))];
        Locations = [.. (await db.Set<Location>().AsNoTracking().Where(l => schools.Contains(l.SchoolId)).OrderBy(l => l.Name).ToListAsync(ct))
            .Select(l => new Choice(l.Id.ToString(CultureInfo.InvariantCulture), l.Name))];
        // A location named in the link (on-call) may be its name.
        if (Val("location") is { } loc && !Locations.Any(l => l.Value == loc) && Locations.FirstOrDefault(l => l.Label.Equals(loc, StringComparison.OrdinalIgnoreCase)) is { } named)
            V["location"] = named.Value;
    }
}
