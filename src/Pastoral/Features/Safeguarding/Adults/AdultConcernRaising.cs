using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Adults;

/// <summary>What someone typed to record a concern about an adult (the form and the API); every value checked by <see cref="AdultConcernRaising"/>.</summary>
public sealed record AdultConcernInput(string? School, string? AdultName, string? AdultRole, string? Relationship, string? AdultStaffId, bool AboutHeadteacher,
    string? AdultDateOfBirth, string? Kind, IReadOnlyList<string>? Grounds, string? Reported, string? ReportedBy, string? ReportedOn, string? ChildrenInvolved, string? Chair);

public sealed record AdultConcernReceipt(int Id, DateTime ReceivedAt, string ReceivedBy);
public sealed record AdultRaiseResult(AdultConcernReceipt? Receipt, IReadOnlyDictionary<string, string[]> Problems);

/// <summary>
/// Recording a concern about an adult: any member of staff. Every problem is told at once and nothing is saved unless all is well;
/// then the record, the chair of governors' share (one about the headteacher) and the notices commit in one transaction. The person
/// who recorded it gets a receipt only: they cannot read it back unless they read such records anyway.
/// </summary>
public sealed class AdultConcernRaising(PastoralDbContext db, RestrictedAccess restricted, INotifier notifier, SchoolClock clock, TimeProvider time)
{
    /// <summary>The alert: mandatory, and never more than this sentence and the link.</summary>
    public static readonly NotificationKind Alert = new("adult-concern-alert", "Concern about an adult",
        "A concern or allegation about an adult who works with children at your school has been recorded (the headteacher and DSL; the chair of governors for one about the headteacher).",
        MandatoryByDefault: true);
    public const string AlertTitle = "A concern about an adult has been raised";

