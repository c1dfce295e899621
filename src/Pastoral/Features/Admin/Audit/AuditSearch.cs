using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Safeguarding;
using Pastoral.Infrastructure;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Admin.Audit;

/// <summary>What the audit log search was asked for, as typed (the pupil by UPN or number; dates in the school's time).</summary>
public sealed class AuditQuery
{
    public string? Pupil { get; set; }
    public Guid? Staff { get; set; }
    public string? Action { get; set; }
    public string? RecordType { get; set; }
    public string? RecordId { get; set; }
    public string? From { get; set; }
    public string? To { get; set; }
    public int Page { get; set; } = 1;

    public bool Any => !string.IsNullOrWhiteSpace(Pupil) || Staff is not null || !string.IsNullOrEmpty(Action) || !string.IsNullOrEmpty(RecordType)
        || !string.IsNullOrWhiteSpace(RecordId) || !string.IsNullOrWhiteSpace(From) || !string.IsNullOrWhiteSpace(To);

    /// <summary>The filters in words, for the export's own audit entry (a UPN is not personal detail the log may not hold: it names the pupil as every entry does).</summary>
    public string Words() => string.Join(", ", new[]
    {
        string.IsNullOrWhiteSpace(Pupil) ? null : $"pupil {Pupil.Trim()}", Staff is null ? null : $"staff {Staff}",
        string.IsNullOrEmpty(Action) ? null : $"action {Action}", string.IsNullOrEmpty(RecordType) ? null : $"record {RecordType} {RecordId}".Trim(),
        string.IsNullOrWhiteSpace(From) ? null : $"from {From}", string.IsNullOrWhiteSpace(To) ? null : $"to {To}",
    }.Where(s => s is not null).DefaultIfEmpty("no filters"));
}

/// <summary>One row of the audit log as a viewer sees it: staff names, the pupil's name only if the viewer may see the pupil.</summary>
public sealed record AuditRow(long Id, DateTime At, string Actor, string Action, string EntityType, string? EntityId, int? PupilId, string? PupilName, string? Upn,
    string? School, string? Detail, string? Source);

/// <summary>
/// The audit log a viewer may read, and its search. Reach: a trust administrator reads every entry; a school's
/// administrator reads their schools' chains and the trust-level entries by or about their schools' staff (sign-ins,
/// accounts, tokens); a DSL or deputy reads their schools' chains only. Entries that reveal a restricted record exists
/// (restricted reads, shares, CP/CIN changes) are shown only to those who read that school's restricted records.
/// </summary>
public static class AuditSearch
{
    public const int PageSize = 50;

    /// <summary>Restricted record types: their entries say a restricted record exists, so they follow the restricted tier.</summary>
    /// <summary>Both the entity names their own audit entries carry and the record types their reads and shares are audited under.</summary>
    public static readonly IReadOnlyList<string> RestrictedTypes =
    [
        nameof(ChildProtectionRecord), ChildProtectionRecord.RecordType, Safeguarding.Concerns.SafeguardingConcern.RecordType,
        nameof(Safeguarding.Orders.CourtOrder), Safeguarding.Orders.CourtOrder.RecordType,
        nameof(Safeguarding.Orders.LookedAfterCare), Safeguarding.Orders.LookedAfterCare.RecordType,
        nameof(Safeguarding.Orders.EncompassNotification), Safeguarding.Orders.EncompassNotification.RecordType,
        nameof(Safeguarding.Triage.ConcernTriage), nameof(Safeguarding.Triage.SafeguardingDecision), nameof(Safeguarding.Triage.ConcernLink),
        Safeguarding.Triage.SafeguardingAction.RecordType, Safeguarding.Meetings.SafeguardingMeeting.RecordType,
        nameof(Safeguarding.Referrals.SafeguardingReferral), Safeguarding.Referrals.SafeguardingReferral.RecordType,
        nameof(Safeguarding.Chronology.ChronologyPin), Safeguarding.Chronology.ChronologyPin.RecordType,
        nameof(Safeguarding.Adults.AdultConcern), Safeguarding.Adults.AdultConcern.RecordType, nameof(Safeguarding.Adults.AdultConcernAction),
        Safeguarding.Transfers.CpFileTransfer.RecordType, nameof(Safeguarding.Transfers.CpFileRedaction), Safeguarding.Transfers.ReceivedCpFile.RecordType,
    ];
    private static readonly string[] RestrictedActions = [.. AuditActions.RevealingRestricted];

    public static async Task<IQueryable<AuditEntry>> VisibleToAsync(PastoralDbContext db, StaffContext staff, CancellationToken ct)
    {
        var entries = db.AuditEntries.AsNoTracking();
        if (!staff.May(StaffAction.ViewAudit)) return entries.Where(_ => false);
        var admin = staff.May(StaffAction.ManageUsers);
        var schools = admin ? staff.WholeSchoolIds : staff.SchoolIds;
        var tier = RestrictedAccess.TierSchools(staff);
        var restrictedTypes = RestrictedTypes;
        var restrictedActions = RestrictedActions;
        IQueryable<AuditEntry> reach;
        if (admin && staff.Scopes.Contains(ScopeKind.Trust)) reach = entries;
        else if (admin)
        {
            // Read once: a school's staff are a few hundred at most, and ids written as text must match as C# writes them.
            var staffIds = await StaffOf(db, schools).ToListAsync(ct);
            var staffKeys = staffIds.Select(id => id.ToString()).ToList();
            reach = entries.Where(a => (a.SchoolId != null && schools.Contains(a.SchoolId.Value))
                || (a.SchoolId == null && ((a.ActorId != null && staffIds.Contains(a.ActorId.Value)) || (a.EntityType == nameof(StaffUser) && staffKeys.Contains(a.EntityId!)))));
        }
        else reach = entries.Where(a => a.SchoolId != null && schools.Contains(a.SchoolId.Value));
        return reach.Where(a => !(restrictedActions.Contains(a.Action) || restrictedTypes.Contains(a.EntityType)) || (a.SchoolId != null && tier.Contains(a.SchoolId.Value)));
    }

