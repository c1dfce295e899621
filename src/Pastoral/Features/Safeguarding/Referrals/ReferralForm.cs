using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Agencies;
using Pastoral.Features.Safeguarding.Concerns;
using Pastoral.Features.Safeguarding.Orders;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Referrals;

/// <summary>
/// A safeguarding referral as text fields by key (the page and the API fill the same ones): one set of checks in staff's words, an edit
/// compared field by field. The agencies (from the directory, for the pupil's school) and the pupil's concerns are loaded per pupil
/// by <see cref="ForPupilAsync"/>, so the form offers only what may be chosen.
/// </summary>
public sealed class ReferralForm : RecordForm<SafeguardingReferral>
{
    public const string AgencyKey = "agency", Team = "team", Concern = "concern", ReferredAt = "referredAt", ReferredBy = "referredBy", Method = "method",
        Reference = "reference", Status = "status", Reason = "reason", ResponseOn = "responseOn", ResponseFrom = "responseFrom", Response = "response";

    private readonly IReadOnlyList<(string Value, string Words)> _agencies;
    private readonly IReadOnlyList<(string Value, string Words)>? _concerns;
    private readonly string? _byName;

    public ReferralForm() : this([], null, null) { }

    private ReferralForm(IReadOnlyList<(string, string)> agencies, IReadOnlyList<(string, string)>? concerns, string? byName) =>
        (_agencies, _concerns, _byName) = (agencies, concerns, byName);

    public override string Slug => "referrals";
    public override string RecordType => SafeguardingReferral.RecordType;
    public override string Noun => "safeguarding referral";

    public static readonly IReadOnlyList<(string Value, string Words)> Methods =
        [.. Enum.GetValues<ReferralMethod>().Select(m => (m.ToString(), Cap(SafeguardingReferral.MethodWords(m))))];
    public static readonly IReadOnlyList<(string Value, string Words)> Statuses =
        [.. Enum.GetValues<ReferralStatus>().Select(s => (s.ToString(), Cap(SafeguardingReferral.StatusWords(s))))];

    private static string Cap(string s) => char.ToUpperInvariant(s[0]) + s[1..];

    public override IReadOnlyList<FormField> Fields(OrderPupil pupil)
    {
        var fields = new List<FormField>
        {
            new(AgencyKey, "Agency", FieldKind.Choice, "From the agency directory; the expected response time comes from there.", _agencies),
            new(Team, "Team", FieldKind.Text, "The team at the agency, if not the one shown.", Max: Agency.NameMaxLength),
        };
        // Only a DSL or deputy of the school is offered the pupil's concerns (a share holder is not told which exist).
        if (_concerns is not null) fields.Add(new(Concern, "The concern it came from", FieldKind.Choice, Options: _concerns));
        fields.AddRange(
        [
            new(ReferredAt, "Referred at", FieldKind.DateTime),
            new(ReferredBy, "Referred by", FieldKind.Text, Max: 200),
            new(Method, "How it was made", FieldKind.Choice, Options: Methods),
            new(Reference, "Reference number", FieldKind.Text, "The agency's reference, when they give one.", Max: SafeguardingReferral.ReferenceMax),
            new(Status, "Status", FieldKind.Choice, Options: Statuses),
            new(Reason, "Reason and summary", FieldKind.LongText, "Why the school referred, and what it told the agency.", Max: SafeguardingReferral.TextMax),
            new(ResponseOn, "Date of the response", FieldKind.Date, "Leave empty until the agency answers."),
            new(ResponseFrom, "Who responded", FieldKind.Text, Max: 200),
            new(Response, "What they said", FieldKind.LongText, Max: SafeguardingReferral.TextMax),
        ]);
        return fields;
    }

