using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Schools;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Demo;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.OnCall;

/// <summary>
/// The first school's on-call rota (the senior leader on Monday and Wednesday, the head of Year 8 on Tuesday and Thursday, the
/// mentor on Friday, all day) and the last four weeks of requests, all resolved, so the response-time report has something to show:
/// one to three a day from the teachers, most accepted within a few minutes, now and then one withdrawn before anyone came.
/// </summary>
public sealed class OnCallDemoData : IDemoData
{
    public int Order => 60;

    private static readonly string[] Reasons =
    [
        "Refusing to follow instructions", "Two pupils arguing, getting heated", "Pupil walked out of the lesson", "Phone out and refusing to hand it over",
        "Throwing equipment", "Pupil upset, needs to leave the room", "Persistent disruption after warnings", "Rude to a supply teacher",
    ];

    public async Task AddAsync(DemoContext demo, CancellationToken ct)
    {
        if (demo.Schools.Count == 0) return;
        var school = demo.Schools[0];
        var db = demo.Db;
        var staff = await db.Users.AsNoTracking().Where(u => u.Email != null && u.Email.EndsWith("@" + StaffDemoData.Domain))
            .Select(u => new { u.Id, u.FullName, u.Email }).ToListAsync(ct);
        Guid IdOf(string local) => staff.FirstOrDefault(s => s.Email == $"{local}@{StaffDemoData.Domain}")?.Id ?? Guid.Empty;
        string NameOf(string local) => staff.First(s => s.Email == $"{local}@{StaffDemoData.Domain}").FullName;
        if (new[] { "head", "hoy8", "mentor", "teacher", "teacher79" }.Any(l => IdOf(l) == Guid.Empty)) return;

        var periods = await db.Set<SchoolPeriod>().AsNoTracking().Where(p => p.SchoolId == school.Id).OrderBy(p => p.StartsAt).ToListAsync(ct);
        var lessons = periods.Where(p => p.Name.StartsWith("Period", StringComparison.Ordinal)).ToList();
        if (lessons.Count == 0) return;
        var (dayStart, dayEnd) = (periods[0].StartsAt, periods[^1].EndsAt);
        var rota = new (DayOfWeek Day, string Who)[] { (DayOfWeek.Monday, "head"), (DayOfWeek.Tuesday, "hoy8"), (DayOfWeek.Wednesday, "head"), (DayOfWeek.Thursday, "hoy8"), (DayOfWeek.Friday, "mentor") };
        var added = DateTime.SpecifyKind(demo.Today.AddDays(-35).ToDateTime(new TimeOnly(8, 0)), DateTimeKind.Utc);
        foreach (var (day, who) in rota)
            db.Add(new OnCallDuty { SchoolId = school.Id, StaffId = IdOf(who), StaffName = NameOf(who), Weekday = day, StartsAt = dayStart, EndsAt = dayEnd, AddedAt = added, AddedByName = NameOf("head") });

        var rooms = await db.Set<Location>().AsNoTracking().Where(l => l.SchoolId == school.Id && l.Kind == LocationKind.Room).OrderBy(l => l.Id).ToListAsync(ct);
        var year8 = await db.Pupils.AsNoTracking().Where(p => p.SchoolId == school.Id && p.YearGroup!.NcYear == 8 && p.OnRollTo == null).OrderBy(p => p.Id).Select(p => p.Id).Take(40).ToListAsync(ct);
        var year79 = await db.Pupils.AsNoTracking().Where(p => p.SchoolId == school.Id && (p.YearGroup!.NcYear == 7 || p.YearGroup.NcYear == 9) && p.OnRollTo == null).OrderBy(p => p.Id).Select(p => p.Id).Take(40).ToListAsync(ct);
        // Its own seed, so the demo steps after this one draw the same numbers as before on-call existed.
        var f = new Bogus.Faker("en_GB") { Random = new Bogus.Randomizer(20260960) };
        var count = 0;
        for (var date = demo.Today.AddDays(-28); date < demo.Today; date = date.AddDays(1))
        {
            if (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) continue;
            var responder = rota.First(r => r.Day == date.DayOfWeek).Who;
            for (var n = f.Random.Int(1, 3); n > 0; n--)
            {
                var lesson = f.PickRandom(lessons);
                var local = date.ToDateTime(lesson.StartsAt.AddMinutes(f.Random.Int(5, 40)));
                var raised = TimeZoneInfo.ConvertTimeToUtc(local, SchoolClock.London);
                var (raiser, pool) = f.Random.Bool() ? ("teacher", year8) : ("teacher79", year79);
                var room = f.PickRandom(rooms);
                var request = new OnCallRequest
                {
                    SchoolId = school.Id, LocationId = room.Id, LocationName = room.Name, Urgency = f.Random.Bool(0.2f) ? OnCallUrgency.Urgent : OnCallUrgency.Routine,
                    Reason = f.PickRandom(Reasons), RaisedAt = raised, RaisedById = IdOf(raiser), RaisedByName = NameOf(raiser),
                };
                if (pool.Count > 0) request.Pupils.Add(new OnCallPupil { PupilId = f.PickRandom(pool), SchoolId = school.Id });
                if (f.Random.Bool(0.07f))
                {
                    (request.ResolvedAt, request.ResolvedById, request.ResolvedByName) = (raised.AddMinutes(f.Random.Int(6, 12)), IdOf(raiser), NameOf(raiser));
                    request.Outcome = OnCallOutcome.NoLongerNeeded;
                }
                else
                {
                    var accepted = raised.AddSeconds(f.Random.Int(40, 60 * (f.Random.Bool(0.15f) ? 14 : 5)));
                    (request.AcceptedAt, request.AcceptedById, request.AcceptedByName) = (accepted, IdOf(responder), NameOf(responder));
                    (request.ResolvedAt, request.ResolvedById, request.ResolvedByName) = (accepted.AddMinutes(f.Random.Int(4, 25)), IdOf(responder), NameOf(responder));
                    request.Outcome = f.Random.WeightedRandom([OnCallOutcome.RemovedFromLesson, OnCallOutcome.SettledInLesson, OnCallOutcome.SpokenToAndReturned], [0.45f, 0.3f, 0.25f]);
                    if (request.Outcome == OnCallOutcome.RemovedFromLesson) request.RemovedTo = "Inclusion room";
                }
                db.Add(request);
                count++;
            }
        }
        await demo.FlushAsync(ct);
        demo.Count("on-call requests", count);
    }
}
