using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;

namespace Pastoral.Features.Behaviour.Exclusions;

public sealed class SuspensionReasonCode
{
    public string Code { get; set; } = "";
    public string Description { get; set; } = "";
}

/// <summary>
/// The reason codes a suspension may give: the DfE census list (Reference/suspension-reasons.csv, an exact copy of the shared
/// reference; add a row to add one) and the school's own additions (Administration → Suspension reasons).
/// </summary>
public sealed class SuspensionReasons(PastoralDbContext db)
{
    public const int MaxPerSuspension = 3;
    private static readonly Lazy<IReadOnlyList<SuspensionReasonCode>> Loaded = new(() => ReferenceData.Load<SuspensionReasonCode>("suspension-reasons.csv"));
    public static IReadOnlyList<SuspensionReasonCode> National => Loaded.Value;

    /// <summary>The school's codes: the national ones, then its own, each once (a school's own code never hides a national one).</summary>
    public async Task<IReadOnlyList<SuspensionReasonCode>> ForSchoolAsync(int schoolId, CancellationToken ct)
    {
        var own = await db.Set<SchoolSuspensionReason>().AsNoTracking().Where(r => r.SchoolId == schoolId).OrderBy(r => r.Code)
            .Select(r => new SuspensionReasonCode { Code = r.Code, Description = r.Description }).ToListAsync(ct);
        return [.. National, .. own.Where(o => National.All(n => !string.Equals(n.Code, o.Code, StringComparison.OrdinalIgnoreCase)))];
    }

    /// <summary>The description of a code, or the code itself when it is no longer on the list.</summary>
    public static string Describe(IReadOnlyList<SuspensionReasonCode> codes, string code) =>
        codes.FirstOrDefault(c => string.Equals(c.Code, code, StringComparison.OrdinalIgnoreCase))?.Description ?? code;
}
