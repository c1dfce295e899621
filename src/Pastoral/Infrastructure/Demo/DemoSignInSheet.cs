using System.Text;
using Pastoral.Data;

namespace Pastoral.Infrastructure.Demo;

/// <summary>
/// The demo accounts' sign-ins, kept beside the database (owner-only) so they can be printed at every start.
/// Only demo accounts are ever written here.
/// </summary>
public static class DemoSignInSheet
{
    private static string PathFor(DatabaseSettings settings) => Path.Combine(settings.DataDirectory, "demo-sign-ins.txt");

    public static void Save(DatabaseSettings settings, IReadOnlyList<DemoSignIn> signIns)
    {
        DataFolder.Secure(settings.DataDirectory);
        var text = new StringBuilder();
        text.AppendLine("Demo sign-ins (synthetic data only). Password is the same for every demo account.");
        text.AppendLine($"Password: {(signIns.Count > 0 ? signIns[0].Password : "")}");
        text.AppendLine();
        foreach (var s in signIns)
        {
            text.Append($"  {s.Role,-15} {s.Email,-34} {s.Scope}");
            if (s.AuthenticatorKey is not null) text.Append($"   second factor: authenticator key {s.AuthenticatorKey}");
            text.AppendLine();
        }
        text.AppendLine();
        text.AppendLine("Accounts with an authenticator key need a 6-digit code: add the key to an authenticator app, or run");
        text.AppendLine("  dotnet run --project src/Pastoral -- users totp-code dsl@demo.pastoral.test");
        var path = PathFor(settings);
        using var file = new StreamWriter(DataFolder.CreateFile(path));
        file.Write(text.ToString());
    }

    public static void Print(DatabaseSettings settings, string url)
    {
        var path = PathFor(settings);
        if (!File.Exists(path)) return;
        Console.WriteLine($"Sign in at {url}/account/sign-in");
        Console.WriteLine(File.ReadAllText(path));
    }
}
