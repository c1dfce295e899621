using Microsoft.EntityFrameworkCore;
using Pastoral.Infrastructure.Demo;

namespace Pastoral.Features.Admissions;

/// <summary>
/// An admission entry for every demo pupil (most joined at the start of Year 7; the in-year arrivals with a previous school), and a
/// few deletions this year per school: a move to another school and elective home education with the local authority told, and
/// one pupil whose whereabouts are unknown (a CME case) with the local authority not yet told, which is on the to-do list.
/// </summary>
public sealed class AdmissionsDemoData : IDemoData
{
    // Before attendance and the other capabilities' records, so they see who left the roll.
    public int Order => 40;

    // Invented schools: primaries that feed Year 7, and secondaries in-year arrivals come from.
    private static readonly (string Name, string Urn, string Dfe)[] Primaries =
    [
        ("Brookvale Primary School", "100001", "999/2001"), ("St Anne's CE Primary", "100003", "999/3003"), ("Hillcrest Junior School", "100005", "999/2005"),
        ("Meadow Lane Primary", "100006", "999/2006"),
    ];
    private static readonly (string Name, string Urn, string Dfe)[] Secondaries =
    [
        ("Riverside Academy", "100002", "999/4002"), ("Northside Community School", "100004", "999/4004"), ("Castle Hill High School", "100007", "999/4007"),
    ];

    public async Task AddAsync(DemoContext demo, CancellationToken ct)
    {
        var random = new Bogus.Randomizer(20260640); // its own seed: the other demo steps keep their pupils
        var db = demo.Db;
        var recorder = await db.Users.AsNoTracking().Where(u => u.Email!.StartsWith("admin@")).Select(u => new { u.Id, u.FullName }).FirstOrDefaultAsync(ct);
        var byName = recorder?.FullName ?? "Demo office";
        foreach (var school in demo.Schools)
        {
            var pupils = await db.Pupils.Where(p => p.SchoolId == school.Id).OrderBy(p => p.Id)
                .Select(p => new { Pupil = p, Nc = p.YearGroup!.NcYear, Form = p.Form!.Name }).ToListAsync(ct);
            var startNow = demo.Today.Month >= 9 ? demo.Today.Year : demo.Today.Year - 1;
            foreach (var x in pupils)
            {
                var from = x.Pupil.OnRollFrom;
                var inYear = from.Month != 9 || from.Day != 1;
                var joinedNc = x.Nc - (startNow - (from.Month >= 9 ? from.Year : from.Year - 1));
                var previous = inYear ? random.ArrayElement(Secondaries) : random.ArrayElement(Primaries);
                db.Add(new Admission
                {
                    PupilId = x.Pupil.Id, SchoolId = school.Id, YearGroupJoined = $"Year {joinedNc}", FormJoined = joinedNc == x.Nc ? x.Form : null,
                    PreviousSchoolName = previous.Name, PreviousSchoolUrn = previous.Urn, PreviousSchoolDfeNumber = previous.Dfe,
                    Source = inYear ? "Recorded by hand" : "CTF import", RecordedById = recorder?.Id, RecordedByName = byName,
                    RecordedAt = from.AddDays(-3).ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc),
                });
            }
            demo.Count("admissions", pupils.Count);
            // A handful of deletions this year, from the older year groups (the demo's heads of year and teachers see Years 7 to 9).
            var leavers = pupils.Where(x => x.Nc >= 10 && x.Pupil.OnRollTo == null && x.Pupil.OnRollFrom < demo.Today.AddDays(-60)).Reverse().Take(3).ToList();
            var cases = new (string Ground, string? Destination, int DaysAgo, bool Told, string Note)[]
            {
                ("9(1)(a)", "Riverside Academy", 40, true, "Family moved across town; CTF sent to Riverside Academy."),
                ("9(1)(f)", null, 25, true, "Parents' letter received; the local authority's elective home education team informed."),
                ("9(1)(i)", null, 6, false, "No contact since half-term; home visits and calls unanswered. Enquiries with the local authority continuing."),
            };
            foreach (var (x, c) in leavers.Zip(cases))
            {
                var last = demo.Today.AddDays(-c.DaysAgo);
                if (last < x.Pupil.OnRollFrom) continue;
                db.Add(new RollDeletion
                {
                    PupilId = x.Pupil.Id, SchoolId = school.Id, LastDayOnRoll = last, Ground = c.Ground, DestinationSchool = c.Destination,
                    LocalAuthorityToldOn = c.Told ? last.AddDays(-2) : null, Note = c.Note, RecordedById = recorder?.Id, RecordedByName = byName,
                    RecordedAt = last.AddDays(1).ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc),
                });
                x.Pupil.OnRollTo = last;
                demo.Count("deletions from roll", 1);
            }
            await demo.FlushAsync(ct);
        }
    }
}
