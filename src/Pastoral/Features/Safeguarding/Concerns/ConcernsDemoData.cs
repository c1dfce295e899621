using Microsoft.EntityFrameworkCore;
using Pastoral.Infrastructure.Demo;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Concerns;

/// <summary>
/// A few concerns in the first school, synthetic and non-graphic: the kind of thing a form tutor notices and passes on. One is
/// urgent and already opened by the DSL (so it does not repeat its alert); one is new, waiting for the DSL.
/// </summary>
public sealed class ConcernsDemoData : IDemoData
{
    public int Order => 70;

    private static readonly (string Category, string Description, string? Words, string Location, string? Action, bool Urgent, int DaysAgo, bool Opened, (BodySide, double, double, string)? Mark)[] Stories =
    [
        ("Neglect", "Came to school without a coat on a cold morning for the third day running, and asked for toast at break because there had been no breakfast.",
            "Mum's not been up in the mornings.", "Form room", "Gave toast from the breakfast club.", false, 12, true, null),
        ("Mental health", "Quiet and tearful in form time; stayed behind and said they did not want to go home tonight.", "I don't want to go home tonight.",
            "Form room", "Stayed with them until the DSL came; did not ask leading questions.", true, 3, true, (BodySide.Front, 146, 160, "Small bruise on the left forearm, about the size of a coin; said they walked into a door")),
        ("Bullying (including cyberbullying and prejudice-based bullying)", "Was shown messages in a group chat calling them names about their family; other pupils in the class mentioned it too.",
            null, "Science lab", "Told them they did the right thing to tell me.", false, 1, false, null),
        ("Children absent from education", "Has missed most Mondays this half-term; a younger sibling said they look after their nan on Mondays.",
            "Someone has to stay with Nan.", "Corridor", null, false, 20, true, null),
    ];

    public async Task AddAsync(DemoContext demo, CancellationToken ct)
    {
        if (demo.Schools.Count == 0) return;
        var school = demo.Schools[0].Id;
        await new SafeguardingCategories(demo.Db).EnsureSeededAsync([school], ct);
        var categories = await demo.Db.Set<SafeguardingCategory>().AsNoTracking().Where(c => c.SchoolId == school).ToDictionaryAsync(c => c.Name, c => c.Id, ct);
        var teacher = await demo.Db.Users.AsNoTracking().Where(u => u.Email == $"teacher@{StaffDemoData.Domain}").Select(u => new { u.Id, u.FullName }).FirstOrDefaultAsync(ct);
        var pupils = await demo.Db.Pupils.AsNoTracking().Where(p => p.SchoolId == school && p.YearGroup!.NcYear == 8 && p.OnRollTo == null)
            .OrderBy(p => p.Id).Select(p => p.Id).Take(Stories.Length * 3).ToListAsync(ct);
        if (pupils.Count < Stories.Length) return;
        var made = 0;
        foreach (var (s, i) in Stories.Select((s, i) => (s, i)))
        {
            var pupil = pupils[i * 3];
            var raised = demo.Today.AddDays(-s.DaysAgo).ToDateTime(new TimeOnly(9, 40 + i), DateTimeKind.Utc);
            demo.Db.Set<SafeguardingConcern>().Add(new SafeguardingConcern
            {
                PupilId = pupil, SchoolId = school, BatchId = Guid.NewGuid(), Description = s.Description, ChildsWords = s.Words, OccurredAt = raised.AddMinutes(-30),
                Location = s.Location, ActionTaken = s.Action, Urgent = s.Urgent, RaisedById = teacher?.Id ?? Guid.Empty, RaisedByName = teacher?.FullName ?? "Taylor Teacher",
                RaisedAt = raised, LastAlertedAt = raised, Status = s.Opened ? ConcernStatus.Open : ConcernStatus.New,
                OpenedAt = s.Opened ? raised.AddMinutes(s.Urgent ? 6 : 90) : null, OpenedByName = s.Opened ? "Dana Lead" : null,
                Categories = categories.TryGetValue(s.Category, out var c) ? [new SafeguardingConcernCategory { CategoryId = c, PupilId = pupil }] : [],
                Marks = s.Mark is var (side, x, y, text) ? [new SafeguardingBodyMark { PupilId = pupil, Side = side, X = x, Y = y, Description = text }] : [],
            });
            made++;
        }
        await demo.FlushAsync(ct);
        demo.Count("safeguarding concerns", made);
    }
}
