using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Schools;

public sealed record NewSchool(string Name, string Urn, string La, string Establishment, SchoolPhase Phase, string? TrustName);

public sealed class SchoolSetupException(string message) : Exception(message);

/// <summary>Adds a real school: its year groups for its phase and a typical calendar for this academic year, which the school then corrects.</summary>
public sealed partial class SchoolSetup(PastoralDbContext db, SchoolClock clock)
{
    public async Task<School> AddAsync(NewSchool spec, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(spec.Name) || spec.Name.Length > 200) throw new SchoolSetupException("The school needs a name of at most 200 characters.");
        if (!SixDigits().IsMatch(spec.Urn)) throw new SchoolSetupException("URN must be 6 digits.");
        if (!ThreeDigits().IsMatch(spec.La)) throw new SchoolSetupException("LA number must be 3 digits.");
        if (!FourDigits().IsMatch(spec.Establishment)) throw new SchoolSetupException("Establishment number must be 4 digits.");
        if (await db.Schools.AnyAsync(s => s.Urn == spec.Urn, ct)) throw new SchoolSetupException($"A school with URN {spec.Urn} already exists.");
        var trust = await db.Trusts.FirstOrDefaultAsync(ct) ?? new Trust { Name = spec.TrustName ?? spec.Name };
        var school = new School { Trust = trust, Name = spec.Name.Trim(), Urn = spec.Urn, LaNumber = spec.La, EstablishmentNumber = spec.Establishment, Phase = spec.Phase };
        var (from, to) = spec.Phase switch
        {
            SchoolPhase.Primary => (0, 6),
            SchoolPhase.Secondary or SchoolPhase.AlternativeProvision => (7, 11),
            _ => (0, 13),
        };
        for (var year = from; year <= to; year++)
            school.YearGroups.Add(new YearGroup { NcYear = year, Name = year == 0 ? "Reception" : $"Year {year}" });
        var today = clock.Today();
        school.AcademicYears.Add(SchoolsDemoData.CalendarFor(today.Month >= 8 ? today.Year : today.Year - 1));
        db.Schools.Add(school);
        db.Audit(AuditActions.Created, nameof(School), spec.Urn, detail: $"{school.Name} ({spec.Phase})");
        await db.SaveChangesAsync(ct);
        return school;
    }

    [GeneratedRegex("^[0-9]{3}$")] private static partial Regex ThreeDigits();
    [GeneratedRegex("^[0-9]{4}$")] private static partial Regex FourDigits();
    [GeneratedRegex("^[0-9]{6}$")] private static partial Regex SixDigits();
}
