using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Features.Safeguarding;
using Pastoral.Infrastructure;

namespace Pastoral.Features.Attendance.Calling;

/// <param name="Warnings">Plain contact warnings in force (may not collect): shown beside the number. Someone who may not be given information is not offered at all.</param>
public sealed record QueueContact(int Id, int PupilId, int Priority, string Name, string Relationship, string? Phone, string? Mobile, IReadOnlyList<string>? Warnings = null);

/// <param name="Labels">Why the pupil is near the top, in words anyone calling may read ("Priority" hides CP/CIN).</param>
public sealed record QueuePupil(int PupilId, string Name, string? Form, string? Code, int Rank, IReadOnlyList<string> Labels);

public sealed record QueueCall(DateTime At, CallOutcome Outcome, string ContactName, string ByName, string? Reason);

/// <summary>Brothers and sisters who share a contact, called once. <see cref="FamilyPupilId"/> is the lowest pupil id among them.</summary>
public sealed record QueueFamily(int FamilyPupilId, int Rank, IReadOnlyList<QueuePupil> Pupils, IReadOnlyList<QueueContact> Contacts,
    string? TakenBy, Guid? TakenById, DateTime? TakenAt, IReadOnlyList<QueueCall> Calls, bool Called, IReadOnlyList<string>? NotToCall = null)
{
    /// <summary>The contact to try next: after a no-answer, the next one in priority order.</summary>
    public QueueContact? NextContact
    {
        get
        {
            if (Contacts.Count == 0) return null;
            var tried = Calls.Count(c => c.Outcome == CallOutcome.NoAnswer);
            return Contacts[tried % Contacts.Count];
        }
    }
}

/// <param name="Open">False before the morning register closes or on a day that is not a school day: nothing is listed then.</param>
public sealed record CallingQueue(int SchoolId, DateOnly Date, bool SchoolDay, bool Open, TimeOnly ClosesAt, IReadOnlyList<QueueFamily> ToCall, IReadOnlyList<QueueFamily> Called)
{
    public int PupilsToCall => ToCall.Sum(f => f.Pupils.Count);
    public bool Done => Open && ToCall.Count == 0;
}

