using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Pastoral.Tests.Features.Behaviour;

/// <summary>
/// The SQL commands each API request sent, by the value of its <see cref="Header"/> header (the interceptor runs in the request's
/// own async flow, so the request's HttpContext is at hand), to count a request's round trips. Requests without it are not noted.
/// </summary>
public sealed class CommandLog : DbCommandInterceptor
{
    public const string Header = "X-Test-Commands";
    private static readonly HttpContextAccessor Http = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _byRequest = new();

    public IReadOnlyList<string> Of(string key) => _byRequest.TryGetValue(key, out var q) ? [.. q] : [];

    /// <summary>The reads a request made beyond signing in (the token, the member of staff, their roles, scopes and caseload) and drawing keys.</summary>
    public IReadOnlyList<string> ReadsOf(string key) => [.. Of(key).Where(sql => sql.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)
        && !new[] { "FROM \"ApiTokens\"", "FROM \"AspNetUsers\"", "FROM \"AspNetUserRoles\"", "FROM \"StaffScopes\"", "FROM \"Caseloads\"", "nextval(" }.Any(sql.Contains))];

    private void Note(DbCommand command)
    {
        if (Http.HttpContext?.Request.Headers[Header].ToString() is { Length: > 0 } key)
            _byRequest.GetOrAdd(key, _ => new ConcurrentQueue<string>()).Enqueue(command.CommandText);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Note(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Note(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Note(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Note(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Note(command);
        return ValueTask.FromResult(result);
    }
}
