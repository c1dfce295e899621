using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Schools;

namespace Pastoral.Cli;

public static class SchoolsCommands
{
    public static Command Create()
    {
        var name = new Option<string>("--name") { Description = "School name", Required = true };
        var urn = new Option<string>("--urn") { Description = "Unique reference number (6 digits)", Required = true };
        var la = new Option<string>("--la") { Description = "Local authority number (3 digits)", Required = true };
        var estab = new Option<string>("--estab") { Description = "Establishment number (4 digits)", Required = true };
        var phase = new Option<SchoolPhase>("--phase") { Description = "Primary, Secondary, AllThrough, Special or AlternativeProvision", DefaultValueFactory = _ => SchoolPhase.Secondary };
        var trust = new Option<string?>("--trust") { Description = "Trust name (the first school creates it; later schools join it)" };
        var add = new Command("add", "Add a school with its year groups and a typical calendar for this year (edit the term dates to the school's own)")
        { name, urn, la, estab, phase, trust };
        add.SetAction((r, ct) => PastoralCommandLine.Guard(async () =>
        {
            await using var services = await CliServices.BuildAsync(r, ct: ct);
            await using var scope = services.CreateAsyncScope();
            try
            {
                var school = await scope.ServiceProvider.GetRequiredService<SchoolSetup>().AddAsync(new NewSchool(
                    r.GetValue(name)!, r.GetValue(urn)!.Trim(), r.GetValue(la)!.Trim(), r.GetValue(estab)!.Trim(), r.GetValue(phase), r.GetValue(trust)), ct);
                Console.WriteLine($"Added {school.Name} (URN {school.Urn}, DfE {school.DfeNumber}) with {school.YearGroups.Count} year groups.");
                return 0;
            }
            catch (SchoolSetupException e) { throw new CliException(e.Message); }
        }));
        var list = new Command("list", "List the schools");
        list.SetAction((r, ct) => PastoralCommandLine.Guard(async () =>
        {
            await using var services = await CliServices.BuildAsync(r, ct: ct);
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PastoralDbContext>();
            foreach (var s in await db.Schools.AsNoTracking().OrderBy(s => s.Name).Select(s => new { s.Urn, s.Name, s.LaNumber, s.EstablishmentNumber, Pupils = db.Pupils.Count(p => p.SchoolId == s.Id) }).ToListAsync(ct))
                Console.WriteLine($"{s.Urn}  {s.LaNumber}/{s.EstablishmentNumber}  {s.Name}  ({s.Pupils} pupils)");
            return 0;
        }));
        return new Command("schools", "Schools in this installation") { add, list };
    }
}
