using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Schools;
using Pastoral.Infrastructure;

namespace Pastoral.Features.Admin.SchoolSetUp;

/// <summary>The new academic year, its terms and closure days moved on from this year's as a starting point.</summary>
public sealed class NewAcademicYearStep : IRolloverStep
{
    public int Order => 0;

    public Task<RolloverStepPreview> PreviewAsync(RolloverContext c, CancellationToken ct)
    {
        var year = RolloverCalendar.Shifted(c.From);
        return Task.FromResult(new RolloverStepPreview($"The academic year {c.ToLabel}",
            [$"{CalendarRules.Words(year.StartsOn)} to {CalendarRules.Words(year.EndsOn)}", $"{Counted.Of(year.ClosureDays.Count, "closure day")} copied from {c.From.Label}, {RolloverCalendar.ShiftDays(c.From) / 7} weeks on: check bank holidays and INSET days afterwards"],
            [.. year.Terms.OrderBy(t => t.StartsOn).Select(t => $"{t.Name} term: {CalendarRules.Words(t.StartsOn)} to {CalendarRules.Words(t.EndsOn)}")]));
    }

    public Task<string> ApplyAsync(RolloverContext c, CancellationToken ct)
    {
        c.Db.AcademicYears.Add(RolloverCalendar.Shifted(c.From));
        return Task.FromResult($"academic year {c.ToLabel} added");
    }
}

/// <summary>One pupil's move: up a year into a form, or off roll as a leaver.</summary>
public sealed record PupilMove(int PupilId, string Name, string FromYear, string? FromForm, int? ToYearGroupId, string? ToYear, int? ToFormId, string? ToForm, bool Leaves);

/// <summary>Pupils move up a year into the form their old form maps to; the top year leaves the roll on the leaving date.</summary>
public sealed class PupilsMoveUpStep : IRolloverStep
{
    public int Order => 10;

    public async Task<RolloverStepPreview> PreviewAsync(RolloverContext c, CancellationToken ct)
    {
        var moves = await PlanAsync(c, ct);
        var movers = moves.Where(m => !m.Leaves).ToList();
        var leavers = moves.Where(m => m.Leaves).ToList();
        var summary = movers.GroupBy(m => (m.FromYear, m.ToYear)).Select(g => $"{g.Key.FromYear} to {g.Key.ToYear}: {Counted.Of(g.Count(), "pupil")}")
            .Append($"Leaving on {CalendarRules.Words(c.Choices.LeavingDate)}: {Counted.Of(leavers.Count, "pupil")}").ToList();
        var lines = movers.GroupBy(m => (m.FromForm, m.ToForm)).OrderBy(g => g.Key.FromForm)
            .Select(g => $"{g.Key.FromForm ?? "No form"} to {g.Key.ToForm ?? "no form"}: {Counted.Of(g.Count(), "pupil")}")
            .Concat(leavers.OrderBy(l => l.Name).Select(l => $"Leaves: {l.Name} ({l.FromYear}{(l.FromForm is null ? "" : ", " + l.FromForm)})")).ToList();
        return new RolloverStepPreview("Pupils", summary, lines);
    }

    public async Task<string> ApplyAsync(RolloverContext c, CancellationToken ct)
    {
        var moves = (await PlanAsync(c, ct)).ToDictionary(m => m.PupilId);
        var pupils = await c.Db.Pupils.Where(p => moves.Keys.Contains(p.Id)).ToListAsync(ct);
        foreach (var p in pupils)
        {
            var m = moves[p.Id];
            if (m.Leaves) p.OnRollTo = c.Choices.LeavingDate;
            else (p.YearGroupId, p.FormId) = (m.ToYearGroupId, m.ToFormId);
        }
        return $"{Counted.Of(moves.Values.Count(m => !m.Leaves), "pupil")} moved up, {Counted.Of(moves.Values.Count(m => m.Leaves), "leaver")} off roll on {c.Choices.LeavingDate:yyyy-MM-dd}";
    }

    /// <summary>Pupils on roll on the leaving date with a year group; the same list for preview and apply.</summary>
    public static async Task<List<PupilMove>> PlanAsync(RolloverContext c, CancellationToken ct)
    {
        var years = await c.Db.YearGroups.AsNoTracking().Include(y => y.Forms).Where(y => y.SchoolId == c.School.Id).ToListAsync(ct);
        if (years.Count == 0) return [];
        var top = years.Max(y => y.NcYear);
        var map = FormMap.Resolve(years, c.Choices.FormMap);
        var leaving = c.Choices.LeavingDate;
        var pupils = await c.Db.Pupils.AsNoTracking().Where(p => p.SchoolId == c.School.Id && p.YearGroupId != null && (p.OnRollTo == null || p.OnRollTo > leaving))
            .OrderBy(p => p.Id).Select(p => new { p.Id, p.LegalSurname, p.LegalForename, p.PreferredForename, p.PreferredSurname, p.YearGroupId, p.FormId }).ToListAsync(ct);
        var moves = new List<PupilMove>();
        foreach (var p in pupils)
        {
            var year = years.Single(y => y.Id == p.YearGroupId);
            var next = years.FirstOrDefault(y => y.NcYear == year.NcYear + 1);
            var form = year.Forms.FirstOrDefault(f => f.Id == p.FormId);
            var name = $"{(string.IsNullOrWhiteSpace(p.PreferredSurname) ? p.LegalSurname : p.PreferredSurname)}, {(string.IsNullOrWhiteSpace(p.PreferredForename) ? p.LegalForename : p.PreferredForename)}";
            if (year.NcYear == top) { moves.Add(new PupilMove(p.Id, name, year.Name, form?.Name, null, null, null, null, true)); continue; }
            if (next is null) continue; // a gap in the school's years: the pupil stays where they are
            var toForm = form is null ? null : map.GetValueOrDefault(form.Id);
            moves.Add(new PupilMove(p.Id, name, year.Name, form?.Name, next.Id, next.Name, toForm, next.Forms.FirstOrDefault(f => f.Id == toForm)?.Name, false));
        }
        return moves;
    }
}

