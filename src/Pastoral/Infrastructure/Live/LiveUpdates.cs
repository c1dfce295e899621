using System.Collections.Concurrent;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Pastoral.Data;

namespace Pastoral.Infrastructure.Live;

/// <summary>
/// Something that changes while a page is open (the bell's count; later on-call requests, the first-day calling queue). Registered
/// with <see cref="LiveTopicRegistration.AddLiveTopic{T}"/>; an element marked <c>data-live="Name"</c> shows its value.
/// </summary>
public interface ILiveTopic
{
    string Name { get; }

    /// <summary>
    /// A cheap "what changed since <paramref name="cursor"/>" query: the new cursor, and whose view changed (null: everyone's, when
    /// the cursor moved). The truth stays in the database; the cursor only says where to look from. Called with
    /// <see cref="long.MaxValue"/> once at start, to learn where "now" is.
    /// </summary>
    Task<(long Cursor, IReadOnlyCollection<Guid>? Changed)> ChangesAsync(PastoralDbContext db, long cursor, CancellationToken ct);

    /// <summary>What the person's elements show now. Read fresh for each event, through the topic's own access rules.</summary>
    Task<LiveValue> ValueAsync(IServiceProvider services, Guid staffId, CancellationToken ct);
}

/// <summary>The new text of the marked element, and attributes to set on it (an accessible name that says the count).</summary>
public sealed record LiveValue(string Text, IReadOnlyDictionary<string, string>? Attributes = null);

public sealed class LiveSettings
{
    public double PollSeconds { get; set; } = 0.75;
}

public static class LiveTopicRegistration
{
    public static IServiceCollection AddLiveTopic<T>(this IServiceCollection services) where T : class, ILiveTopic =>
        services.AddSingleton<ILiveTopic, T>();
}

/// <summary>
/// One poller per instance feeding every open stream on it: each tab holds one <c>/live</c> stream carrying every topic, and when a
/// topic's query says someone's view changed, that person's streams are told to read the topic's value again.
/// </summary>
public sealed class LiveUpdates(IEnumerable<ILiveTopic> topics, IServiceScopeFactory scopes, IOptions<LiveSettings> settings,
    TimeProvider clock, ILogger<LiveUpdates> log) : BackgroundService
{
    private readonly ILiveTopic[] _topics = [.. topics];
    private readonly ConcurrentDictionary<Guid, (Guid StaffId, Channel<string> Wake)> _streams = new();
    private readonly Dictionary<string, long> _cursors = [];

    public int OpenStreams => _streams.Count;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PastoralDbContext>();
            foreach (var topic in _topics)
                try { _cursors[topic.Name] = (await topic.ChangesAsync(db, long.MaxValue, stoppingToken)).Cursor; }
                catch (Exception e) when (e is not OperationCanceledException) { log.LogWarning(e, "Live topic {Topic} could not start", topic.Name); }
        }
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(settings.Value.PollSeconds), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (_streams.IsEmpty) continue;
            try { await PollAsync(stoppingToken); }
            catch (Exception e) when (e is not OperationCanceledException) { log.LogWarning(e, "Live updates poll failed; trying again"); }
        }
    }

    private async Task PollAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PastoralDbContext>();
        foreach (var topic in _topics)
        {
            var (cursor, changed) = await topic.ChangesAsync(db, _cursors.GetValueOrDefault(topic.Name), ct);
            var moved = cursor != _cursors.GetValueOrDefault(topic.Name);
            _cursors[topic.Name] = cursor;
            // A topic watching more than one table (the bell: notices and read marks) names people even when its cursor stayed.
            if (!moved && changed is not { Count: > 0 }) continue;
            foreach (var (_, stream) in _streams)
                if (changed is null || changed.Contains(stream.StaffId)) stream.Wake.Writer.TryWrite(topic.Name);
        }
    }

    /// <summary>The events of one tab's stream: every topic's value now, then each topic again when it changes for this person.</summary>
    public async IAsyncEnumerable<SseItem<string>> StreamAsync(Guid staffId, [EnumeratorCancellation] CancellationToken ct)
    {
        var id = Guid.NewGuid();
        var wake = Channel.CreateBounded<string>(new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest });
        _streams[id] = (staffId, wake);
        try
        {
            foreach (var topic in _topics) wake.Writer.TryWrite(topic.Name);
            var last = new Dictionary<string, string>();
            while (true)
            {
                string name;
                using (var quiet = CancellationTokenSource.CreateLinkedTokenSource(ct))
                {
                    quiet.CancelAfter(TimeSpan.FromSeconds(25));
                    // A cancelled read takes nothing from the channel, so no wake-up is lost.
                    try { name = await wake.Reader.ReadAsync(quiet.Token); }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested) { name = ""; }
                }
                if (name.Length == 0)
                {
                    yield return new SseItem<string>("", "ping"); // keeps proxies from closing an idle stream
                    continue;
                }
                var topic = _topics.First(t => t.Name == name);
                LiveValue value;
                await using (var scope = scopes.CreateAsyncScope())
                    value = await topic.ValueAsync(scope.ServiceProvider, staffId, ct);
                var json = System.Text.Json.JsonSerializer.Serialize(new { text = value.Text, attrs = value.Attributes });
                if (last.GetValueOrDefault(name) == json) continue;
                last[name] = json;
                yield return new SseItem<string>(json, name);
            }
        }
        finally { _streams.TryRemove(id, out _); }
    }
}

public static class LiveEndpoint
{
    /// <summary><c>GET /live</c>: one server-sent event stream per tab, for a signed-in member of staff.</summary>
    public static void MapLive(this IEndpointRouteBuilder app) =>
        app.MapGet("/live", (ClaimsPrincipal user, LiveUpdates live, HttpContext http, CancellationToken ct) =>
        {
            var staffId = Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!);
            http.Response.Headers["X-Accel-Buffering"] = "no";
            return TypedResults.ServerSentEvents(live.StreamAsync(staffId, ct));
        }).RequireAuthorization(Security.Policies.SignedIn).ExcludeFromDescription();
}
