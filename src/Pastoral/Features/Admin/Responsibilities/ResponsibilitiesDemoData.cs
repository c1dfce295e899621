using Bogus;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Pastoral.Infrastructure.Demo;
using Pastoral.Security;

namespace Pastoral.Features.Admin.Responsibilities;

/// <summary>
/// Who is responsible for whom in the demo: each year group a head of year and a pastoral officer, each form a tutor, line
/// managers (tutors and pastoral officers to their head of year, heads of year to a senior leader), and classes for the two demo
/// teachers. The sign-in accounts take the posts their role fits (Harper heads Year 7, Taylor tutors 8A); everyone else is a
/// staff account with no password: listed as staff, notified, but unable to sign in (not in the sign-in sheet).
/// </summary>
public sealed class ResponsibilitiesDemoData : IDemoData
{
    public int Order => 25;

    public async Task AddAsync(DemoContext demo, CancellationToken ct)
    {
        var names = new Faker("en_GB") { Random = new Randomizer(20260903) };
        var db = demo.Db;
        var roleIds = await db.Roles.Where(r => r.Name != null).ToDictionaryAsync(r => r.Name!, r => r.Id, ct);
        var signIns = await db.Users.Where(u => u.Email!.EndsWith("@" + StaffDemoData.Domain)).ToDictionaryAsync(u => u.Email![..u.Email!.IndexOf('@')], u => u.Id, ct);
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var now = DateTime.UtcNow;
        var made = 0;

        // Accounts are added in bulk (the demo's speed at trust size); a real school adds staff through StaffAccounts.
        Guid Person(string role, int schoolId, int? yearGroupId)
        {
            string first, last, local;
            do { (first, last) = (names.Name.FirstName(), names.Name.LastName()); local = $"{first}.{last}".ToLowerInvariant().Replace("'", "", StringComparison.Ordinal).Replace(' ', '-'); }
            while (!used.Add(local));
            var email = $"{local}@{StaffDemoData.Domain}";
            var user = new StaffUser
            {
                Id = Guid.NewGuid(), UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
                EmailConfirmed = true, FullName = $"{first} {last}", TrustId = demo.Schools[0].TrustId, IsDemo = true, CreatedAt = now,
                SecurityStamp = Guid.NewGuid().ToString("N"), ConcurrencyStamp = Guid.NewGuid().ToString(),
                Scopes = [yearGroupId is null ? new StaffScope { Kind = ScopeKind.Schools, SchoolId = schoolId } : new StaffScope { Kind = ScopeKind.YearGroups, SchoolId = schoolId, YearGroupId = yearGroupId }],
            };
            db.Users.Add(user);
            db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = user.Id, RoleId = roleIds[role] });
            made++;
            return user.Id;
        }

        var set = db.Set<StaffResponsibility>();
        void Manages(Guid manager, Guid staff) => set.Add(new StaffResponsibility { Kind = ResponsibilityKind.LineManager, StaffId = manager, ForStaffId = staff });

        for (var s = 0; s < demo.Schools.Count; s++)
        {
            var school = demo.Schools[s];
            var first = s == 0;
            var senior = first ? signIns["head"] : Person(Roles.SeniorLeader, school.Id, null);
            foreach (var year in school.YearGroups.OrderBy(y => y.NcYear))
            {
                var head = first && year.NcYear is 7 or 8 ? signIns[year.NcYear == 7 ? "hoy7" : "hoy8"] : Person(Roles.HeadOfYear, school.Id, year.Id);
                var officer = Person(Roles.PastoralStaff, school.Id, year.Id);
                set.Add(new StaffResponsibility { Kind = ResponsibilityKind.HeadOfYear, StaffId = head, YearGroupId = year.Id });
                set.Add(new StaffResponsibility { Kind = ResponsibilityKind.PastoralOfficer, StaffId = officer, YearGroupId = year.Id });
                Manages(senior, head);
                Manages(head, officer);
                foreach (var form in year.Forms.OrderBy(f => f.Name))
                {
                    var tutor = first && form.Name == "8A" ? signIns["teacher"] : Person(Roles.Teacher, school.Id, year.Id);
                    set.Add(new StaffResponsibility { Kind = ResponsibilityKind.Tutor, StaffId = tutor, FormId = form.Id });
                    Manages(head, tutor);
                }
            }
        }
        await demo.FlushAsync(ct);
        await AddClassesAsync(demo, signIns, ct);
        demo.Count("staff accounts (no sign-in)", made);
    }

    /// <summary>Classes for the two demo teachers, so "the staff who teach this pupil" has something to show.</summary>
    private static async Task AddClassesAsync(DemoContext demo, Dictionary<string, Guid> signIns, CancellationToken ct)
    {
        var school = demo.Schools[0];
        var classes = new (string Code, string Subject, string Teacher, int NcYear, int Skip)[]
        {
            ("8X/Ma1", "Mathematics", "teacher", 8, 0), ("8Y/Ma1", "Mathematics", "teacher", 8, 28),
            ("7X/Sc1", "Science", "teacher79", 7, 0), ("9X/Sc1", "Science", "teacher79", 9, 0),
        };
        foreach (var c in classes)
        {
            var year = school.YearGroups.Single(y => y.NcYear == c.NcYear).Id;
            var pupils = await demo.Db.Pupils.Where(p => p.SchoolId == school.Id && p.YearGroupId == year && p.OnRollTo == null)
                .OrderBy(p => p.Id).Skip(c.Skip).Take(28).Select(p => p.Id).ToListAsync(ct);
            demo.Db.Add(new TeachingGroup
            {
                SchoolId = school.Id, Code = c.Code, Subject = c.Subject, TeacherId = signIns[c.Teacher],
                Pupils = [.. pupils.Select(p => new TeachingGroupPupil { PupilId = p })],
            });
        }
        await demo.FlushAsync(ct);
        demo.Count("teaching groups", classes.Length);
    }
}
