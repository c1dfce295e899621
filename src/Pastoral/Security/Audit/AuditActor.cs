using System.Security.Claims;

namespace Pastoral.Security.Audit;

/// <summary>Who is acting and from where: the signed-in user and their IP on the web, the operator on the command line.</summary>
public interface IAuditActor
{
    Guid? Id { get; }
    string Name { get; }
    string? Source { get; }
}

public sealed class HttpAuditActor(IHttpContextAccessor http) : IAuditActor
{
    private ClaimsPrincipal? User => http.HttpContext?.User;
    public Guid? Id => Guid.TryParse(User?.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
    public string Name => User?.Identity?.IsAuthenticated == true ? User.Identity.Name ?? "unknown" : "anonymous";
    public string? Source => http.HttpContext is { } c ? $"web {c.Connection.RemoteIpAddress}" : "system";
}

public sealed class CommandLineActor : IAuditActor
{
    public Guid? Id => null;
    public string Name => $"command line ({Environment.UserName})";
    public string? Source => $"cli {Environment.MachineName}";
}
