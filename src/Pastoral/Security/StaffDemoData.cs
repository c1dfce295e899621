using Microsoft.EntityFrameworkCore;
using Pastoral.Infrastructure.Demo;

namespace Pastoral.Security;

/// <summary>One demo account per role in the first school, so a newcomer can see the product through each pair of eyes.</summary>
public sealed class StaffDemoData(StaffAccounts accounts) : IDemoData
{
    public const string Domain = "demo.pastoral.test";
    public int Order => 20;

    public async Task AddAsync(DemoContext demo, CancellationToken ct)
    {
        var school = demo.Schools[0];
        var year7 = school.YearGroups.Single(y => y.NcYear == 7).Id;
        var year8 = school.YearGroups.Single(y => y.NcYear == 8).Id;
        var year9 = school.YearGroups.Single(y => y.NcYear == 9).Id;
        var password = StaffAccounts.GeneratePassword();
        var specs = new (string Role, string Local, string Name, ScopeKind[] Scopes, int[] Years)[]
        {
            (Roles.Administrator, "admin", "Alex Admin", [ScopeKind.Trust], []),
            (Roles.Headteacher, "headteacher", "Hollis Head", [ScopeKind.Schools], []),
            (Roles.SeniorLeader, "head", "Sam Senior", [demo.Size.Schools > 1 ? ScopeKind.Trust : ScopeKind.Schools], []),
            (Roles.Dsl, "dsl", "Dana Lead", [ScopeKind.Schools], []),
            (Roles.DeputyDsl, "deputy.dsl", "Dev Deputy", [ScopeKind.Schools], []),
            (Roles.Senco, "senco", "Sol Senco", [ScopeKind.Schools], []),
            (Roles.HeadOfYear, "hoy7", "Harper Year-Seven", [ScopeKind.YearGroups], [year7]),
            // Two scopes: attached to Year 8 and mentoring a caseload across the school.
            (Roles.HeadOfYear, "hoy8", "Robin Year-Eight", [ScopeKind.YearGroups, ScopeKind.Caseload], [year8]),
            (Roles.PastoralStaff, "mentor", "Morgan Mentor", [ScopeKind.Caseload], []),
            (Roles.Teacher, "teacher", "Taylor Teacher", [ScopeKind.YearGroups], [year8]),
            (Roles.Teacher, "teacher79", "Tyler Teacher", [ScopeKind.YearGroups], [year7, year9]),
            (Roles.ReadOnly, "readonly", "Riley Reception", [ScopeKind.Schools], []),
            (Roles.Governor, "governor", "Glen Governor", [ScopeKind.Schools], []),
        };
        foreach (var (role, local, name, scopes, years) in specs)
        {
            var created = await accounts.CreateAsync(new NewStaff($"{local}@{Domain}", name, [role], scopes[0], [school.Id], years, password,
                IsDemo: true, AlsoScopes: scopes[1..]));
            var scopeText = string.Join(" + ", scopes.Select(scope => scope switch
            {
                ScopeKind.Trust => "whole trust",
                ScopeKind.YearGroups => string.Join(", ", school.YearGroups.Where(y => years.Contains(y.Id)).Select(y => y.Name)),
                ScopeKind.Caseload => "caseload",
                _ => school.Name,
            }));
            demo.SignIns.Add(new DemoSignIn(Roles.DisplayName(role), created.User.Email!, password, created.AuthenticatorKey, scopeText));
            if (scopes.Contains(ScopeKind.Caseload)) await AddCaseloadAsync(demo, created.User.Id, school.Id, local == "mentor" ? 0 : 12, ct);
        }
        demo.Count("staff accounts", specs.Length);
    }

    /// <summary>Twelve pupils with SEN or free school meals, from the <paramref name="skip"/>th on, so two mentors have different caseloads.</summary>
    private static async Task AddCaseloadAsync(DemoContext demo, Guid mentor, int schoolId, int skip, CancellationToken ct)
    {
        var pupils = await demo.Db.Pupils.Where(p => p.SchoolId == schoolId && (p.SenProvision != Features.Pupils.SenProvision.N || p.Fsm))
            .OrderBy(p => p.Id).Select(p => p.Id).Skip(skip).Take(12).ToListAsync(ct);
        foreach (var id in pupils)
            demo.Db.Caseloads.Add(new CaseloadAssignment { StaffId = mentor, PupilId = id, From = demo.Today.AddDays(-40) });
        await demo.FlushAsync(ct);
    }
}
