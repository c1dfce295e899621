using System.Collections.Concurrent;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Tests.Infrastructure;

/// <summary>The app with its password checks counted and its warnings kept, to prove "same work" and "no warning" without timing.</summary>
public abstract class WatchedApp(DatabaseProvider provider) : AppFixture(provider)
{
    public CountingPasswordHasher Hasher { get; } = new(new PasswordHasher<StaffUser>());
    public WarningSink Warnings { get; } = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.RemoveAll<IPasswordHasher<StaffUser>>();
        services.AddSingleton<IPasswordHasher<StaffUser>>(Hasher);
        services.AddSingleton<ILoggerProvider>(Warnings);
    }
}

public sealed class SqliteWatchedApp() : WatchedApp(DatabaseProvider.Sqlite);
public sealed class PostgresWatchedApp() : WatchedApp(DatabaseProvider.Postgres);

public sealed class CountingPasswordHasher(IPasswordHasher<StaffUser> inner) : IPasswordHasher<StaffUser>
{
    private int _verifications;
    public int Verifications => Volatile.Read(ref _verifications);
    public void Reset() => Interlocked.Exchange(ref _verifications, 0);

    public string HashPassword(StaffUser user, string password) => inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(StaffUser user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref _verifications);
        return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}

/// <summary>Keeps every warning or worse the app logs: "category: message".</summary>
public sealed class WarningSink : ILoggerProvider
{
    public ConcurrentQueue<string> Messages { get; } = new();
    public ILogger CreateLogger(string categoryName) => new Sink(this, categoryName);
    public void Dispose() { }

    private sealed class Sink(WarningSink owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) owner.Messages.Enqueue($"{category}: {formatter(state, exception)}");
        }
    }
}
