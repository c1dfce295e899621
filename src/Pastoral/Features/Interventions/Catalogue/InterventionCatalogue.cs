using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Interventions.Catalogue;

/// <summary>What the intervention form sends: every value as typed, so a bad one comes back to the form as it was.</summary>
public sealed record InterventionInput(string? Name, string? Area, string? Description, string? EvidenceBase, string? TypicalWeeks, string? TypicalSessions,
    string? GroupSizeMin, string? GroupSizeMax, string? CostBasis, string? CostPerSession);

public sealed record SaveResult(int? Id, IReadOnlyList<(string Field, string Message)> Problems, Intervention? Current = null);

/// <summary>The school's interventions catalogue and its hourly rates per role: the checks and the saves (version-checked).</summary>
public sealed class InterventionCatalogue(PastoralDbContext db)
{
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    public static string Money(int pence) => (pence / 100m).ToString("£#,##0.00", English);

    public static string Cost(Intervention i) => i.CostBasis == CostBasis.PerSession ? $"{Money(i.CostPerSessionPence)} per session" : "Staff time at the lead's hourly rate";

    public static string Length(Intervention i) =>
        (i.TypicalWeeks, i.TypicalSessions) switch
        {
            (int w, int s) => $"{s} sessions over {w} weeks", (int w, null) => $"{w} weeks", (null, int s) => $"{s} sessions", _ => "Not set",
        };

    public static string GroupSize(Intervention i) => i.GroupSizeMin == i.GroupSizeMax ? (i.GroupSizeMax == 1 ? "1:1" : $"{i.GroupSizeMax}") : $"{i.GroupSizeMin} to {i.GroupSizeMax}";

    /// <summary>The schools whose catalogue the caller reads: their own.</summary>
    public static int? SchoolFor(StaffContext staff, int? asked) => asked is { } s ? (staff.SchoolIds.Contains(s) ? s : null) : staff.SchoolIds.Count > 0 ? staff.SchoolIds[0] : null;

    public Task<List<Intervention>> ListAsync(int schoolId, CancellationToken ct) =>
        db.Set<Intervention>().AsNoTracking().Where(i => i.SchoolId == schoolId).OrderBy(i => i.Retired).ThenBy(i => i.Area).ThenBy(i => i.Name).ToListAsync(ct);

    public Task<Intervention?> FindAsync(StaffContext staff, int id, CancellationToken ct) =>
        db.Set<Intervention>().AsNoTracking().VisibleTo(staff).FirstOrDefaultAsync(i => i.Id == id, ct);

