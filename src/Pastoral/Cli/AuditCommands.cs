using System.CommandLine;
using Pastoral.Data;
using Pastoral.Security.Audit;

namespace Pastoral.Cli;

public static class AuditCommands
{
    public static Command Create()
    {
        var verify = new Command("verify", "Walk the audit log's hash chain; exits 1 if any entry was edited or removed");
        verify.SetAction((result, ct) => PastoralCommandLine.Guard(async () =>
        {
            await using var services = await CliServices.BuildAsync(result, migrate: false, ct);
            await using var scope = services.CreateAsyncScope();
            var outcome = await AuditChain.VerifyAsync(scope.ServiceProvider.GetRequiredService<PastoralDbContext>(), ct);
            if (outcome.Intact)
            {
                Console.WriteLine($"Audit log intact: {outcome.Checked} entries, chain unbroken.");
                return 0;
            }
            Console.Error.WriteLine($"Audit log BROKEN ({outcome.Checked} entries checked):");
            foreach (var problem in outcome.Problems) Console.Error.WriteLine($"  {problem}");
            return 1;
        }));
        return new Command("audit", "The audit log") { verify };
    }
}