/// <summary>
/// Caseloads carry on into the new year (only leavers' places end, on the leaving date) or are cleared: every current place
/// ends on the last day of the year being left (leavers' on their leaving date), so the history stays.
/// </summary>
public sealed class CaseloadsStep : IRolloverStep
{
    public int Order => 20;

    public async Task<RolloverStepPreview> PreviewAsync(RolloverContext c, CancellationToken ct)
    {
        var plan = await PlanAsync(c, ct);
        return new RolloverStepPreview("Caseloads", c.Choices.CarryCaseloads
            ? [$"Carried on: {Counted.Of(plan.Carried, "caseload place")}", $"Ending on {CalendarRules.Words(c.Choices.LeavingDate)}: {Counted.Of(plan.Leavers.Count, "caseload place")} (leavers)"]
            : [$"Cleared: {Counted.Of(plan.Ending.Count, "caseload place")} end on {CalendarRules.Words(c.From.EndsOn)}, the last day of {c.From.Label}",
               .. plan.Leavers.Count > 0 ? [$"Ending on {CalendarRules.Words(c.Choices.LeavingDate)}: {Counted.Of(plan.Leavers.Count, "caseload place")} (leavers)"] : Array.Empty<string>()], []);
    }

    public async Task<string> ApplyAsync(RolloverContext c, CancellationToken ct)
    {
        var plan = await PlanAsync(c, ct);
        var ids = plan.Ending.Concat(plan.Leavers).ToList();
        var rows = await c.Db.Caseloads.Where(a => ids.Contains(a.Id)).ToListAsync(ct);
        foreach (var a in rows)
        {
            var end = plan.Leavers.Contains(a.Id) ? c.Choices.LeavingDate : c.From.EndsOn;
            a.To = end < a.From ? a.From : end;
        }
        return c.Choices.CarryCaseloads
            ? $"{Counted.Of(rows.Count, "caseload place")} ended (leavers), {plan.Carried} carried"
            : $"caseloads cleared: {Counted.Of(rows.Count, "caseload place")} ended";
    }

    private sealed record Plan(List<int> Ending, List<int> Leavers, int Carried);

    private static async Task<Plan> PlanAsync(RolloverContext c, CancellationToken ct)
    {
        var leaving = c.Choices.LeavingDate;
        var end = leaving < c.From.EndsOn ? leaving : c.From.EndsOn;
        var leavers = (await PupilsMoveUpStep.PlanAsync(c, ct)).Where(m => m.Leaves).Select(m => m.PupilId).ToHashSet();
        var current = await c.Db.Caseloads.AsNoTracking().Where(a => (a.To == null || a.To >= end)
                && c.Db.Pupils.Any(p => p.Id == a.PupilId && p.SchoolId == c.School.Id))
            .Select(a => new { a.Id, a.PupilId }).ToListAsync(ct);
        var leaverPlaces = current.Where(a => leavers.Contains(a.PupilId)).Select(a => a.Id).ToList();
        List<int> ending = c.Choices.CarryCaseloads ? [] : [.. current.Where(a => !leavers.Contains(a.PupilId)).Select(a => a.Id)];
        return new Plan(ending, leaverPlaces, current.Count - leaverPlaces.Count - ending.Count);
    }
}

/// <summary>Which form in the next year each form's pupils move to: "7A" goes to "8A" unless the administrator says otherwise.</summary>
public static class FormMap
{
    public static Dictionary<int, int?> Defaults(IReadOnlyList<YearGroup> years)
    {
        var map = new Dictionary<int, int?>();
        foreach (var year in years)
        {
            var next = years.FirstOrDefault(y => y.NcYear == year.NcYear + 1);
            if (next is null) continue;
            var nextForms = next.Forms.OrderBy(f => f.Name).ToList();
            var forms = year.Forms.OrderBy(f => f.Name).ToList();
            for (var i = 0; i < forms.Count; i++)
            {
                var prefix = year.NcYear.ToString();
                var suffix = forms[i].Name.StartsWith(prefix, StringComparison.Ordinal) ? forms[i].Name[prefix.Length..] : null;
                var same = suffix is null ? null : nextForms.FirstOrDefault(f => f.Name == $"{next.NcYear}{suffix}");
                map[forms[i].Id] = (same ?? (i < nextForms.Count ? nextForms[i] : null))?.Id;
            }
        }
        return map;
    }

    /// <summary>The defaults, overridden by the administrator's choices where those name a form of the right next year (or none).</summary>
    public static Dictionary<int, int?> Resolve(IReadOnlyList<YearGroup> years, IReadOnlyDictionary<int, int?> chosen)
    {
        var map = Defaults(years);
        foreach (var (from, to) in chosen)
        {
            var year = years.FirstOrDefault(y => y.Forms.Any(f => f.Id == from));
            var next = year is null ? null : years.FirstOrDefault(y => y.NcYear == year.NcYear + 1);
            if (next is not null && (to is null || next.Forms.Any(f => f.Id == to))) map[from] = to;
        }
        return map;
    }
}
