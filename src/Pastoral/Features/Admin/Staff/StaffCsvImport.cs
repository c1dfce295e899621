using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Admin.Staff;

/// <summary>One account the file would create, for the preview.</summary>
public sealed record StaffCsvRow(int Line, string Email, string Name, List<string> Roles, List<StaffScope> Grants, string ScopeText);

public sealed record StaffCsvResult(IReadOnlyList<StaffCsvRow> Rows, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Errors.Count == 0 && Rows.Count > 0;
}

/// <summary>
/// Adding staff from a CSV file (Email, Name, Roles, School, Scope, Years): every row is checked first and the file is
/// refused whole, with each problem by line, or every account is created and invited in one transaction.
/// </summary>
public sealed class StaffCsvImport(PastoralDbContext db, StaffDirectory directory, StaffAccessChanges changes)
{
    public const int MaxBytes = 500_000;
    public const int MaxRows = 2_000;
    public const string Template =
        "Email,Name,Roles,School,Scope,Years\r\n" +
        "j.smith@school.org.uk,Jo Smith,Teacher,100001,school,\r\n" +
        "a.khan@school.org.uk,Asha Khan,Head of year;Teacher,100001,year groups,7;8\r\n" +
        "m.jones@school.org.uk,Mo Jones,Pastoral staff,100001,caseload,\r\n";

