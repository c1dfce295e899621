using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Features.Safeguarding;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Attachments;
using Pastoral.Infrastructure.Documents;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Admin.AuditExtract;

/// <summary>What the extract form asks: a pupil (UPN) or a member of staff (email), and the days from and to.</summary>
public sealed record ExtractRequest(string? Pupil, string? Staff, DateOnly? From, DateOnly? To);

public sealed record ExtractEntry(DateTime AtLocal, string Actor, string Action, string Record, string? Detail, string? Source);

public sealed record AuditExtractModel(string Subject, DateOnly From, DateOnly To, IReadOnlyList<ExtractEntry> Entries, bool Truncated,
    bool IncludesRestricted, string PreparedBy, DateTime PreparedAtLocal)
{
    public const string View = "/Features/Admin/AuditExtract/AuditExtract.cshtml";
}

public sealed record ExtractOutcome(AuditExtractModel? Extract, IReadOnlyList<(string Field, string Message)> Problems, DocumentOptions? Options = null);

/// <summary>
/// The audit entries about one pupil, or by one member of staff, over a period, as far as the viewer's scope reaches. Entries
/// that reveal a restricted record (its reads, shares, changes, and attachments on it) are left out unless the viewer reads
/// restricted records of that school. Every extract made is itself audited.
/// </summary>
public sealed class AuditExtracts(PastoralDbContext db, SchoolClock clock)
{
    public const int MaxEntries = 2000;
    private static readonly string[] RestrictedActions = [.. AuditActions.RevealingRestricted];
    private static readonly IReadOnlyList<string> RestrictedTypes = Audit.AuditSearch.RestrictedTypes;

