using Bogus;
using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Attendance;
using Pastoral.Features.Behaviour;
using Pastoral.Features.Schools;
using Pastoral.Infrastructure.Demo;
using Pastoral.Security;

namespace Pastoral.Features.Interventions.Impact;

/// <summary>
/// Provision for the first demo school over the academic year so far (issue 11, item 11): groups of Lego Therapy, Zones of Regulation,
/// Circle of Friends, LIFE lessons, anger management and social skills, and attendance-mentoring 1:1s, with enrolments and their reasons,
/// weekly sessions with attendance, and entry and exit scores. Some work and some do not, so the tracker has something true to say:
/// for pupils in <see cref="Working"/> programmes most absences and negative points after entry are taken back out of the demo's own rows
/// (an absence becomes present; a negative part becomes a witness's with no points); the others are left as they were.
/// More provision at a bigger school (one set per 300 pupils).
/// </summary>
public sealed class ImpactDemoData : IDemoData
{
    public int Order => 82;

    public static readonly string[] Working = ["Attendance mentoring", "Zones of Regulation", "Lego Therapy"];
    private static readonly (string Intervention, string Role, int Size, string Reason)[] Programmes =
    [
        ("Lego Therapy", Roles.Senco, 3, "Finds group work hard; chosen to practise turn-taking and describing."),
        ("Zones of Regulation", Roles.PastoralStaff, 6, "Struggles to calm down after setbacks; chosen to learn to name feelings and choose a strategy."),
        ("Circle of Friends", Roles.PastoralStaff, 6, "Isolated at break and lunch; a circle of peers to support them."),
        ("LIFE lessons", Roles.PastoralStaff, 8, "At risk of disengaging; chosen for the LIFE group."),
        ("Anger management", Roles.PastoralStaff, 5, "Several incidents of losing temper this term."),
        ("Social skills group", Roles.Teacher, 5, "Finds friendships difficult; chosen to practise conversation skills."),
    ];

