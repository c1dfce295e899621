using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Schools;
using Pastoral.Infrastructure.Demo;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Exclusions;

/// <summary>
/// A few suspensions in the first school (synthetic): a 3-day suspension with its reintegration meeting held, a 7-day one
/// with the 6th-day provision arranged, a lunchtime suspension last week and one still proposed; no permanent exclusion.
/// Year 9 and 10 pupils first, so the Year 8 examples in the tests stay clean.
/// </summary>
public sealed class ExclusionsDemoData : IDemoData
{
    public int Order => 60;

    public async Task AddAsync(DemoContext demo, CancellationToken ct)
    {
        if (demo.Schools.Count == 0) return;
        var db = demo.Db;
        var school = demo.Schools[0];
        var head = await db.Users.AsNoTracking().Where(u => u.Email == $"head@{StaffDemoData.Domain}").Select(u => new { u.Id, u.FullName }).FirstOrDefaultAsync(ct);
        if (head is null) return;
        var year = await db.AcademicYears.AsNoTracking().Include(y => y.Terms).Include(y => y.ClosureDays)
            .FirstOrDefaultAsync(y => y.SchoolId == school.Id && y.StartsOn <= demo.Today && y.EndsOn >= demo.Today, ct);
        if (year is null) return;
        var days = SchoolDays.Between(year, year.StartsOn, year.EndsOn).ToList();
        var past = days.Where(d => d < demo.Today).ToList();
        if (past.Count < 30) return;
        var pupils = await db.Pupils.AsNoTracking().Where(p => p.SchoolId == school.Id && p.OnRollTo == null && p.YearGroup!.NcYear >= 9)
            .OrderBy(p => p.Id).Select(p => p.Id).Take(40).ToListAsync(ct);
        if (pupils.Count < 4) return;
        var now = demo.Today.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc);
        Suspension Make(int pupil, SuspensionType type, string reasons, DateOnly start, int halfDays, SuspensionStatus status, string notes)
        {
            var covered = SuspensionLimit.Covered(type, start, halfDays, days)!;
            return new Suspension
            {
                PupilId = pupil, SchoolId = school.Id, Type = type, Status = status, Reasons = reasons, StartsOn = start, HalfDays = halfDays,
                EndsOn = covered[^1].Date, ProvisionFrom = SuspensionLimit.SixthDay(type, covered), DecidedById = head.Id, DecidedByName = head.FullName,
                Notes = notes, RecordedAt = DateTime.SpecifyKind(start.AddDays(-1).ToDateTime(new TimeOnly(15, 30)), DateTimeKind.Utc) is var at && at < now ? at : now,
                RecordedById = head.Id, RecordedByName = head.FullName,
            };
        }
        var three = Make(pupils[0], SuspensionType.FixedPeriod, "VA,DB", past[^25], 6, SuspensionStatus.Confirmed,
            "Swore at a teacher after being asked to leave the lesson; third serious incident this term.");
        three.ParentsNotifiedAt = DateTime.SpecifyKind(three.StartsOn.AddDays(-1).ToDateTime(TimeOnly.MinValue), DateTimeKind.Utc);
        (three.ParentsNotifiedHow, three.ParentsNotifiedByName, three.LocalAuthorityNotifiedOn) = ("Phone call to mum, then the letter", head.FullName, three.StartsOn);
        (three.ReintegrationOn, three.ReintegrationAttendees, three.ReintegrationTargets) = (days[days.IndexOf(three.EndsOn!.Value) + 1], "Pupil, mum, head of year",
            "Use the time-out card instead of leaving; report card to the head of year for two weeks");
        var seven = Make(pupils[1], SuspensionType.FixedPeriod, "PP", past[^4], 14, SuspensionStatus.Confirmed,
            "Assault on another pupil at the bus stop; the other pupil needed first aid.");
        seven.ParentsNotifiedAt = DateTime.SpecifyKind(seven.StartsOn.ToDateTime(TimeOnly.MinValue), DateTimeKind.Utc);
        (seven.ParentsNotifiedHow, seven.ParentsNotifiedByName, seven.LocalAuthorityNotifiedOn) = ("Meeting at school with dad", head.FullName, seven.StartsOn);
        (seven.ProvisionWhere, seven.ProvisionWhat) = ("Riverside Learning Centre (pupil referral unit)", "Full-time from the 6th day: English, maths and science, work set by the school");
        var lunch = Make(pupils[2], SuspensionType.Lunchtime, "VP", past[^3], 1, SuspensionStatus.Confirmed, "Repeated threats to younger pupils in the canteen.");
        lunch.ParentsNotifiedAt = DateTime.SpecifyKind(lunch.StartsOn.ToDateTime(TimeOnly.MinValue), DateTimeKind.Utc);
        (lunch.ParentsNotifiedHow, lunch.ParentsNotifiedByName) = ("Phone call", head.FullName);
        var next = days.FirstOrDefault(d => d > demo.Today);
        db.AddRange(three, seven, lunch);
        if (next != default)
            db.Add(Make(pupils[3], SuspensionType.FixedPeriod, "DM", next, 4, SuspensionStatus.Proposed, "Damage to a toilet door; the head will decide after speaking to the family."));
        await db.SaveChangesAsync(ct);
        demo.Counts["suspensions"] = next != default ? 4 : 3;
    }
}
