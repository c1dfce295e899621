using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Interventions.Provisions;

public sealed record EnrolInput(string? Pupil, string? StartOn, string? EndOn, string? Reason, bool OverGroupSizeConfirmed);

/// <summary>
/// The one write path for provision: a provision's fields (checked by field, in staff's words), enrolling a pupil and ending an enrolment.
/// Sessions are <see cref="SessionLog"/>. A caseload's provision takes its pupils only through the caseload (<see cref="Mentoring.CaseloadBook"/>),
/// because there an enrolment also gives the mentor access.
/// </summary>
public sealed class ProvisionBook(PastoralDbContext db, SchoolClock clock)
{
    public const string DateFormat = "yyyy-MM-dd";
    public static readonly string[] Keys = ["intervention", "kind", "name", "lead", "leadRole", "day", "startTime", "duration", "room", "onlineLink", "plannedSessions", "startOn", "endOn", "otherCosts", "fundingSource"];

    public static string Label(string key) => key switch
    {
        "intervention" => "Intervention", "kind" => "1:1 or group", "name" => "Name", "lead" => "Lead", "leadRole" => "Lead's role (for costing)",
        "day" => "Day", "startTime" => "Time", "duration" => "Minutes per session", "room" => "Room", "onlineLink" => "Online link",
        "plannedSessions" => "Sessions planned", "startOn" => "Starts", "endOn" => "Ends", "otherCosts" => "Other costs (£)", _ => "Funding source",
    };

    public static Dictionary<string, string?> Values(Provision p) => new()
    {
        ["intervention"] = p.InterventionId == 0 ? null : p.InterventionId.ToString(CultureInfo.InvariantCulture), ["kind"] = p.Kind.ToString(), ["name"] = p.Name,
        ["lead"] = p.LeadStaffId == Guid.Empty ? null : p.LeadStaffId.ToString(), ["leadRole"] = p.LeadRole.Length == 0 ? null : p.LeadRole, ["day"] = p.Day?.ToString(),
        ["startTime"] = p.StartTime?.ToString("HH:mm", CultureInfo.InvariantCulture), ["duration"] = p.DurationMinutes.ToString(CultureInfo.InvariantCulture),
        ["room"] = p.Room, ["onlineLink"] = p.OnlineLink, ["plannedSessions"] = p.PlannedSessions.ToString(CultureInfo.InvariantCulture),
        ["startOn"] = p.StartOn == default ? null : p.StartOn.ToString(DateFormat, CultureInfo.InvariantCulture), ["endOn"] = p.EndOn?.ToString(DateFormat, CultureInfo.InvariantCulture),
        ["otherCosts"] = (p.OtherCostsPence / 100m).ToString("0.00", CultureInfo.InvariantCulture), ["fundingSource"] = p.FundingSource,
    };

    /// <summary>The staff who hold a scope in the school and are active: the leads offered.</summary>
    public Task<List<(Guid Id, string Name)>> StaffOfAsync(int schoolId, CancellationToken ct) =>
        db.Users.AsNoTracking().Where(u => u.IsActive && db.StaffScopes.Any(s => s.UserId == u.Id && (s.SchoolId == schoolId || s.Kind == ScopeKind.Trust)))
            .OrderBy(u => u.FullName).Select(u => new ValueTuple<Guid, string>(u.Id, u.FullName)).ToListAsync(ct);

    public Task<List<Intervention>> CatalogueAsync(int schoolId, CancellationToken ct) =>
        db.Set<Intervention>().AsNoTracking().Where(i => i.SchoolId == schoolId && !i.Retired).OrderBy(i => i.Name).ToListAsync(ct);

    public Task<List<string>> RolesAsync(int schoolId, CancellationToken ct) =>
        db.Set<StaffRoleRate>().AsNoTracking().Where(r => r.SchoolId == schoolId).OrderBy(r => r.Role).Select(r => r.Role).ToListAsync(ct);