    /// <summary>The agencies the pupil's school may refer to (and any this pupil's referrals already name), and, for the tier, the pupil's concerns.</summary>
    public override async Task<RecordForm> ForPupilAsync(PastoralDbContext db, StaffContext staff, OrderPupil pupil, CancellationToken ct)
    {
        var trust = await db.Schools.Where(s => s.Id == pupil.SchoolId).Select(s => s.TrustId).SingleAsync(ct);
        var named = db.Set<SafeguardingReferral>().Where(r => r.PupilId == pupil.Id).Select(r => r.AgencyId);
        var agencies = await db.Set<Agency>().AsNoTracking()
            .Where(a => (a.TrustId == trust && !a.Archived && (!a.Schools.Any() || a.Schools.Any(s => s.SchoolId == pupil.SchoolId))) || named.Contains(a.Id))
            .OrderBy(a => a.Name).ThenBy(a => a.Team)
            .Select(a => new { a.Id, a.Name, a.Team, a.Kind, a.Archived, a.ResponseDays, a.ResponseHours }).ToListAsync(ct);
        var options = agencies.Select(a => (a.Id.ToString(Invariant), $"{a.Name}{(a.Team is null ? "" : $" ({a.Team})")} — {AgencyKinds.Name(a.Kind)}"
            + (a.ResponseHours is { } h ? $", answers within {h} hours" : a.ResponseDays is { } d ? $", answers within {d} working days" : "")
            + (a.Archived ? " (archived)" : ""))).ToList();
        List<(string, string)>? concerns = null;
        if (RestrictedAccess.HoldsTier(staff, pupil.SchoolId))
        {
            var rows = await db.Set<SafeguardingConcern>().AsNoTracking().Where(c => c.PupilId == pupil.Id).OrderByDescending(c => c.RaisedAt)
                .Select(c => new { c.Id, c.RaisedAt, c.Urgent }).Take(50).ToListAsync(ct);
            concerns = [("", "None"), .. rows.Select(c => (c.Id.ToString(Invariant),
                $"Concern raised {SchoolClock.ToLocal(c.RaisedAt).ToString("ddd d MMM yyyy, HH:mm", Invariant)}{(c.Urgent ? " (urgent)" : "")}"))];
        }
        return new ReferralForm(options, concerns, staff.Name);
    }

    public override RestrictedPupilRecord New(int pupilId, string byName, DateTime at) =>
        new SafeguardingReferral { PupilId = pupilId, RecordedByName = byName, RecordedAt = at, ReferredByName = byName, Reason = "" };

    public override Dictionary<string, string?> Defaults(DateTime localNow) => new()
    {
        [ReferredAt] = localNow.ToString(LocalFormat, Invariant), [ReferredBy] = _byName, [Status] = nameof(ReferralStatus.Made), [Concern] = "",
    };

    public override Dictionary<string, string?> Values(RestrictedPupilRecord record)
    {
        var r = (SafeguardingReferral)record;
        return new()
        {
            [AgencyKey] = r.AgencyId.ToString(Invariant), [Team] = r.Team, [Concern] = r.ConcernId?.ToString(Invariant), [ReferredAt] = Local(r.ReferredAt),
            [ReferredBy] = r.ReferredByName, [Method] = r.Method.ToString(), [Reference] = r.Reference, [Status] = r.Status.ToString(), [Reason] = r.Reason,
            [ResponseOn] = Date(r.ResponseOn), [ResponseFrom] = r.ResponseFrom, [Response] = r.Response,
        };
    }

    public override Dictionary<string, string> Check(OrderPupil pupil, IReadOnlyDictionary<string, string?> v, DateOnly today)
    {
        var errors = new Dictionary<string, string>();
        if (v[AgencyKey] is null) errors[AgencyKey] = "Choose the agency the referral went to.";
        if (v[ReferredAt] is null) errors[ReferredAt] = "Enter when the referral was made.";
        if (v[ReferredBy] is null) errors[ReferredBy] = "Enter who made the referral.";
        if (v[Method] is null) errors[Method] = "Choose how the referral was made.";
        if (v[Status] is null) errors[Status] = "Choose the referral's status.";
        if (v[Reason] is null) errors[Reason] = "Enter the reason for the referral.";
        CheckCommon(pupil, v, errors);
        var referred = errors.ContainsKey(ReferredAt) ? null : ParseLocal(v[ReferredAt]);
        if (referred is { } at && DateOnly.FromDateTime(SchoolClock.ToLocal(at)) > today) errors[ReferredAt] = "The referral date cannot be in the future.";
        if (!errors.ContainsKey(ResponseOn) && ParseDate(v[ResponseOn]) is { } answered)
        {
            if (answered > today) errors[ResponseOn] = "The response date cannot be in the future.";
            else if (referred is { } r && answered < DateOnly.FromDateTime(SchoolClock.ToLocal(r)))
                errors[ResponseOn] = "The response date cannot be before the date of the referral.";
        }
        return errors;
    }