    public async Task<ExtractOutcome> MakeAsync(StaffContext staff, ExtractRequest request, string madeAs, CancellationToken ct)
    {
        var problems = new List<(string, string)>();
        var pupilKey = request.Pupil?.Trim();
        var staffKey = request.Staff?.Trim();
        if (string.IsNullOrEmpty(pupilKey) == string.IsNullOrEmpty(staffKey))
            problems.Add((nameof(ExtractRequest.Pupil), string.IsNullOrEmpty(pupilKey)
                ? "Enter a pupil's UPN or a member of staff's email address." : "Enter a pupil or a member of staff, not both."));
        if (request.From is null) problems.Add((nameof(ExtractRequest.From), "Enter the first day of the period."));
        if (request.To is null) problems.Add((nameof(ExtractRequest.To), "Enter the last day of the period."));
        if (request is { From: { } f, To: { } t } && t < f) problems.Add((nameof(ExtractRequest.To), "The last day must be on or after the first day."));
        if (problems.Count > 0) return new(null, problems);

        var (from, to) = (request.From!.Value, request.To!.Value);
        var fromUtc = Utc(from);
        var toUtc = Utc(to.AddDays(1));
        var entries = db.AuditEntries.AsNoTracking().Where(e => e.At >= fromUtc && e.At < toUtc);
        string subject, school;
        int? pupilId = null;
        if (!string.IsNullOrEmpty(pupilKey))
        {
            var pupil = await PupilsEndpoints.FindAsync(db, staff, pupilKey, ct);
            if (pupil is null) return new(null, [(nameof(ExtractRequest.Pupil), $"No pupil with UPN {Clip(pupilKey)} that you may see.")]);
            pupilId = pupil.Id;
            entries = entries.Where(e => e.PupilId == pupil.Id);
            subject = $"Pupil: {pupil.DisplayName} (UPN {pupil.Upn})";
            school = pupil.School!.Name;
        }
        else
        {
            var person = await db.Users.AsNoTracking().Where(u => u.TrustId == staff.TrustId && u.NormalizedEmail == staffKey!.ToUpperInvariant())
                .Select(u => new { u.Id, u.FullName, u.Email }).FirstOrDefaultAsync(ct);
            if (person is null) return new(null, [(nameof(ExtractRequest.Staff), $"No member of staff with the email {Clip(staffKey!)}.")]);
            var schools = staff.WholeSchoolIds;
            var trustWide = staff.Scopes.Contains(ScopeKind.Trust);
            var visible = db.Pupils.AsNoTracking().VisibleTo(staff).Select(p => (int?)p.Id);
            // Their actions in the schools the viewer oversees, about pupils the viewer sees, or trust-wide events for a trust-wide viewer.
            entries = entries.Where(e => e.ActorId == person.Id && ((e.SchoolId != null && schools.Contains(e.SchoolId.Value))
                || (e.PupilId != null && visible.Contains(e.PupilId)) || (e.SchoolId == null && e.PupilId == null && trustWide)));
            subject = $"Member of staff: {person.FullName} ({person.Email})";
            school = await db.Schools.AsNoTracking().Where(s => staff.SchoolIds.Contains(s.Id)).OrderBy(s => s.Id).Select(s => s.Name).FirstOrDefaultAsync(ct) ?? "Pastoral";
            if (staff.SchoolIds.Count > 1) school = await db.Trusts.AsNoTracking().Where(x => x.Id == staff.TrustId).Select(x => x.Name).FirstOrDefaultAsync(ct) ?? school;
        }

        var tier = RestrictedAccess.TierSchools(staff);
        var restrictedAttachments = db.Set<Attachment>().Where(a => a.Restricted).Select(a => a.Id.ToString());
        entries = entries.Where(e => (e.SchoolId != null && tier.Contains(e.SchoolId.Value))
            || !(RestrictedActions.Contains(e.Action) || RestrictedTypes.Contains(e.EntityType)
                 || (e.EntityType == nameof(Attachment) && restrictedAttachments.Contains(e.EntityId!))));
        var rows = await entries.OrderBy(e => e.At).ThenBy(e => e.Id).Take(MaxEntries + 1)
            .Select(e => new { e.At, e.ActorId, e.ActorName, e.Action, e.EntityType, e.EntityId, e.Detail, e.Source }).ToListAsync(ct);
        // Staff by their names, as on the timeline; the log itself keeps the sign-in name it was sealed with.
        var actorIds = rows.Where(e => e.ActorId != null).Select(e => e.ActorId!.Value).Distinct().ToList();
        // Staff accounts named as records ("Staff account: Sol Senco"), as the audit log page names them, rather than by their key.
        foreach (var e in rows) if (e.EntityType == nameof(StaffUser) && Guid.TryParse(e.EntityId, out var account)) actorIds.Add(account);
        var names = await db.Users.AsNoTracking().Where(u => u.TrustId == staff.TrustId && actorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
        var shown = rows.Take(MaxEntries).Select(e => new ExtractEntry(SchoolClock.ToLocal(e.At),
            e.ActorId is { } who && names.TryGetValue(who, out var name) ? name : e.ActorName, Audit.AuditSearch.ActionWords(e.Action),
            Record(e.EntityType, e.EntityId, names), e.Detail, e.Source)).ToList();
        var restricted = rows.Any(e => RestrictedActions.Contains(e.Action) || RestrictedTypes.Contains(e.EntityType));

        db.Audit(AuditActions.Exported, "AuditExtract", null, pupilId, null,
            $"audit extract ({madeAs}): {(pupilId is null ? "staff" : "pupil")}, {from:yyyy-MM-dd} to {to:yyyy-MM-dd}, {Counted.Of(shown.Count, "entry", "entries")}");
        await db.SaveChangesAsync(ct);

        var model = new AuditExtractModel(subject, from, to, shown, rows.Count > MaxEntries, restricted, staff.Name, SchoolClock.ToLocal(clock.UtcNow));
        var query = $"?pupil={Uri.EscapeDataString(pupilKey ?? "")}&staff={Uri.EscapeDataString(staffKey ?? "")}&from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}";
        var options = new DocumentOptions("Audit log extract", school, restricted ? ProtectiveMarking.OfficialSensitive : ProtectiveMarking.Official)
        {
            FileName = $"audit-extract-{from:yyyyMMdd}-{to:yyyyMMdd}.pdf",
            PdfLink = "/admin/audit/extract.pdf" + query,
            BackLink = "/admin/audit/extract" + query,
            BackText = "Back to the extract",
        };
        return new(model, [], options);
    }

    private static string Record(string type, string? id, Dictionary<Guid, string> names) =>
        type == nameof(StaffUser) && Guid.TryParse(id, out var account) && names.TryGetValue(account, out var name) ? $"Staff account: {name}"
        : id is null ? type : $"{type} {id}";

    /// <summary>The start of a school-local day, in UTC.</summary>
    private static DateTime Utc(DateOnly day) => TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), SchoolClock.London);

    private static string Clip(string s) => s.Length > 60 ? s[..60] + "…" : s;
}
