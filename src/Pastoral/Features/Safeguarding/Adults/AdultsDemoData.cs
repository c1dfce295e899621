using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Safeguarding.Concerns;
using Pastoral.Infrastructure.Demo;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Adults;

/// <summary>
/// In the first school, synthetic and non-graphic: a low-level concern about a (fictional) teaching assistant, and an allegation
/// about a reading volunteer that went to the LADO and was found unsubstantiated. Plus enough earlier pupil concerns this year that
/// the governors' counts show some numbers and some "fewer than 5". The demo governor account is made with the other staff.
/// </summary>
public sealed class AdultsDemoData : IDemoData
{
    public int Order => 75;

    private static readonly (string Category, int Count)[] EarlierConcerns = [("Neglect", 6), ("Mental health", 5), ("Bullying (including cyberbullying and prejudice-based bullying)", 2), ("Domestic abuse", 1)];

    public async Task AddAsync(DemoContext demo, CancellationToken ct)
    {
        if (demo.Schools.Count == 0) return;
        var school = demo.Schools[0].Id;
        var dsl = await demo.Db.Users.AsNoTracking().Where(u => u.Email == $"dsl@{StaffDemoData.Domain}").Select(u => new { u.Id, u.FullName }).FirstOrDefaultAsync(ct);
        var teacher = await demo.Db.Users.AsNoTracking().Where(u => u.Email == $"teacher@{StaffDemoData.Domain}").Select(u => new { u.Id, u.FullName }).FirstOrDefaultAsync(ct);
        var raisedAt = demo.Today.AddDays(-9).ToDateTime(new TimeOnly(15, 20), DateTimeKind.Utc);
        demo.Db.Set<AdultConcern>().Add(new AdultConcern
        {
            SchoolId = school, AdultName = "Chris Fielding", AdultRole = "Teaching assistant, Year 8", Relationship = AdultRelationship.StaffMember, Kind = AdultConcernKind.LowLevel,
            Reported = "Seen giving one pupil a lift home in their own car after a club, without telling anyone; the pupil's parent had not asked for it.",
            ReportedBy = teacher?.FullName ?? "Taylor Teacher", ReportedOn = demo.Today.AddDays(-9), ChildrenInvolved = "One Year 8 pupil (named to the DSL in person)",
            RaisedById = teacher?.Id ?? Guid.Empty, RaisedByName = teacher?.FullName ?? "Taylor Teacher", RaisedAt = raisedAt, Outcome = AdultConcernOutcome.AddressedWithIndividual,
            Actions = [new AdultConcernAction { SchoolId = school, On = demo.Today.AddDays(-8), What = "Spoke with Chris about the staff code of conduct on lifts.",
                Reason = "Below the harm threshold; Chris had not known the rule.", ByName = dsl?.FullName ?? "Dana Lead", RecordedAt = raisedAt.AddDays(1) }],
        });
        var reported = demo.Today.AddDays(-40);
        demo.Db.Set<AdultConcern>().Add(new AdultConcern
        {
            SchoolId = school, AdultName = "Pat Morley", AdultRole = "Reading volunteer", Relationship = AdultRelationship.Volunteer, Kind = AdultConcernKind.Allegation,
            Grounds = HarmGround.NotSuitable, AdultDateOfBirth = new DateOnly(1968, 5, 2),
            Reported = "A pupil told their teacher the volunteer had asked for their phone number to send them reading tips.",
            ReportedBy = teacher?.FullName ?? "Taylor Teacher", ReportedOn = reported, ChildrenInvolved = "One Year 7 pupil",
            RaisedById = teacher?.Id ?? Guid.Empty, RaisedByName = teacher?.FullName ?? "Taylor Teacher", RaisedAt = reported.ToDateTime(new TimeOnly(11, 5), DateTimeKind.Utc),
            LadoReferredOn = reported, LadoReference = "LADO-2026-0412", LadoAdvice = "Pause reading sessions while the school looks into it; no police involvement needed.",
            LadoOutcome = "Agreed with the school: unsubstantiated; refresher on the volunteers' code of conduct.", Outcome = AdultConcernOutcome.Unsubstantiated,
            KeepUntil = AdultConcernRetention.For(AdultConcernKind.Allegation, reported, new DateOnly(1968, 5, 2), AdultConcernOutcome.Unsubstantiated).KeepUntil,
            Actions =
            [
                new AdultConcernAction { SchoolId = school, On = reported, What = "Referred to the LADO the same day.", Reason = "May not be suitable to work with children: above the harm threshold.",
                    ByName = "Hollis Head", RecordedAt = reported.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc) },
                new AdultConcernAction { SchoolId = school, On = reported.AddDays(1), What = "Reading sessions paused.", Reason = "The LADO's advice.",
                    ByName = "Hollis Head", RecordedAt = reported.AddDays(1).ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc) },
            ],
        });
        await AddEarlierConcernsAsync(demo, school, teacher?.Id ?? Guid.Empty, teacher?.FullName ?? "Taylor Teacher", ct);
        await demo.FlushAsync(ct);
        demo.Count("concerns about adults", 2);
    }

    /// <summary>Opened concerns spread over this term, so the governors' counts have something to show (and to suppress).</summary>
    private static async Task AddEarlierConcernsAsync(DemoContext demo, int school, Guid raiserId, string raiser, CancellationToken ct)
    {
        var termStart = await demo.Db.AcademicYears.AsNoTracking().Where(y => y.SchoolId == school && y.StartsOn <= demo.Today).OrderByDescending(y => y.StartYear)
            .SelectMany(y => y.Terms).Where(t => t.StartsOn <= demo.Today).OrderByDescending(t => t.StartsOn).Select(t => (DateOnly?)t.StartsOn).FirstOrDefaultAsync(ct);
        if (termStart is not { } start) return;
        var days = demo.Today.DayNumber - start.DayNumber;
        if (days < 20) return;
        await new SafeguardingCategories(demo.Db).EnsureSeededAsync([school], ct);
        var categories = await demo.Db.Set<SafeguardingCategory>().AsNoTracking().Where(c => c.SchoolId == school).ToDictionaryAsync(c => c.Name, c => c.Id, ct);
        var pupils = await demo.Db.Pupils.AsNoTracking().Where(p => p.SchoolId == school && p.OnRollTo == null)
            .OrderByDescending(p => p.Id).Select(p => p.Id).Take(20).ToListAsync(ct);
        var n = 0;
        foreach (var (category, count) in EarlierConcerns)
        {
            if (!categories.TryGetValue(category, out var categoryId)) continue;
            for (var i = 0; i < count && pupils.Count > 0; i++, n++)
            {
                var pupil = pupils[n % pupils.Count];
                var at = start.AddDays(5 + (n * 7 % (days - 15))).ToDateTime(new TimeOnly(10, 15), DateTimeKind.Utc);
                demo.Db.Set<SafeguardingConcern>().Add(new SafeguardingConcern
                {
                    PupilId = pupil, SchoolId = school, BatchId = Guid.NewGuid(), Description = "Passed on by the form tutor; followed up by the DSL team.",
                    OccurredAt = at.AddHours(-1), RaisedById = raiserId, RaisedByName = raiser, RaisedAt = at, LastAlertedAt = at, Status = ConcernStatus.Open,
                    OpenedAt = at.AddHours(1), OpenedByName = "Dana Lead",
                    Categories = [new SafeguardingConcernCategory { CategoryId = categoryId, PupilId = pupil }],
                });
            }
        }
        demo.Count("safeguarding concerns", n);
    }
}
