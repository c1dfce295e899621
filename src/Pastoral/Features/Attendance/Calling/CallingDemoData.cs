using Microsoft.EntityFrameworkCore;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Demo;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Calling;

/// <summary>
/// This morning's first-day calls in the first school, after the attendance marks (order 45): for some unexplained absences a
/// reason given and a code proposed (waiting to be confirmed), one no answer, one family taken by the head of year 8; and two
/// pupils off ill with an expected-back date, one long enough for the local authority's list.
/// </summary>
public sealed class CallingDemoData : IDemoData
{
    public int Order => 50;

    public async Task AddAsync(DemoContext demo, CancellationToken ct)
    {
        if (demo.Schools.Count == 0) return;
        var school = demo.Schools[0];
        var db = demo.Db;
        var today = demo.Today;
        var callers = await db.Users.AsNoTracking().Where(u => u.Email == $"mentor@{StaffDemoData.Domain}" || u.Email == $"hoy8@{StaffDemoData.Domain}")
            .OrderBy(u => u.Email).Select(u => new { u.Id, u.FullName }).ToListAsync(ct);
        if (callers.Count < 2) return;
        var (hoy8, mentor) = (callers[0], callers[1]);
        var marks = db.Set<AttendanceMark>().Where(m => m.Date == today && m.Session == Session.Am);
        var onRoll = db.Pupils.Where(p => p.SchoolId == school.Id && p.OnRollFrom <= today && (p.OnRollTo == null || p.OnRollTo >= today));
        var unexplained = await onRoll.Where(p => marks.Any(m => m.PupilId == p.Id && m.Code == "N")).Include(p => p.Contacts).OrderBy(p => p.Id).Take(6).ToListAsync(ct);
        if (unexplained.Count == 0) // no marks written for today: call some pupils who have none yet
            unexplained = await onRoll.Where(p => !marks.Any(m => m.PupilId == p.Id) && p.Contacts.Any()).Include(p => p.Contacts).OrderBy(p => p.Id).Take(6).ToListAsync(ct);
        var at = TimeZoneInfo.ConvertTimeToUtc(today.ToDateTime(new TimeOnly(9, 15)), SchoolClock.London);
        var reasons = new[] { CallReasons.All[0], CallReasons.All[1], CallReasons.All[0] };
        var calls = 0;
        for (var i = 0; i < unexplained.Count && i < 5; i++)
        {
            var pupil = unexplained[i];
            var contact = pupil.Contacts.OrderBy(c => c.Priority).FirstOrDefault();
            if (contact is null) continue;
            var by = i % 2 == 0 ? mentor : hoy8;
            var outcome = i < 3 ? CallOutcome.ReasonGiven : CallOutcome.NoAnswer;
            db.Add(new FirstDayCall
            {
                SchoolId = school.Id, PupilId = pupil.Id, Date = today, Session = Session.Am, PupilContactId = contact.Id, ContactName = contact.DisplayName,
                Phone = contact.Phone ?? contact.MobilePhone, Outcome = outcome, Reason = i < 3 ? reasons[i].Words : null, ProposedCode = i < 3 ? reasons[i].Code : null,
                Note = i == 0 ? "Temperature overnight; mum will ring tomorrow if still off" : null,
                CalledAt = at.AddMinutes(4 * i), CalledById = by.Id, CalledByName = by.FullName,
            });
            calls++;
        }
        if (unexplained.Count > 5)
            db.Add(new FirstDayCallTake { SchoolId = school.Id, Date = today, FamilyPupilId = unexplained[5].Id, TakenById = hoy8.Id, TakenByName = hoy8.FullName, TakenAt = at.AddMinutes(25) });

        var ill = await onRoll.OrderBy(p => p.Id).Skip(40).Take(2).Select(p => p.Id).ToListAsync(ct);
        for (var i = 0; i < ill.Count; i++)
            db.Add(new IllnessExpectation
            {
                PupilId = ill[i], SchoolId = school.Id, IllFrom = today.AddDays(i == 0 ? -9 : -2), ExpectedBackOn = today.AddDays(i == 0 ? 21 : 3),
                Note = i == 0 ? "Operation and recovery: the consultant's letter is on file" : "Chickenpox", SetAt = at.AddDays(-1), SetByName = mentor.FullName,
            });
        await demo.FlushAsync(ct);
        demo.Count("first-day calls", calls);
    }
}