/// <summary>
/// Today's first-day calling queue for one school: once the morning register has closed, every pupil on roll (in the viewer's
/// scope) whose morning session has no reason for absence (code N, or no mark at all), most vulnerable first, brothers and
/// sisters who share a contact grouped so a family is called once.
/// </summary>
public sealed class FirstDayCallQueue(PastoralDbContext db, AttendanceDays days, AttendanceStatistics statistics, Safeguarding.ChildProtection childProtection, SchoolClock clock,
    Safeguarding.Orders.ContactRestrictions restrictions)
{
    public const int RankPriority = 0, RankLookedAfter = 1, RankEhcp = 2, RankEarlierConcern = 3, RankPersistent = 4, RankOther = 5;
    public const string PriorityLabel = "Priority";

    /// <param name="pupils">Pupils the viewer may see (<c>db.Pupils.VisibleTo(staff)</c>), or a school's whole roll for the job.</param>
    public async Task<CallingQueue> BuildAsync(IQueryable<Pupil> pupils, int schoolId, CancellationToken ct)
    {
        var today = clock.Today();
        var settings = await days.SettingsAsync(schoolId, ct);
        var schoolDays = (await days.SchoolDaysAsync([schoolId], today.AddDays(-120), today, ct))[schoolId];
        if (!schoolDays.Contains(today)) return new CallingQueue(schoolId, today, false, false, settings.MorningCloses, [], []);
        if (!days.HasClosed(settings, today, Session.Am)) return new CallingQueue(schoolId, today, true, false, settings.MorningCloses, [], []);

        var onRoll = pupils.Where(p => p.SchoolId == schoolId && p.OnRollFrom <= today && (p.OnRollTo == null || p.OnRollTo >= today));
        var marks = db.Set<AttendanceMark>().Where(m => m.Date == today && m.Session == Session.Am);
        var rows = await onRoll
            .Select(p => new
            {
                p.Id, p.LegalForename, p.PreferredForename, p.LegalSurname, p.PreferredSurname, Form = p.Form!.Name, p.LookedAfter, p.SenProvision,
                p.AddressLine1, p.Postcode,
                Code = marks.Where(m => m.PupilId == p.Id).Select(m => m.Code).FirstOrDefault(),
            })
            .Where(p => p.Code == null || p.Code == "N")
            .ToListAsync(ct);
        if (rows.Count == 0) return new CallingQueue(schoolId, today, true, true, settings.MorningCloses, [], []);
        var ids = rows.Select(r => r.Id).ToList();

        // CP/CIN orders the queue for everyone but is never named here: the label is "Priority", whoever looks.
        var priority = await childProtection.PriorityAmongAsync(ids, ct);
        var termStart = await db.AcademicYears.Where(y => y.SchoolId == schoolId && y.StartsOn <= today && y.EndsOn >= today)
            .SelectMany(y => y.Terms).Where(t => t.StartsOn <= today).OrderByDescending(t => t.StartsOn).Select(t => (DateOnly?)t.StartsOn).FirstOrDefaultAsync(ct);
        var yearStart = await db.AcademicYears.Where(y => y.SchoolId == schoolId && y.StartsOn <= today && y.EndsOn >= today)
            .Select(y => (DateOnly?)y.StartsOn).FirstOrDefaultAsync(ct) ?? today;
        var from = termStart ?? yearStart;
        var earlier = (await db.Set<AttendanceMark>().Where(m => ids.Contains(m.PupilId) && m.Code == "N" && m.Date >= from && m.Date < today)
            .Select(m => m.PupilId).Distinct().ToListAsync(ct)).ToHashSet();
        var idQuery = onRoll.Where(p => ids.Contains(p.Id));
        var figures = today > yearStart
            ? await statistics.ForSchoolAsync(schoolId, yearStart, today.AddDays(-1), idQuery, ct)
            : [];

        var contacts = await db.PupilContacts.AsNoTracking().Where(c => ids.Contains(c.PupilId)).OrderBy(c => c.Priority).ThenBy(c => c.Id)
            .Select(c => new { c.Id, c.PupilId, c.Priority, c.Title, c.Forename, c.Surname, c.Relationship, c.Phone, c.MobilePhone, c.Address, c.AddressAsPupil })
            .ToListAsync(ct);
        // Court orders in force: a contact who may not be given information is never offered; a warning shows on the family instead.
        var warnings = await restrictions.ForPupilsAsync(ids, ct);
        var calls = await db.Set<FirstDayCall>().AsNoTracking().Where(c => c.Date == today && ids.Contains(c.PupilId)).OrderBy(c => c.CalledAt)
            .Select(c => new { c.PupilId, c.CalledAt, c.Outcome, c.ContactName, c.CalledByName, c.Reason }).ToListAsync(ct);
        var lapse = clock.UtcNow.AddMinutes(-FirstDayCalls.TakeMinutes);
        var takes = await db.Set<FirstDayCallTake>().AsNoTracking()
            .Where(t => t.SchoolId == schoolId && t.Date == today && t.ReleasedAt == null && t.TakenAt > lapse).ToListAsync(ct);

        var queuePupils = new Dictionary<int, QueuePupil>();
        foreach (var r in rows)
        {
            var labels = new List<string>();
            if (priority.Contains(r.Id)) labels.Add(PriorityLabel);
            if (r.LookedAfter == LookedAfterStatus.Lac) labels.Add("Looked after");
            if (r.SenProvision == SenProvision.E) labels.Add("EHCP");
            if (earlier.Contains(r.Id)) labels.Add("Earlier unexplained absence this term");
            if (figures.TryGetValue(r.Id, out var f) && f.PersistentAbsence) labels.Add($"Persistent absence ({f.AttendancePercent:0.0}% attendance)");
            var rank = priority.Contains(r.Id) ? RankPriority : r.LookedAfter == LookedAfterStatus.Lac ? RankLookedAfter
                : r.SenProvision == SenProvision.E ? RankEhcp : earlier.Contains(r.Id) ? RankEarlierConcern
                : figures.TryGetValue(r.Id, out var g) && g.PersistentAbsence ? RankPersistent : RankOther;
            var name = $"{(string.IsNullOrWhiteSpace(r.PreferredForename) ? r.LegalForename : r.PreferredForename)} {(string.IsNullOrWhiteSpace(r.PreferredSurname) ? r.LegalSurname : r.PreferredSurname)}";
            queuePupils[r.Id] = new QueuePupil(r.Id, name, r.Form, r.Code, rank, labels);
        }

        // Brothers and sisters: pupils whose contacts share a phone number, or a name and address, are one family.
        var family = ids.ToDictionary(id => id, id => id);
        int Root(int id) { while (family[id] != id) id = family[id] = family[family[id]]; return id; }
        void Join(int a, int b) { var (x, y) = (Root(a), Root(b)); if (x != y) family[Math.Max(x, y)] = Math.Min(x, y); }
        var seen = new Dictionary<string, int>();
        var homes = rows.ToDictionary(r => r.Id, r => $"{r.AddressLine1} {r.Postcode}");
        foreach (var c in contacts)
            foreach (var key in FamilyKeys(c.Phone, c.MobilePhone, $"{c.Forename} {c.Surname}", c.AddressAsPupil ? homes[c.PupilId] : c.Address))
                if (seen.TryGetValue(key, out var other)) Join(other, c.PupilId); else seen[key] = c.PupilId;

        var families = new List<QueueFamily>();
        foreach (var group in ids.GroupBy(Root))
        {
            var members = group.Select(id => queuePupils[id]).OrderBy(p => p.Rank).ThenBy(p => p.Name).ToList();
            var memberIds = group.ToHashSet();
            var familyWarnings = memberIds.SelectMany(id => warnings.GetValueOrDefault(id, [])).ToList();
            var withheld = familyWarnings.Where(w => w.Withhold && w.ContactId is not null).Select(w => w.ContactId!.Value).ToHashSet();
            var notToCall = familyWarnings.Where(w => w.Withhold).Select(w => $"{w.PersonName}: {w.Words}").Distinct().ToList();
            var people = contacts.Where(c => memberIds.Contains(c.PupilId) && !withheld.Contains(c.Id))
                .Select(c => new QueueContact(c.Id, c.PupilId, c.Priority, string.IsNullOrWhiteSpace(c.Title) ? $"{c.Forename} {c.Surname}" : $"{c.Title} {c.Forename} {c.Surname}", c.Relationship, c.Phone, c.MobilePhone,
                    [.. familyWarnings.Where(w => w.ContactId == c.Id).Select(w => w.Words)]))
                .DistinctBy(c => (c.Name.ToLowerInvariant(), Digits(c.Phone), Digits(c.Mobile))).OrderBy(c => c.Priority).ToList();
            var familyCalls = calls.Where(c => memberIds.Contains(c.PupilId)).DistinctBy(c => (c.CalledAt, c.Outcome))
                .Select(c => new QueueCall(c.CalledAt, c.Outcome, c.ContactName, c.CalledByName, c.Reason)).ToList();
            var take = takes.FirstOrDefault(t => t.FamilyPupilId == group.Key);
            var called = familyCalls.Any(c => c.Outcome != CallOutcome.NoAnswer);
            families.Add(new QueueFamily(group.Key, members.Min(m => m.Rank), members, people, take?.TakenByName, take?.TakenById, take?.TakenAt, familyCalls, called, notToCall));
        }
        var ordered = families.OrderBy(f => f.Rank).ThenBy(f => f.Pupils[0].Name.Split(' ').Last()).ThenBy(f => f.Pupils[0].Name).ToList();
        return new CallingQueue(schoolId, today, true, true, settings.MorningCloses, [.. ordered.Where(f => !f.Called)], [.. ordered.Where(f => f.Called)]);
    }

    /// <summary>The keys that make two pupils one family: each phone number (digits only), and a contact's name with their address.</summary>
    public static IEnumerable<string> FamilyKeys(string? phone, string? mobile, string name, string? address)
    {
        foreach (var number in new[] { Digits(phone), Digits(mobile) })
            if (number.Length >= 6) yield return "tel:" + number;
        var where = (address ?? "").Trim().ToLowerInvariant();
        if (where.Length > 0 && !string.IsNullOrWhiteSpace(name)) yield return $"who:{name.Trim().ToLowerInvariant()}|{where}";
    }

    private static string Digits(string? s) => new((s ?? "").Where(char.IsAsciiDigit).ToArray());
}
