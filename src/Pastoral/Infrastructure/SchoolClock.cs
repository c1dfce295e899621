namespace Pastoral.Infrastructure;

public enum Session { Am, Pm }

/// <summary>
/// School days and registration sessions are in the school's local time (Europe/London); instants are stored in UTC.
/// Everything reads the time through <see cref="TimeProvider"/>, which tests replace.
/// </summary>
public sealed class SchoolClock(TimeProvider time)
{
    public static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    /// <summary>The afternoon register opens at 12:00 local time unless a school sets otherwise.</summary>
    public static readonly TimeOnly AfternoonStarts = new(12, 0);

    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;

    public DateTime LocalNow(TimeZoneInfo? zone = null) => TimeZoneInfo.ConvertTimeFromUtc(UtcNow, zone ?? London);

    public DateOnly Today(TimeZoneInfo? zone = null) => DateOnly.FromDateTime(LocalNow(zone));

    public Session CurrentSession(TimeZoneInfo? zone = null) => SessionAt(UtcNow, zone);

    public static Session SessionAt(DateTime utc, TimeZoneInfo? zone = null) =>
        TimeOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utc, zone ?? London)) < AfternoonStarts ? Session.Am : Session.Pm;

    public static DateTime ToLocal(DateTime utc, TimeZoneInfo? zone = null) => TimeZoneInfo.ConvertTimeFromUtc(
        DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone ?? London);
}

/// <summary>A clock that stands still until told to move: for tests and for reproducible demos (Clock:FixedUtc).</summary>
public sealed class SettableTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;
    public override DateTimeOffset GetUtcNow() => _now;
    public void Set(DateTimeOffset now) => _now = now;
    public void Advance(TimeSpan by) => _now += by;
}