    public async Task<StaffCsvResult> ReadAsync(StaffContext admin, TextReader text, CancellationToken ct = default)
    {
        var errors = new List<string>();
        var rows = new List<StaffCsvRow>();
        var reach = await directory.ReachAsync(admin, ct);
        var trustWide = StaffDirectory.IsTrustWide(admin);
        using var csv = new CsvReader(text, new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            PrepareHeaderForMatch = a => a.Header.Trim().ToUpperInvariant(), MissingFieldFound = null, BadDataFound = null, DetectDelimiter = false,
        });
        try
        {
            if (!await csv.ReadAsync() || !csv.ReadHeader()) return new([], ["The file is empty: the first line must be the headings Email, Name, Roles, School, Scope, Years."]);
            var missing = new[] { "EMAIL", "NAME", "ROLES" }.Where(h => !csv.HeaderRecord!.Any(x => x.Trim().Equals(h, StringComparison.OrdinalIgnoreCase))).ToList();
            if (missing.Count > 0) return new([], [$"Line 1: the headings must include Email, Name and Roles (missing {string.Join(", ", missing)})."]);
            var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            while (await csv.ReadAsync())
            {
                if (rows.Count + errors.Count >= MaxRows) return new([], [$"The file has more than {MaxRows:N0} staff: split it into smaller files."]);
                var line = csv.Parser.RawRow;
                string F(string n) => (csv.GetField(n) ?? "").Trim();
                var (email, name, rolesText, urn, scopeText, yearsText) = (F("EMAIL"), F("NAME"), F("ROLES"), F("SCHOOL"), F("SCOPE"), F("YEARS"));
                if (string.Join("", email, name, rolesText, urn, scopeText, yearsText).Length == 0) continue;
                var before = errors.Count;
                if (StaffAccounts.EmailProblem(email) is { } bad) errors.Add($"Line {line}: {bad}");
                else if (seen.TryGetValue(email, out var first)) errors.Add($"Line {line}: {email} is already on line {first}.");
                else seen[email] = line;
                if (name.Length is 0 or > 200) errors.Add($"Line {line}: enter a name of 1 to 200 characters.");
                var roles = Split(rolesText).Select(r => (Text: r, Role: Roles.Parse(r))).ToList();
                if (roles.Count == 0) errors.Add($"Line {line}: enter at least one role.");
                foreach (var r in roles.Where(r => r.Role is null))
                    errors.Add($"Line {line}: \"{r.Text}\" is not a role. Roles: {string.Join(", ", Roles.All.Select(Roles.DisplayName))}.");
                var kinds = Split(scopeText.Length == 0 ? "school" : scopeText).Select(ParseScope).ToList();
                if (kinds.Any(k => k is null)) errors.Add($"Line {line}: Scope must be school, year groups, caseload or trust (\"{scopeText}\").");
                var grants = new List<StaffScope>();
                var school = reach.FirstOrDefault(s => s.Urn == urn);
                foreach (var kind in kinds.OfType<ScopeKind>().Distinct())
                {
                    if (kind == ScopeKind.Trust)
                    {
                        if (!trustWide) errors.Add($"Line {line}: only a trust administrator can give access to every school.");
                        grants.Add(new StaffScope { Kind = kind });
                        continue;
                    }
                    if (school is null)
                    {
                        errors.Add(urn.Length == 0 ? $"Line {line}: enter the URN of their school." : $"Line {line}: {urn} is not the URN of a school you administer.");
                        break;
                    }
                    if (kind != ScopeKind.YearGroups) { grants.Add(new StaffScope { Kind = kind, SchoolId = school.Id }); continue; }
                    var years = Split(yearsText).ToList();
                    if (years.Count == 0) errors.Add($"Line {line}: a year groups scope needs Years, like 7;8.");
                    foreach (var y in years)
                    {
                        var match = school.YearGroups.FirstOrDefault(g => g.Name.Equals(y, StringComparison.OrdinalIgnoreCase)
                            || g.Name.Equals($"Year {y}", StringComparison.OrdinalIgnoreCase) || (y is "R" or "r" && g.Name.StartsWith("Reception", StringComparison.OrdinalIgnoreCase)));
                        if (match == default) errors.Add($"Line {line}: {school.Name} has no year group \"{y}\".");
                        else grants.Add(new StaffScope { Kind = kind, SchoolId = school.Id, YearGroupId = match.Id });
                    }
                }
                if (errors.Count == before)
                    rows.Add(new StaffCsvRow(line, email, name, [.. roles.Select(r => r.Role!).Distinct()], grants,
                        string.Join("; ", grants.Select(g => g.Kind switch
                        {
                            ScopeKind.Trust => "Every school",
                            ScopeKind.YearGroups => $"{school!.YearGroups.First(y => y.Id == g.YearGroupId).Name}, {school.Name}",
                            ScopeKind.Caseload => $"Caseload, {school!.Name}",
                            _ => school!.Name,
                        }))));
            }
        }
        catch (CsvHelperException) { return new([], ["The file is not a CSV file this import can read: save it as CSV (comma separated)."]); }
        var emails = rows.Select(r => r.Email.ToUpperInvariant()).ToList();
        var taken = await db.Users.AsNoTracking().Where(u => emails.Contains(u.NormalizedEmail!)).Select(u => u.NormalizedEmail).ToListAsync(ct);
        foreach (var r in rows.Where(r => taken.Contains(r.Email.ToUpperInvariant())))
            errors.Add($"Line {r.Line}: {r.Email} already has an account.");
        if (rows.Count == 0 && errors.Count == 0) errors.Add("The file has headings but no staff.");
        errors.Sort((a, b) => LineOf(a).CompareTo(LineOf(b)));
        return new(errors.Count > 0 ? [] : rows, errors.Count > 50 ? [.. errors.Take(50), $"… and {errors.Count - 50} more problems."] : errors);
    }

    /// <summary>Creates and invites every account of a file that read without problems, all or none.</summary>
    public async Task<int> ApplyAsync(StaffContext admin, StaffCsvResult read, string fileName, CancellationToken ct = default)
    {
        if (!read.Succeeded) throw new InvalidOperationException("Only a file that read without problems can be imported.");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var row in read.Rows)
            await changes.CreateInTransactionAsync(row.Email, row.Name, row.Roles,
                [.. row.Grants.Select(g => new StaffScope { Kind = g.Kind, SchoolId = g.SchoolId, YearGroupId = g.YearGroupId })], ct);
        db.Audit(AuditActions.Imported, nameof(StaffUser), null, detail: $"staff {fileName}: {read.Rows.Count} accounts invited");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return read.Rows.Count;
    }

    private static int LineOf(string error) =>
        error.StartsWith("Line ", StringComparison.Ordinal) && int.TryParse(error[5..].Split(':')[0], out var n) ? n : int.MaxValue;

    private static IEnumerable<string> Split(string text) =>
        text.Split([';', '|', '/'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static ScopeKind? ParseScope(string text) => text.Replace(" ", "").Replace("-", "").ToLowerInvariant() switch
    {
        "school" or "schools" or "wholeschool" => ScopeKind.Schools,
        "yeargroup" or "yeargroups" or "year" or "years" => ScopeKind.YearGroups,
        "caseload" => ScopeKind.Caseload,
        "trust" or "everyschool" => ScopeKind.Trust,
        _ => null,
    };
}
