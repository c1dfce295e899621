using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Admin.Responsibilities;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure.Demo;
using Pastoral.Security;

namespace Pastoral.Features.Plans;

/// <summary>
/// Demo plans in the first school: a passport for pupils with SEN (up to 30), EHCP outcomes for pupils with an EHCP (up to 12),
/// and, as there are no behaviour incidents yet, behaviour plans and risk assessments for a fixed handful: the first three
/// Year 8 pupils on SEN support (by id). Several versions, sign-offs, and reads (some confirmed, some not). The demo heads of
/// year are made responsible for Years 7 and 8 if nobody is, so the read-and-understood story has someone to ask.
/// </summary>
public sealed class PlansDemoData(PlanTypes types) : IDemoData
{
    public int Order => 60;
    public const int Passports = 30;
    public const int EhcpOutcomes = 12;
    public const int BehaviourPupils = 3;

    private static readonly string[] About = ["I like football and drawing.", "I love animals, especially my dog.", "I enjoy music and play the drums.", "I like building things and Lego.", "I like reading fantasy books."];
    private static readonly string[] Hard = ["Noisy rooms and sudden changes.", "Writing a lot at once.", "Starting a task on my own.", "Remembering instructions with several steps."];
    private static readonly string[] Support = ["Give me instructions one at a time and check I have understood.", "Let me sit near the front, away from the door.", "Warn me before a change of plan.", "Give me a writing frame or key words."];
    private static readonly string[] Strengths = ["Kind and helpful to others.", "Creative and good with my hands.", "Good at maths in my head.", "Determined when I am interested."];

    public async Task AddAsync(DemoContext demo, CancellationToken ct)
    {
        await types.EnsureBuiltInAsync(ct);
        var db = demo.Db;
        var school = demo.Schools[0];
        var all = await db.Set<PlanType>().AsNoTracking().Where(t => t.SchoolId == null).ToDictionaryAsync(t => t.Key, ct);
        var staff = await db.Users.AsNoTracking().Where(u => u.Email!.EndsWith("@" + StaffDemoData.Domain)).ToDictionaryAsync(u => u.Email!.Split('@')[0], ct);
        if (!staff.TryGetValue("senco", out var senco)) return;
        var hoy = staff.GetValueOrDefault("hoy8") ?? senco;
        await AddHeadsOfYearAsync(demo, school, staff, ct);
        var now = demo.Today.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc);
        var count = 0;

        var sen = await db.Pupils.AsNoTracking().Where(p => p.SchoolId == school.Id && p.SenProvision != SenProvision.N).OrderBy(p => p.Id).Take(Passports).ToListAsync(ct);
        for (var i = 0; i < sen.Count; i++)
        {
            var content = Content(("about-me", "about-me", About[i % About.Length]), ("what-is-important-to-me", "what-is-important-to-me", "My family and my friends."),
                ("what-i-find-hard", "what-i-find-hard", Hard[i % Hard.Length]), ("how-best-to-support-me", "how-best-to-support-me", Support[i % Support.Length]),
                ("my-strengths", "my-strengths", Strengths[i % Strengths.Length]));
            var plan = Add(db, all["pupil-passport"], sen[i], "Pupil passport", senco, PlanStatus.Active, demo.Today.AddDays(30 + i % 60), now.AddDays(-40), content);
            db.Add(SignOff(plan, SignOffBy.Pupil, sen[i].DisplayName, demo.Today.AddDays(-39), senco.FullName));
            if (i % 3 == 0) AddVersion(db, plan, senco.FullName, now.AddDays(-10), "Changed: How best to support me",
                c => c["how-best-to-support-me"]["how-best-to-support-me"] = new PlanValue(Support[(i + 1) % Support.Length] + " " + Support[i % Support.Length]));
            count++;
        }
        await demo.FlushAsync(ct);