    public override void Apply(RestrictedPupilRecord record, IReadOnlyDictionary<string, string?> v)
    {
        var r = (SafeguardingReferral)record;
        r.AgencyId = int.Parse(v[AgencyKey]!, Invariant);
        r.Team = Clip(v[Team]);
        if (v.ContainsKey(Concern)) r.ConcernId = int.TryParse(v[Concern], Invariant, out var c) ? c : null;
        r.ReferredAt = ParseLocal(v[ReferredAt])!.Value;
        r.ReferredByName = v[ReferredBy]!;
        r.Method = Enum.Parse<ReferralMethod>(v[Method]!);
        r.Reference = Clip(v[Reference]);
        r.Status = Enum.Parse<ReferralStatus>(v[Status]!);
        r.Reason = v[Reason]!;
        (r.ResponseOn, r.ResponseFrom, r.Response) = (ParseDate(v[ResponseOn]), Clip(v[ResponseFrom]), Clip(v[Response]));
    }

    /// <summary>Who recorded it (told if it goes unanswered) and when the agency's expected response time runs out.</summary>
    public override async Task SavingAsync(PastoralDbContext db, StaffContext staff, RestrictedPupilRecord record, OrderPupil pupil, bool added, CancellationToken ct)
    {
        var r = (SafeguardingReferral)record;
        if (added) r.ReferrerId = staff.UserId;
        var due = await DueAtAsync(db, pupil.SchoolId, r.AgencyId, r.ReferredAt, ct);
        if (due != r.ResponseDueAt) (r.ResponseDueAt, r.OverdueNotifiedAt) = (due, null);
    }

    /// <summary>Hours from the moment referred, or working days from the day referred (overdue once that day has ended); null when the agency gives no time.</summary>
    public static async Task<DateTime?> DueAtAsync(PastoralDbContext db, int schoolId, int agencyId, DateTime referredAt, CancellationToken ct)
    {
        var agency = await db.Set<Agency>().AsNoTracking().Where(a => a.Id == agencyId).Select(a => new { a.ResponseDays, a.ResponseHours }).SingleAsync(ct);
        if (agency.ResponseHours is { } hours) return referredAt.AddHours(hours);
        if (agency.ResponseDays is not { } days) return null;
        var dueOn = await new AgencyDirectory(db).DueOnAsync(schoolId, DateOnly.FromDateTime(SchoolClock.ToLocal(referredAt)), days, ct);
        return TimeZoneInfo.ConvertTimeToUtc(dueOn.AddDays(1).ToDateTime(TimeOnly.MinValue), SchoolClock.London);
    }

    public override string? Flag(RestrictedPupilRecord record, DateTime utcNow) => record is SafeguardingReferral r && r.Overdue(utcNow)
        ? $"No response in the expected time (due {SchoolClock.ToLocal(r.ResponseDueAt!.Value).ToString("ddd d MMM yyyy, HH:mm", Invariant)})" : null;

    public override string Title(RestrictedPupilRecord record, OrderPupil pupil)
    {
        var r = (SafeguardingReferral)record;
        var agency = _agencies.FirstOrDefault(a => a.Value == r.AgencyId.ToString(Invariant)).Words?.Split(" — ")[0] ?? "an agency";
        return $"Referral to {agency}, {SchoolClock.ToLocal(r.ReferredAt).ToString("ddd d MMM yyyy", Invariant)}: {SafeguardingReferral.StatusWords(r.Status)}";
    }
}