    public async Task AddAsync(DemoContext demo, CancellationToken ct)
    {
        var school = demo.Schools.FirstOrDefault();
        if (school is null) return;
        var db = demo.Db;
        var random = new Randomizer(20261111);
        var year = await db.AcademicYears.AsNoTracking().Include(y => y.Terms).Include(y => y.ClosureDays).AsSplitQuery()
            .Where(y => y.SchoolId == school.Id && y.StartsOn <= demo.Today).OrderByDescending(y => y.StartsOn).FirstOrDefaultAsync(ct);
        if (year is null) return;
        var start = ImpactData.Monday(year.StartsOn).AddDays(35);
        if (start.AddDays(21) > demo.Today) return; // too early in the year for a before-and-after
        var interventions = await db.Set<Intervention>().Where(i => i.SchoolId == school.Id).ToDictionaryAsync(i => i.Name, ct);
        var measures = await db.Set<OutcomeMeasure>().Where(m => m.SchoolId == school.Id).ToDictionaryAsync(m => m.Name, ct);
        var staffIds = db.StaffScopes.Where(s => s.SchoolId == school.Id).Select(s => s.UserId);
        var staff = await db.Users.AsNoTracking().Where(u => staffIds.Contains(u.Id)).OrderBy(u => u.Email).Select(u => new { u.Id, u.FullName }).ToListAsync(ct);
        if (staff.Count == 0 || interventions.Count == 0) return;
        // Pupils with the most absences before the mentoring starts first (as a school chooses them: on what it knew then, not on the weeks
        // the tracker will measure afterwards): the attendance mentors take them; groups take the rest in a seeded order.
        var absent = AttendanceCodes.All.Where(c => c.Category is AttendanceCategory.AuthorisedAbsence or AttendanceCategory.UnauthorisedAbsence).Select(c => c.Code).ToList();
        var pupils = await db.Pupils.AsNoTracking().Where(p => p.SchoolId == school.Id && p.OnRollTo == null)
            .Select(p => new { p.Id, Absences = db.Set<AttendanceWeekCount>().Where(c => c.PupilId == p.Id && absent.Contains(c.Code) && c.WeekStart < start).Sum(c => (int?)c.Sessions) ?? 0 })
            .OrderByDescending(p => p.Absences).ThenBy(p => p.Id).Select(p => p.Id).ToListAsync(ct);
        var sets = Math.Max(1, pupils.Count / 300);
        var mentees = pupils.Take(Math.Max(5, pupils.Count / 20)).ToList();
        var rest = random.Shuffle(pupils.Skip(mentees.Count)).ToList();
        var taken = 0;
        var lastDay = demo.Today.AddDays(-1);
        var working = new List<(int PupilId, DateOnly From)>();
        int provisions = 0, enrolments = 0, sessions = 0;

        async Task AddProvisionAsync(Intervention intervention, string name, ProvisionKind kind, string role, IReadOnlyList<int> members, string reason, DateOnly from, int lead, Guid? caseload)
        {
            var who = staff[lead % staff.Count];
            var provision = new Provision
            {
                SchoolId = school.Id, InterventionId = intervention.Id, Kind = kind, Name = name, LeadStaffId = who.Id, LeadStaffName = who.FullName, LeadRole = role,
                Day = from.DayOfWeek, StartTime = new TimeOnly(13, 30), DurationMinutes = kind == ProvisionKind.Group ? 45 : 30, Room = kind == ProvisionKind.Group ? "Nurture room" : "Pastoral office",
                PlannedSessions = intervention.TypicalSessions ?? 10, StartOn = from, OtherCostsPence = kind == ProvisionKind.Group ? 4000 : 0, FundingSource = "Pupil premium",
                CaseloadOfStaffId = caseload, CreatedAt = from.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc),
            };
            db.Add(provision);
            await db.SaveChangesAsync(ct);
            provisions++;
            var rows = members.Select(p => new Enrolment { ProvisionId = provision.Id, PupilId = p, StartOn = from, Reason = reason }).ToList();
            db.AddRange(rows);
            await db.SaveChangesAsync(ct);
            enrolments += rows.Count;
            var works = Working.Contains(intervention.Name);
            if (works) working.AddRange(members.Select(m => (m, from)));
            for (var day = from; day <= lastDay; day = day.AddDays(7))
            {
                if (!SchoolDays.IsSchoolDay(year, day)) continue;
                var cancelled = random.Number(9) == 0;
                db.Add(new ProvisionSession
                {
                    SchoolId = school.Id, ProvisionId = provision.Id, HeldOn = day, Status = cancelled ? SessionStatus.Cancelled : SessionStatus.Delivered,
                    CancelReason = cancelled ? CancelReason.StaffAbsent : null, Mode = ContactMode.InPerson, DurationMinutes = cancelled ? 0 : provision.DurationMinutes,
                    FocusAreas = "confidence, emotional regulation", Notes = cancelled ? "" : "Session as planned.", RecordedById = who.Id, RecordedByName = who.FullName,
                    RecordedAt = day.ToDateTime(new TimeOnly(15, 0), DateTimeKind.Utc),
                    Attendance = cancelled ? [] : [.. members.Select(m => new SessionAttendance { PupilId = m, Present = random.Number(9) > 0 })],
                });
                sessions++;
            }
            var measure = measures.GetValueOrDefault(intervention.Area == NeedArea.Attendance ? "Teacher rating of engagement" : "Wellbeing self-rating");
            if (measure is not null)
                foreach (var e in rows)
                {
                    var entry = Math.Round(measure.Min + (measure.Max - measure.Min) * random.Double(0.2, 0.45));
                    var gain = works ? (measure.Max - measure.Min) * random.Double(0.1, 0.3) : (measure.Max - measure.Min) * random.Double(-0.08, 0.08);
                    db.Add(new MeasureScore { MeasureId = measure.Id, PupilId = e.PupilId, EnrolmentId = e.Id, Point = MeasurePoint.Entry, TakenOn = from, Value = entry, RecordedByName = who.FullName, RecordedAt = lastDay.ToDateTime(new TimeOnly(16, 0), DateTimeKind.Utc) });
                    db.Add(new MeasureScore { MeasureId = measure.Id, PupilId = e.PupilId, EnrolmentId = e.Id, Point = MeasurePoint.Exit, TakenOn = lastDay, Value = Math.Clamp(Math.Round(entry + gain), measure.Min, measure.Max), RecordedByName = who.FullName, RecordedAt = lastDay.ToDateTime(new TimeOnly(16, 0), DateTimeKind.Utc) });
                }
            await db.SaveChangesAsync(ct);
        }