        var ehcp = sen.Where(p => p.SenProvision == SenProvision.E).Take(EhcpOutcomes).ToList();
        foreach (var pupil in ehcp)
        {
            var rows = new List<IReadOnlyDictionary<string, string>>
            {
                new Dictionary<string, string> { ["outcome"] = "Reads age-appropriate texts with support by the end of Year " + ((pupil.YearGroup?.NcYear ?? 7) + 1), ["provision"] = "Daily 1:1 reading, 15 minutes", ["progress"] = "2" },
                new Dictionary<string, string> { ["outcome"] = "Manages changes in routine with a visual timetable", ["provision"] = "Visual timetable; warning before changes", ["progress"] = "3" },
            };
            var content = new PlanContent { ["outcomes"] = new() { ["outcomes"] = new PlanValue(null, rows) } };
            var plan = Add(db, all["ehcp-outcomes"], pupil, "EHCP outcomes", senco, PlanStatus.Active, demo.Today.AddDays(90), now.AddDays(-60), content);
            AddVersion(db, plan, senco.FullName, now.AddDays(-5), "Changed: Outcomes", c =>
                c["outcomes"]["outcomes"] = new PlanValue(null, [rows[0].ToDictionary(kv => kv.Key, kv => kv.Key == "progress" ? "3" : kv.Value), rows[1]]));
            db.Add(SignOff(plan, SignOffBy.Staff, senco.FullName, demo.Today.AddDays(-5), senco.FullName));
            count++;
        }
        await demo.FlushAsync(ct);

