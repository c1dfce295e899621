using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Pastoral.Infrastructure.Demo;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Force;

/// <summary>
/// In the first school: one use of reasonable force to separate a Year 8 and a Year 7 pupil fighting in the canteen (so a Year 8
/// head of year sees their pupil's part and not the account naming the Year 7 pupil), and a search of a Year 8 pupil for a vape
/// with a witness, the vape confiscated and the parents phoned. Synthetic.
/// </summary>
public sealed class ForceDemoData : IDemoData
{
    public int Order => 60;

    public async Task AddAsync(DemoContext demo, CancellationToken ct)
    {
        if (demo.Schools.Count == 0) return;
        var db = demo.Db;
        var school = demo.Schools[0];
        var staff = await db.Users.AsNoTracking().Where(u => u.Email!.EndsWith("@" + StaffDemoData.Domain)).ToDictionaryAsync(u => u.Email!.Split('@')[0], ct);
        if (!staff.TryGetValue("teacher", out var teacher) || !staff.TryGetValue("hoy8", out var hoy8) || !staff.TryGetValue("mentor", out var mentor)) return;
        var year8 = await db.Pupils.AsNoTracking().Where(p => p.SchoolId == school.Id && p.OnRollTo == null && p.YearGroup!.NcYear == 8).OrderBy(p => p.Id).Select(p => p.Id).Skip(7).Take(2).ToListAsync(ct);
        var year7 = await db.Pupils.AsNoTracking().Where(p => p.SchoolId == school.Id && p.OnRollTo == null && p.YearGroup!.NcYear == 7).OrderBy(p => p.Id).Select(p => p.Id).Skip(7).FirstOrDefaultAsync(ct);
        if (year8.Count < 2 || year7 == 0) return;
        var at = demo.Today.AddDays(-6).ToDateTime(new TimeOnly(12, 20), DateTimeKind.Utc);
        db.Add(new ForceIncident
        {
            SchoolId = school.Id, OccurredAt = at, Location = "Canteen",
            StaffJson = JsonSerializer.Serialize(new[] { new StaffNamed(teacher.Id, teacher.FullName), new StaffNamed(hoy8.Id, hoy8.FullName) }, ForceBook.Json),
            WhatHappened = "A fight started at the lunch queue; punches were thrown by both pupils and other pupils gathered. Verbal instructions to stop were ignored.",
            WhyNeeded = "To prevent injury to the two pupils and to pupils nearby.", StaffInjuries = null,
            DebriefOn = demo.Today.AddDays(-5), DebriefWith = $"{teacher.FullName}, {hoy8.FullName}", DebriefNotes = "Positioning in the canteen at lunch changed; a second member of staff on duty by the queue.",
            RecordedAt = at.AddHours(3), RecordedByName = teacher.FullName,
            Pupils =
            [
                new() { PupilId = year8[0], SchoolId = school.Id, Holds = "Guided away by the arm (single elbow)", Injuries = null,
                    Account = "Was guided away from a fight in the canteen by two members of staff and calmed down in the pastoral office.",
                    ParentsToldAt = at.AddHours(4), ParentsToldHow = "phone", ParentsToldBy = hoy8.FullName },
                new() { PupilId = year7, SchoolId = school.Id, Holds = "Guided away (friendly hold)", Injuries = "Red mark on the left forearm; first aid not needed.",
                    Account = "Was guided away from a fight in the canteen and taken to the Year 7 office.",
                    ParentsToldAt = at.AddHours(5), ParentsToldHow = "phone", ParentsToldBy = teacher.FullName },
            ],
        });
        var searched = demo.Today.AddDays(-3).ToDateTime(new TimeOnly(10, 40), DateTimeKind.Utc);
        db.Add(new SearchRecord
        {
            PupilId = year8[1], SchoolId = school.Id, Kind = SearchKind.Search, OccurredAt = searched, Location = "Pastoral office", SearchedById = hoy8.Id,
            SearchedByName = hoy8.FullName, WitnessId = mentor.Id, WitnessName = mentor.FullName, Reason = "tobacco-vape",
            ReasonDetail = "Seen vaping in the toilets at break by a member of staff.", Found = "A disposable vape in the blazer pocket", Confiscated = "A disposable vape",
            Disposal = "destroyed", ParentsToldAt = searched.AddHours(2), ParentsToldHow = "phone", ParentsToldBy = hoy8.FullName,
            RecordedAt = searched.AddMinutes(30), RecordedByName = hoy8.FullName,
        });
        await demo.FlushAsync(ct);
        demo.Count("uses of reasonable force", 1);
        demo.Count("searches", 1);
    }
}
