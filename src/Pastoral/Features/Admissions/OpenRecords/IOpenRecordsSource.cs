using Pastoral.Security;

namespace Pastoral.Features.Admissions.OpenRecords;

/// <summary>Whose open records are asked for: the pupil (already found through <c>VisibleTo</c>) and the member of staff looking.</summary>
public sealed record OpenRecordsQuery(int PupilId, int SchoolId, StaffContext Viewer, DateOnly Today, DateTime Now);

/// <summary>One thing still open for a pupil, in staff's words ("2 active plans"), with a link where there is a page for it.</summary>
public sealed record OpenRecordLine(string Text, string? Link = null);

/// <summary>
/// What a capability still has open for a pupil, shown before the pupil is taken off roll. Each capability registers one
/// (<c>services.AddScoped&lt;IOpenRecordsSource, MySource&gt;()</c>) and answers only with what the viewer may see: its own
/// permission, records through <c>VisibleTo</c>, restricted records only through <c>RestrictedAccess</c>.
/// </summary>
public interface IOpenRecordsSource
{
    Task<IReadOnlyList<OpenRecordLine>> LinesAsync(OpenRecordsQuery query, CancellationToken ct);
}