        var year8 = school.YearGroups.SingleOrDefault(y => y.NcYear == 8)?.Id;
        var chosen = await db.Pupils.AsNoTracking().Include(p => p.Contacts).Where(p => p.SchoolId == school.Id && p.YearGroupId == year8 && p.SenProvision == SenProvision.K)
            .OrderBy(p => p.Id).Take(BehaviourPupils).ToListAsync(ct);
        var readers = new[] { staff.GetValueOrDefault("teacher"), staff.GetValueOrDefault("hoy8"), staff.GetValueOrDefault("mentor") }.OfType<StaffUser>().ToList();
        foreach (var pupil in chosen)
        {
            var behaviour = Content(("triggers", "triggers", "Being told off in front of others; unstructured time."), ("early-signs", "early-signs", "Goes quiet, hood up, taps the desk."),
                ("what-helps", "what-helps", "A quiet word; time out card to the library (10 minutes)."), ("de-escalation", "de-escalation", "Calm voice, offer a choice, give space."),
                ("what-to-avoid", "what-to-avoid", "Raising your voice; standing over them."), ("after-an-incident", "after-an-incident", "Restorative chat with the head of year the same day."));
            var plan = Add(db, all["behaviour-plan"], pupil, "Behaviour plan", hoy, PlanStatus.Active, demo.Today.AddDays(21), now.AddDays(-30), behaviour);
            AddVersion(db, plan, hoy.FullName, now.AddDays(-20), "Changed: What helps", c => c["what-helps"]["what-helps"] = new PlanValue("A quiet word; time out card to the library (10 minutes); a job to do."));
            AddVersion(db, plan, hoy.FullName, now.AddDays(-7), "Changed: Triggers", c => c["triggers"]["triggers"] = new PlanValue("Being told off in front of others; unstructured time; supply teachers."));
            plan.ReadNumber = plan.Number;
            for (var r = 0; r < readers.Count; r++)
                db.Add(new PlanRead { PlanId = plan.Id, PupilId = pupil.Id, SchoolId = pupil.SchoolId, Number = plan.Number, StaffId = readers[r].Id, StaffName = readers[r].FullName,
                    Why = r == 0 ? "Teaches the pupil" : r == 1 ? "Head of year of Year 8" : "Mentor (caseload)", AskedAt = now.AddDays(-7), ConfirmedAt = r == 1 ? now.AddDays(-6) : null });
            if (pupil.Contacts.OrderBy(c => c.Priority).FirstOrDefault() is { } parent)
                db.Add(SignOff(plan, SignOffBy.Parent, parent.DisplayName, demo.Today.AddDays(-29), hoy.FullName, parent.Id));
            var hazards = new List<IReadOnlyDictionary<string, string>>
            {
                new Dictionary<string, string> { ["hazard"] = "Leaving the classroom without permission", ["who-is-at-risk"] = "The pupil", ["likelihood-before"] = "4", ["severity-before"] = "3", ["control-measures"] = "Time out card; agreed safe space; adult checks in", ["likelihood-after"] = "2", ["severity-after"] = "3" },
                new Dictionary<string, string> { ["hazard"] = "Throwing equipment when upset", ["who-is-at-risk"] = "Other pupils, staff", ["likelihood-before"] = "3", ["severity-before"] = "4", ["control-measures"] = "Seat near the door; de-escalation as in the behaviour plan", ["likelihood-after"] = "2", ["severity-after"] = "2" },
            };
            var risk = new PlanContent { ["hazards"] = new() { ["hazards"] = new PlanValue(null, hazards) } };
            var assessment = Add(db, all["risk-assessment"], pupil, "Risk assessment: classroom", hoy, PlanStatus.Active, demo.Today.AddDays(21), now.AddDays(-30), risk);
            assessment.ReadNumber = assessment.Number;
            foreach (var reader in readers)
                db.Add(new PlanRead { PlanId = assessment.Id, PupilId = pupil.Id, SchoolId = pupil.SchoolId, Number = 1, StaffId = reader.Id, StaffName = reader.FullName, Why = "Supports the pupil", AskedAt = now.AddDays(-30), ConfirmedAt = now.AddDays(-29) });
            count += 2;
        }
        await demo.FlushAsync(ct);
        demo.Count("plans", count);
    }

    private static async Task AddHeadsOfYearAsync(DemoContext demo, Schools.School school, Dictionary<string, StaffUser> staff, CancellationToken ct)
    {
        foreach (var (local, nc) in new[] { ("hoy7", 7), ("hoy8", 8) })
        {
            var year = school.YearGroups.SingleOrDefault(y => y.NcYear == nc)?.Id;
            if (year is null || !staff.TryGetValue(local, out var user)) continue;
            if (await demo.Db.Set<StaffResponsibility>().AnyAsync(r => r.YearGroupId == year && r.Kind == ResponsibilityKind.HeadOfYear, ct)) continue;
            demo.Db.Add(new StaffResponsibility { Kind = ResponsibilityKind.HeadOfYear, StaffId = user.Id, YearGroupId = year });
        }
        await demo.FlushAsync(ct);
    }

    private static PlanContent Content(params (string Section, string Field, string Text)[] values)
    {
        var content = new PlanContent();
        foreach (var (s, f, t) in values) content[s] = new() { [f] = new PlanValue(t) };
        return content;
    }

    private static Plan Add(Pastoral.Data.PastoralDbContext db, PlanType type, Pupil pupil, string title, StaffUser owner, PlanStatus status, DateOnly review, DateTime at, PlanContent content)
    {
        var plan = new Plan
        {
            PupilId = pupil.Id, SchoolId = pupil.SchoolId, PlanTypeId = type.Id, DefinitionId = type.CurrentDefinitionId, Title = title, Status = status,
            ReviewDate = review, OwnerId = owner.Id, OwnerName = owner.FullName, ContentJson = content.ToJson(), Number = 1, CreatedAt = at, UpdatedAt = at,
        };
        db.Add(plan);
        db.SaveChanges(); // the plan's id, for its versions (the demo turns per-row auditing off)
        db.Add(Version(plan, owner.FullName, at, "Created as active"));
        return plan;
    }

    private static void AddVersion(Pastoral.Data.PastoralDbContext db, Plan plan, string by, DateTime at, string change, Action<PlanContent> edit)
    {
        var content = PlanContent.Parse(plan.ContentJson);
        edit(content);
        plan.ContentJson = content.ToJson();
        plan.Number++;
        plan.UpdatedAt = at;
        db.Add(Version(plan, by, at, change));
    }

    private static PlanVersion Version(Plan plan, string by, DateTime at, string change) => new()
    {
        PlanId = plan.Id, PupilId = plan.PupilId, Number = plan.Number, Title = plan.Title, Status = plan.Status, ReviewDate = plan.ReviewDate,
        OwnerName = plan.OwnerName, ContentJson = plan.ContentJson, SavedAt = at, SavedByName = by, Change = change,
    };

    private static PlanSignOff SignOff(Plan plan, SignOffBy by, string name, DateOnly on, string recordedBy, int? contactId = null) => new()
    {
        PlanId = plan.Id, PupilId = plan.PupilId, SchoolId = plan.SchoolId, By = by, Name = name, ContactId = contactId, SignedOn = on, Number = plan.Number,
        RecordedAt = on.ToDateTime(new TimeOnly(15, 0), DateTimeKind.Utc), RecordedByName = recordedBy,
    };
}