    /// <summary>The values of a form, checked: the problems name each field in staff's words.</summary>
    public static (Intervention Values, List<(string Field, string Message)> Problems) Check(InterventionInput input)
    {
        var problems = new List<(string, string)>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0) problems.Add(("Name", "Enter the intervention's name"));
        else if (name.Length > Intervention.NameMax) problems.Add(("Name", $"The name can be at most {Intervention.NameMax} characters"));
        if (!Enum.TryParse<NeedArea>(input.Area, true, out var area) || !Enum.IsDefined(area)) problems.Add(("Area", "Choose the area of need"));
        var description = input.Description?.Trim() ?? "";
        if (description.Length > Intervention.TextMax) problems.Add(("Description", $"The description can be at most {Intervention.TextMax} characters"));
        var evidence = input.EvidenceBase?.Trim() ?? "";
        if (evidence.Length > Intervention.TextMax) problems.Add(("EvidenceBase", $"The evidence base can be at most {Intervention.TextMax} characters"));
        int? Whole(string field, string? text, string words, int min, int max)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
            problems.Add((field, $"{words} must be a whole number from {min} to {max}"));
            return null;
        }
        var weeks = Whole("TypicalWeeks", input.TypicalWeeks, "Typical length in weeks", 1, 104);
        var sessions = Whole("TypicalSessions", input.TypicalSessions, "Typical number of sessions", 1, 500);
        var min = Whole("GroupSizeMin", input.GroupSizeMin, "The smallest group", 1, 40) ?? 1;
        var max = Whole("GroupSizeMax", input.GroupSizeMax, "The largest group", 1, 40) ?? min;
        if (max < min) problems.Add(("GroupSizeMax", "The largest group cannot be smaller than the smallest"));
        if (!Enum.TryParse<CostBasis>(input.CostBasis, true, out var basis) || !Enum.IsDefined(basis)) problems.Add(("CostBasis", "Choose how it is costed"));
        var pence = 0;
        if (basis == CostBasis.PerSession)
        {
            if (!decimal.TryParse(input.CostPerSession?.Trim().TrimStart('£'), NumberStyles.Number, CultureInfo.InvariantCulture, out var pounds) || pounds < 0 || pounds > 100000)
                problems.Add(("CostPerSession", "Enter the cost per session in pounds, for example 45.00"));
            else pence = (int)Math.Round(pounds * 100);
        }
        return (new Intervention
        {
            Name = name, Area = area, Description = description, EvidenceBase = evidence, TypicalWeeks = weeks, TypicalSessions = sessions,
            GroupSizeMin = min, GroupSizeMax = max, CostBasis = basis, CostPerSessionPence = pence,
        }, problems);
    }

    /// <summary>Adds (id null) or saves an intervention. A stale version saves nothing and returns the current record (the page shows both).</summary>
    public async Task<SaveResult> SaveAsync(StaffContext staff, int schoolId, int? id, int version, InterventionInput input, CancellationToken ct)
    {
        var (values, problems) = Check(input);
        var existing = id is null ? null : await db.Set<Intervention>().VisibleTo(staff).FirstOrDefaultAsync(i => i.Id == id, ct);
        if (id is not null && existing is null) return new(null, [("", "That intervention is not in your school's catalogue")]);
        var school = existing?.SchoolId ?? schoolId;
        if (values.Name.Length > 0 && await db.Set<Intervention>().AnyAsync(i => i.SchoolId == school && i.Name == values.Name && i.Id != (id ?? 0), ct))
            problems.Add(("Name", $"The catalogue already has an intervention called {values.Name}"));
        if (problems.Count > 0) return new(null, problems);
        if (existing is not null && existing.Version != version) return new(null, [], existing);
        var target = existing ?? new Intervention { Name = values.Name, SchoolId = school };
        (target.Name, target.Area, target.Description, target.EvidenceBase, target.TypicalWeeks, target.TypicalSessions) =
            (values.Name, values.Area, values.Description, values.EvidenceBase, values.TypicalWeeks, values.TypicalSessions);
        (target.GroupSizeMin, target.GroupSizeMax, target.CostBasis, target.CostPerSessionPence) = (values.GroupSizeMin, values.GroupSizeMax, values.CostBasis, values.CostPerSessionPence);
        if (existing is null) db.Add(target);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new(null, [], await FindAsync(staff, target.Id, ct));
        }
        return new(target.Id, []);
    }

    /// <summary>Retires (or brings back) an intervention: retired ones stay on old provision but are not offered for new provision.</summary>
    public async Task<SaveResult> RetireAsync(StaffContext staff, int id, int version, bool retired, CancellationToken ct)
    {
        var existing = await db.Set<Intervention>().VisibleTo(staff).FirstOrDefaultAsync(i => i.Id == id, ct);
        if (existing is null) return new(null, [("", "That intervention is not in your school's catalogue")]);
        if (existing.Version != version) return new(null, [], existing);
        existing.Retired = retired;
        await db.SaveChangesAsync(ct);
        return new(existing.Id, []);
    }

    public Task<List<StaffRoleRate>> RatesAsync(int schoolId, CancellationToken ct) =>
        db.Set<StaffRoleRate>().AsNoTracking().Where(r => r.SchoolId == schoolId).OrderBy(r => r.Role).ToListAsync(ct);

    /// <summary>Saves each role's hourly rate (pounds as typed); an empty box removes the role's rate. All or nothing.</summary>
    public async Task<List<(string Field, string Message)>> SaveRatesAsync(int schoolId, IReadOnlyDictionary<string, string?> typed, CancellationToken ct)
    {
        var problems = new List<(string, string)>();
        var parsed = new Dictionary<string, int?>();
        foreach (var role in Roles.All.Where(typed.ContainsKey))
        {
            var text = typed[role]?.Trim().TrimStart('£');
            if (string.IsNullOrEmpty(text)) { parsed[role] = null; continue; }
            if (!decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var pounds) || pounds < 0 || pounds > 1000)
                problems.Add(($"Rate-{role}", $"Enter the hourly rate for {Roles.DisplayName(role)} in pounds, from 0 to 1000, for example 24.50"));
            else parsed[role] = (int)Math.Round(pounds * 100);
        }
        if (problems.Count > 0) return problems;
        var rates = await db.Set<StaffRoleRate>().Where(r => r.SchoolId == schoolId).ToListAsync(ct);
        foreach (var (role, pence) in parsed)
        {
            var rate = rates.FirstOrDefault(r => r.Role == role);
            if (pence is null) { if (rate is not null) db.Remove(rate); }
            else if (rate is null) db.Add(new StaffRoleRate { SchoolId = schoolId, Role = role, HourlyRatePence = pence.Value });
            else if (rate.HourlyRatePence != pence) rate.HourlyRatePence = pence.Value;
        }
        await db.SaveChangesAsync(ct);
        return [];
    }
}