    /// <summary>Reads the form's values into <paramref name="p"/>; the problems by key (empty when it may be saved).</summary>
    public async Task<Dictionary<string, string>> CheckAsync(Provision p, IReadOnlyDictionary<string, string?> v, CancellationToken ct)
    {
        var problems = new Dictionary<string, string>();
        string? V(string k) => string.IsNullOrWhiteSpace(v.GetValueOrDefault(k)) ? null : v[k]!.Trim();
        var intervention = int.TryParse(V("intervention"), out var iid) ? await db.Set<Intervention>().AsNoTracking().SingleOrDefaultAsync(i => i.Id == iid && i.SchoolId == p.SchoolId, ct) : null;
        if (intervention is null) problems["intervention"] = "Choose the intervention from the school's catalogue";
        else p.InterventionId = intervention.Id;
        if (Enum.TryParse<ProvisionKind>(V("kind"), out var kind) && Enum.IsDefined(kind)) p.Kind = kind; else problems["kind"] = "Choose 1:1 or group";
        p.Name = V("name") ?? intervention?.Name ?? "";
        if (p.Name.Length == 0) problems["name"] = "Enter a name for the provision";
        else if (p.Name.Length > Provision.NameMax) problems["name"] = $"The name can be at most {Provision.NameMax} characters";
        var staff = await StaffOfAsync(p.SchoolId, ct);
        if (Guid.TryParse(V("lead"), out var lead) && staff.FirstOrDefault(s => s.Id == lead) is { Id: var id, Name: var name } && id != Guid.Empty) (p.LeadStaffId, p.LeadStaffName) = (id, name);
        else problems["lead"] = "Choose the member of staff who leads it";
        var roles = await RolesAsync(p.SchoolId, ct);
        if (V("leadRole") is { } role && roles.Contains(role)) p.LeadRole = role; else problems["leadRole"] = "Choose the lead's role, which sets the hourly rate for costing";
        p.Day = V("day") is { } d ? (Enum.TryParse<DayOfWeek>(d, out var day) && Enum.IsDefined(day) ? day : Add(problems, "day", "Choose a day of the week", (DayOfWeek?)null)) : null;
        p.StartTime = V("startTime") is { } t ? (TimeOnly.TryParseExact(t, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? at : Add(problems, "startTime", "Enter the time as a 24-hour time, for example 13:20", (TimeOnly?)null)) : null;
        p.DurationMinutes = int.TryParse(V("duration"), out var minutes) && minutes is >= 5 and <= 240 ? minutes : Add(problems, "duration", "Enter the minutes per session, from 5 to 240", 30);
        p.Room = V("room");
        if (p.Room?.Length > Provision.RoomMax) problems["room"] = $"The room can be at most {Provision.RoomMax} characters";
        p.OnlineLink = V("onlineLink");
        if (p.OnlineLink is { } link && (link.Length > Provision.LinkMax || !Uri.TryCreate(link, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps))
            problems["onlineLink"] = "Enter the video-call link as a full https:// address";
        p.PlannedSessions = int.TryParse(V("plannedSessions"), out var planned) && planned is >= 1 and <= 200 ? planned : Add(problems, "plannedSessions", "Enter the sessions planned, from 1 to 200", 0);
        var start = Date(V("startOn"));
        if (start is null) problems["startOn"] = "Enter the start date as year-month-day, for example 2026-09-07"; else p.StartOn = start.Value;
        p.EndOn = V("endOn") is null ? null : Date(V("endOn")) ?? Add(problems, "endOn", "Enter the end date as year-month-day", (DateOnly?)null);
        if (p.EndOn is { } end && start is { } s && end < s) problems["endOn"] = "The end date cannot be before the start date";
        p.OtherCostsPence = V("otherCosts") is { } pounds ? (decimal.TryParse(pounds.TrimStart('£'), NumberStyles.Number, CultureInfo.InvariantCulture, out var money) && money is >= 0 and <= 1_000_000
            ? (int)Math.Round(money * 100) : Add(problems, "otherCosts", "Enter other costs in pounds, for example 120.00", 0)) : 0;
        p.FundingSource = V("fundingSource");
        if (p.FundingSource?.Length > Provision.FundingMax) problems["fundingSource"] = $"The funding source can be at most {Provision.FundingMax} characters";
        return problems;
    }

    /// <summary>Enrols a pupil the caller sees. Refused, nothing saved: an end before the start, a pupil not seen, a group over its size without confirmation.</summary>
    public async Task<Dictionary<string, string>> EnrolAsync(StaffContext staff, Provision provision, EnrolInput input, CancellationToken ct)
    {
        var problems = new Dictionary<string, string>();
        if (provision.CaseloadOfStaffId is not null) { problems["Pupil"] = "Pupils join a caseload from the caseload page, which also gives the mentor access"; return problems; }
        var key = (input.Pupil ?? "").Trim();
        var pupils = db.Pupils.AsNoTracking().VisibleTo(staff).Where(p => p.SchoolId == provision.SchoolId);
        var pupil = key.Length == 0 ? null : int.TryParse(key, out var pid) ? await pupils.SingleOrDefaultAsync(p => p.Id == pid, ct) : await pupils.FirstOrDefaultAsync(p => p.Upn == Upn.Normalise(key), ct);
        if (pupil is null) problems["Pupil"] = key.Length == 0 ? "Choose the pupil to enrol" : $"There is no pupil '{key}' that you may see in this school";
        var start = Date(input.StartOn);
        if (start is null) problems["StartOn"] = "Enter the date the pupil starts as year-month-day";
        var end = string.IsNullOrWhiteSpace(input.EndOn) ? null : Date(input.EndOn);
        if (!string.IsNullOrWhiteSpace(input.EndOn) && end is null) problems["EndOn"] = "Enter the end date as year-month-day";
        else if (end is { } e && start is { } s && e < s) problems["EndOn"] = "An enrolment cannot end before it starts";
        var reason = (input.Reason ?? "").Trim();
        if (reason.Length == 0) problems["Reason"] = "Enter why the pupil was chosen";
        else if (reason.Length > Enrolment.ReasonMax) problems["Reason"] = $"The reason can be at most {Enrolment.ReasonMax} characters";
        if (pupil is not null && start is { } from && await db.Set<Enrolment>().AnyAsync(x => x.ProvisionId == provision.Id && x.PupilId == pupil.Id && (x.EndOn == null || x.EndOn >= from), ct))
            problems["Pupil"] = $"{pupil.DisplayName} is already enrolled";
        if (problems.Count == 0 && provision.Kind == ProvisionKind.Group)
        {
            var max = await db.Set<Intervention>().Where(i => i.Id == provision.InterventionId).Select(i => i.GroupSizeMax).SingleAsync(ct);
            var count = await db.Set<Enrolment>().CountAsync(x => x.ProvisionId == provision.Id && (x.EndOn == null || x.EndOn >= start), ct);
            if (count >= max && !input.OverGroupSizeConfirmed)
                problems["OverGroupSizeConfirmed"] = $"The group already has {count} pupils and this intervention is for at most {max}. Tick \"Enrol over the group size\" to enrol anyway";
        }
        if (problems.Count > 0) return problems;
        db.Add(new Enrolment { ProvisionId = provision.Id, PupilId = pupil!.Id, StartOn = start!.Value, EndOn = end, Reason = reason, EndReason = end is null ? null : "Planned end" });
        await db.SaveChangesAsync(ct);
        return problems;
    }

    /// <summary>Ends an enrolment (end date, reason). An end before the start is refused and nothing saved.</summary>
    public async Task<Dictionary<string, string>> EndAsync(Enrolment enrolment, string? endOn, string? reason, CancellationToken ct)
    {
        var problems = new Dictionary<string, string>();
        if (enrolment.Provision?.CaseloadOfStaffId is not null) { problems["EndOn"] = "Take pupils off a caseload from the caseload page"; return problems; }
        var end = Date(endOn);
        if (end is null) problems["EndOn"] = "Enter the end date as year-month-day";
        else if (end < enrolment.StartOn) problems["EndOn"] = "An enrolment cannot end before it starts";
        var why = (reason ?? "").Trim();
        if (why.Length == 0) problems["EndReason"] = "Enter why the enrolment ends";
        else if (why.Length > Enrolment.ReasonMax) problems["EndReason"] = $"The reason can be at most {Enrolment.ReasonMax} characters";
        if (problems.Count > 0) return problems;
        (enrolment.EndOn, enrolment.EndReason) = (end, why);
        await db.SaveChangesAsync(ct);
        return problems;
    }

    public static DateOnly? Date(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private static T Add<T>(Dictionary<string, string> problems, string key, string message, T fallback)
    {
        problems.TryAdd(key, message);
        return fallback;
    }

    public DateOnly Today() => clock.Today();
}