    /// <summary>Staff who work in these schools: any scope naming one of them or one of their year groups.</summary>
    public static IQueryable<Guid> StaffOf(PastoralDbContext db, IReadOnlyList<int> schools) =>
        db.StaffScopes.Where(s => (s.SchoolId != null && schools.Contains(s.SchoolId.Value))
            || (s.YearGroupId != null && db.YearGroups.Any(y => y.Id == s.YearGroupId && schools.Contains(y.SchoolId)))).Select(s => s.UserId).Distinct();

    /// <summary>Applies the filters; problems (an unknown pupil, a date that is not one) come back in staff's words, keyed by field.</summary>
    public static async Task<(IQueryable<AuditEntry> Entries, List<(string Field, string Message)> Problems)> FilterAsync(
        PastoralDbContext db, StaffContext staff, AuditQuery q, CancellationToken ct)
    {
        var problems = new List<(string, string)>();
        var entries = await VisibleToAsync(db, staff, ct);
        if (!string.IsNullOrWhiteSpace(q.Pupil))
        {
            var key = q.Pupil.Trim().ToUpperInvariant();
            var id = int.TryParse(key, out var n) ? n : -1;
            var pupil = await db.Pupils.AsNoTracking().VisibleTo(staff).Where(p => p.Upn == key || p.Id == id).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct);
            if (pupil is null) problems.Add(("Pupil", $"No pupil you can see has the UPN or number {q.Pupil.Trim()}"));
            else entries = entries.Where(a => a.PupilId == pupil);
        }
        if (q.Staff is { } who) entries = entries.Where(a => a.ActorId == who);
        if (!string.IsNullOrEmpty(q.Action)) entries = entries.Where(a => a.Action == q.Action);
        if (!string.IsNullOrEmpty(q.RecordType)) entries = entries.Where(a => a.EntityType == q.RecordType);
        if (!string.IsNullOrWhiteSpace(q.RecordId)) { var rid = q.RecordId.Trim(); entries = entries.Where(a => a.EntityId == rid); }
        var from = Day(q.From, "From", problems);
        var to = Day(q.To, "To", problems);
        if (from is { } f && to is { } t && t < f) problems.Add(("To", "The end date must be on or after the start date"));
        if (from is { } f2) { var utc = Utc(f2); entries = entries.Where(a => a.At >= utc); }
        if (to is { } t2) { var utc = Utc(t2.AddDays(1)); entries = entries.Where(a => a.At < utc); }
        return (entries, problems);
    }

    public static IQueryable<AuditRow> Rows(PastoralDbContext db, StaffContext staff, IQueryable<AuditEntry> entries)
    {
        var pupils = db.Pupils.VisibleTo(staff);
        return entries.OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Select(a => new AuditRow(a.Id, a.At,
            db.Users.Where(u => u.Id == a.ActorId).Select(u => u.FullName).FirstOrDefault() ?? a.ActorName,
            a.Action, a.EntityType, a.EntityId, a.PupilId,
            pupils.Where(p => p.Id == a.PupilId).Select(p => p.LegalForename + " " + p.LegalSurname).FirstOrDefault(),
            pupils.Where(p => p.Id == a.PupilId).Select(p => p.Upn).FirstOrDefault(),
            db.Schools.Where(s => s.Id == a.SchoolId).Select(s => s.Name).FirstOrDefault(), a.Detail, a.Source));
    }

    private static DateOnly? Day(string? text, string field, List<(string, string)> problems)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (Admin.SchoolSetUp.CalendarRules.Date(text) is { } d) return d;
        problems.Add((field, $"Enter the {(field == "From" ? "start" : "end")} date as a date, for example 2026-11-24"));
        return null;
    }

    /// <summary>The start of a school-local day, in UTC.</summary>
    private static DateTime Utc(DateOnly day) => TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), SchoolClock.London);

    /// <summary>Actions in words staff use.</summary>
    public static string ActionWords(string action) => action switch
    {
        AuditActions.ViewedRestricted => "Viewed restricted record",
        AuditActions.SignInFailed => "Sign-in failed",
        AuditActions.SignedIn => "Signed in",
        AuditActions.SignedOut => "Signed out",
        AuditActions.SignedOutEverywhere => "Signed out everywhere",
        AuditActions.TokenCreated => "API token created",
        AuditActions.TokenRevoked => "API token revoked",
        AuditActions.KeyStarted => "Audit key started",
        AuditActions.ShareRevoked => "Share revoked",
        AuditActions.BrokeGlass => "Opened in an emergency (break-glass)",
        Admin.SchoolSetUp.YearEndRollover.Action => "Year-end rollover",
        _ => action,
    };
}
