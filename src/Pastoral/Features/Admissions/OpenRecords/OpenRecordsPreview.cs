using Pastoral.Features.Safeguarding;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Admissions.OpenRecords;

/// <summary>What the deletion form shows: every registered source's lines, the DSL line everyone sees, and the CP/CIN line a reader of it sees.</summary>
public sealed record OpenRecordsSummary(IReadOnlyList<OpenRecordLine> Lines, string DslLine, string? Restricted);

/// <summary>
/// Asks every <see cref="IOpenRecordsSource"/> for a pupil's open records. The child protection status is read only through
/// <see cref="ChildProtection"/> (the one audited restricted path) and only for a reader of it; everyone else is told only that
/// the DSL will be told, which is said of every pupil, so it reveals nothing.
/// </summary>
public sealed class OpenRecordsPreview(IEnumerable<IOpenRecordsSource> sources, ChildProtection childProtection, TimeProvider clock)
{
    public const string DslLine = "The DSL is told when this pupil leaves the roll.";

    public async Task<OpenRecordsSummary> ForAsync(int pupilId, int schoolId, StaffContext viewer, CancellationToken ct)
    {
        var query = new OpenRecordsQuery(pupilId, schoolId, viewer, new SchoolClock(clock).Today(), clock.GetUtcNow().UtcDateTime);
        var lines = new List<OpenRecordLine>();
        foreach (var source in sources) lines.AddRange(await source.LinesAsync(query, ct));
        string? restricted = null;
        if (RestrictedAccess.HoldsTier(viewer, schoolId))
        {
            var status = await childProtection.ReadCurrentAsync(viewer, pupilId, ct, "off-roll preview");
            restricted = status?.Status switch
            {
                ChildProtectionStatus.Cp => "CP plan: the child protection file must go to the new school within 5 school days.",
                ChildProtectionStatus.Cin => "Child in need: the child protection file must go to the new school within 5 school days.",
                _ => null,
            };
        }
        return new OpenRecordsSummary(lines, DslLine, restricted);
    }
}