    public async Task<AdultRaiseResult> RaiseAsync(StaffContext staff, AdultConcernInput input, CancellationToken ct)
    {
        var problems = new Dictionary<string, string[]>();
        void Add(string key, string message) { if (!problems.ContainsKey(key)) problems[key] = [message]; }

        var school = SchoolOf(staff, input.School, Add);
        var name = Clean(input.AdultName);
        if (name is null) Add("adultName", "Enter the adult's name");
        else if (name.Length > AdultConcern.NameMax) Add("adultName", $"The adult's name can be at most {AdultConcern.NameMax} characters");
        var role = Clean(input.AdultRole);
        if (role?.Length > AdultConcern.NameMax) Add("adultRole", $"Their role can be at most {AdultConcern.NameMax} characters");
        var relationship = Parse<AdultRelationship>(input.Relationship, AdultConcernWords.Of);
        if (relationship is null) Add("relationship", "Choose how the adult is connected to the school");
        var kind = Parse<AdultConcernKind>(input.Kind, AdultConcernWords.Of);
        if (kind is null) Add("kind", "Choose whether this is a low-level concern or an allegation");
        var grounds = HarmGround.None;
        foreach (var g in input.Grounds ?? [])
        {
            if (Parse<HarmGround>(g, AdultConcernWords.Of) is { } ground and not HarmGround.None) grounds |= ground;
            else if (!string.IsNullOrWhiteSpace(g)) Add("grounds", $"There is no harm-threshold ground '{g.Trim()}': choose from the list");
        }
        if (kind == AdultConcernKind.Allegation && grounds == HarmGround.None)
            Add("grounds", "An allegation meets the harm threshold: tick which of the four grounds apply (or record it as a low-level concern)");
        if (kind == AdultConcernKind.LowLevel) grounds = HarmGround.None;
        var reported = Clean(input.Reported);
        if (reported is null) Add("reported", "Describe what was reported");
        else if (reported.Length > AdultConcern.TextMax) Add("reported", $"What was reported can be at most {AdultConcern.TextMax} characters");
        var reportedBy = Clean(input.ReportedBy) ?? staff.Name;
        if (reportedBy.Length > AdultConcern.NameMax) Add("reportedBy", $"Who reported it can be at most {AdultConcern.NameMax} characters");
        var today = clock.Today();
        var reportedOn = Date(input.ReportedOn, "reportedOn", "the date it was reported", Add) ?? today;
        if (reportedOn > today) Add("reportedOn", "The date it was reported cannot be in the future");
        var born = Date(input.AdultDateOfBirth, "adultDateOfBirth", "the adult's date of birth", Add);
        if (born is { } b && (b > today.AddYears(-14) || b < today.AddYears(-100))) Add("adultDateOfBirth", "Enter the adult's date of birth, for example 1980-03-14");
        var children = Clean(input.ChildrenInvolved);
        if (children?.Length > AdultConcern.TextMax) Add("childrenInvolved", $"The children involved can be at most {AdultConcern.TextMax} characters");

        // The adult's staff account, when they have one: staff of this school, and never told of it nor able to read it.
        Guid? adultStaff = null;
        var aboutHead = input.AboutHeadteacher;
        if (Guid.TryParse(input.AdultStaffId, out var linked) && linked != Guid.Empty)
        {
            if (school is { } s && await CurrentStaff.LoadAsync(db, linked, time, ct) is { } adult && adult.SchoolIds.Contains(s))
            {
                adultStaff = linked;
                aboutHead |= adult.Roles.Contains(Roles.Headteacher);
            }
            else Add("adultStaffId", "Choose the member of staff from the list, or leave it as not linked");
        }
        else if (!string.IsNullOrWhiteSpace(input.AdultStaffId)) Add("adultStaffId", "Choose the member of staff from the list, or leave it as not linked");

        (Guid Id, string Name)? chair = null;
        if (aboutHead && school is { } inSchool)
        {
            var chairs = await ChairsAsync(inSchool, ct);
            if (chairs.Count == 0) Add("chair", "There is no chair of governors account for this school: tell the chair of governors directly, and ask your administrator to add one");
            else if (chairs.Count == 1 && string.IsNullOrWhiteSpace(input.Chair)) chair = chairs[0];
            else if (Guid.TryParse(input.Chair, out var c) && chairs.Exists(x => x.Id == c)) chair = chairs.Find(x => x.Id == c);
            else Add("chair", "Choose the chair of governors from the list: only a governor of this school can be given it");
        }
        if (problems.Count > 0) return new AdultRaiseResult(null, problems);

        var now = clock.UtcNow;
        var concern = new AdultConcern
        {
            SchoolId = school!.Value, AdultName = name!, AdultRole = role, Relationship = relationship!.Value, AdultStaffId = adultStaff, AboutHeadteacher = aboutHead,
            AdultDateOfBirth = born, Kind = kind!.Value, Grounds = grounds, Reported = reported!, ReportedBy = reportedBy, ReportedOn = reportedOn,
            ChildrenInvolved = children, RaisedById = staff.UserId, RaisedByName = staff.Name, RaisedAt = now,
            KeepUntil = AdultConcernRetention.For(kind!.Value, reportedOn, born, null).KeepUntil,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Set<AdultConcern>().Add(concern);
        await db.SaveChangesAsync(ct);
        var record = AdultConcern.RecordOf(concern.Id, concern.SchoolId, aboutHead, adultStaff);
        List<Guid> tell;
        if (chair is { } ch)
        {
            await restricted.ShareOnRaisingAsync(staff, record, ch.Id, ch.Name, "Chair of governors: the concern is about the headteacher", ct);
            tell = [ch.Id];
        }
        else tell = [.. (await restricted.HoldersAsync(AdultsModule.ReadAdultConcerns, concern.SchoolId, ct)).Where(id => id != adultStaff)];
        // No name, no kind, no text: only that there is something to read, and where (the page checks who may).
        notifier.Notify(db, tell, new StaffNotice(Alert.Name, AlertTitle, $"/safeguarding/adults/{concern.Id}") { SchoolId = concern.SchoolId });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new AdultRaiseResult(new AdultConcernReceipt(concern.Id, now, staff.Name), new Dictionary<string, string[]>());
    }

    /// <summary>The school's chair of governors: the active Governor accounts whose scope reaches the school.</summary>
    public async Task<List<(Guid Id, string Name)>> ChairsAsync(int schoolId, CancellationToken ct)
    {
        var ids = await db.Users.AsNoTracking().Where(u => u.IsActive && db.UserRoles.Any(ur => ur.UserId == u.Id
            && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Governor))).OrderBy(u => u.FullName).Select(u => u.Id).ToListAsync(ct);
        var chairs = new List<(Guid, string)>();
        foreach (var id in ids)
            if (await CurrentStaff.LoadAsync(db, id, time, ct) is { } g && g.SchoolIds.Contains(schoolId)) chairs.Add((id, g.Name));
        return chairs;
    }

    private static int? SchoolOf(StaffContext staff, string? given, Action<string, string> add)
    {
        if (string.IsNullOrWhiteSpace(given))
        {
            if (staff.SchoolIds.Count == 1) return staff.SchoolIds[0];
            add("school", "Choose the school");
            return null;
        }
        if (int.TryParse(given, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && staff.SchoolIds.Contains(id)) return id;
        add("school", "Choose one of your schools");
        return null;
    }

    internal static T? Parse<T>(string? text, Func<T, string> words) where T : struct, Enum
    {
        var t = text?.Trim();
        if (string.IsNullOrEmpty(t) || int.TryParse(t, out _)) return null;
        foreach (var v in Enum.GetValues<T>())
            if (string.Equals(v.ToString(), t.Replace(" ", "").Replace("-", ""), StringComparison.OrdinalIgnoreCase)
                || string.Equals(words(v), t, StringComparison.OrdinalIgnoreCase)) return v;
        return null;
    }

    internal static DateOnly? Date(string? text, string key, string what, Action<string, string> add)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        add(key, $"Enter {what} as a date, for example 2026-11-24");
        return null;
    }

    internal static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