        var mentoring = interventions.GetValueOrDefault("Attendance mentoring");
        for (var i = 0; mentoring is not null && i < mentees.Count; i++)
            await AddProvisionAsync(mentoring, $"Attendance mentoring: {i + 1}", ProvisionKind.OneToOne, Roles.PastoralStaff, [mentees[i]],
                "Attendance below 90% this term; weekly 1:1 and a morning call on hard days.", start.AddDays(7 * (i % 3)), i % 2, null);
        for (var set = 0; set < sets; set++)
            for (var k = 0; k < Programmes.Length; k++)
            {
                var (name, role, size, reason) = Programmes[k];
                if (!interventions.TryGetValue(name, out var intervention) || taken + size * 2 > rest.Count) continue;
                // Two groups a set for the bigger programmes, so each has enough pupils to say something.
                var members = rest.Skip(taken).Take(size < 5 ? size * 2 : size).ToList();
                taken += members.Count;
                await AddProvisionAsync(intervention, $"{name}{(sets > 1 ? $" {set + 1}" : "")}", ProvisionKind.Group, role, members, reason, start.AddDays(k % 5), 2 + k, null);
            }
        await ImproveAsync(demo, school.Id, working, random, ct);
        db.Add(new ProvisionMap.ProvisionBudget { SchoolId = school.Id, StartYear = year.StartYear, AmountPence = 250_000 * Math.Max(1, pupils.Count / 120), UpdatedByName = "Demo", UpdatedAt = demo.Today.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) });
        await db.SaveChangesAsync(ct);
        demo.Count("provisions", provisions);
        demo.Count("enrolments", enrolments);
        demo.Count("provision sessions", sessions);
    }

    /// <summary>The working programmes' effect: after entry, about 70% of absences become present and of negative parts become a witness's with no points.</summary>
    private static async Task ImproveAsync(DemoContext demo, int schoolId, List<(int PupilId, DateOnly From)> working, Randomizer random, CancellationToken ct)
    {
        var db = demo.Db;
        var absent = AttendanceCodes.All.Where(c => c.Category is AttendanceCategory.AuthorisedAbsence or AttendanceCategory.UnauthorisedAbsence).Select(c => c.Code).ToList();
        var ids = working.Select(w => w.PupilId).ToList();
        var from = working.Select(w => w.From).DefaultIfEmpty(demo.Today).Min();
        var starts = working.GroupBy(w => w.PupilId).ToDictionary(g => g.Key, g => g.Min(w => w.From));
        var marks = await db.Set<AttendanceMark>().AsNoTracking().Where(m => m.SchoolId == schoolId && ids.Contains(m.PupilId) && m.Date >= from && absent.Contains(m.Code))
            .Select(m => new { m.Id, m.PupilId, m.Date }).ToListAsync(ct);
        var present = marks.Where(m => m.Date >= starts[m.PupilId] && random.Number(9) < 7).Select(m => m.Id).ToList();
        foreach (var chunk in present.Chunk(500))
            await db.Set<AttendanceMark>().Where(m => chunk.Contains(m.Id)).ExecuteUpdateAsync(s => s.SetProperty(m => m.Code, "/").SetProperty(m => m.MinutesLate, (int?)null), ct);
        var parts = await db.Set<IncidentPupil>().AsNoTracking().Where(p => ids.Contains(p.PupilId) && p.Points < 0 && p.Incident!.OccurredOn >= from)
            .Select(p => new { p.Id, p.PupilId, p.Incident!.OccurredOn }).ToListAsync(ct);
        var calmer = parts.Where(p => p.OccurredOn >= starts[p.PupilId] && random.Number(9) < 7).Select(p => p.Id).ToList();
        foreach (var chunk in calmer.Chunk(500))
            await db.Set<IncidentPupil>().Where(p => chunk.Contains(p.Id)).ExecuteUpdateAsync(s => s.SetProperty(p => p.Points, 0).SetProperty(p => p.Role, IncidentRole.Witness), ct);
        demo.Count("absences after joining a working programme made present", present.Count);
    }
}
