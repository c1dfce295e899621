using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Logging;
using Pastoral.Data;
using Pastoral.Features.Safeguarding;
using Pastoral.Features.Safeguarding.Concerns;
using Pastoral.Features.Safeguarding.Meetings;
using Pastoral.Features.Safeguarding.Triage;
using Pastoral.Features.Safeguarding.Orders;
using Pastoral.Security;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Security;

/// <summary>The app with every log message kept (any level), so a test can look for restricted content in the log.</summary>
public sealed class LeakApp() : AppFixture(DatabaseProvider.Sqlite)
{
    public ConcurrentQueue<string> Logged { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(new Sink(Logged));

    private sealed class Sink(ConcurrentQueue<string> to) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;
        public void Dispose() { }
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            to.Enqueue(formatter(state, exception) + (exception is null ? "" : " " + exception));
    }
}

/// <summary>
/// Issue 10 item 7: restricted content never reaches anyone who may not read it. A marker is planted in every text field of
/// every entity type holding restricted content (<see cref="IRestrictedContent"/>, found in the model, so a new record type is
/// covered the day it is added), for one pupil every demo role can or cannot see. Then every GET route enumerated from the app —
/// pages and API, with the pupil's and the records' ids filled in — is visited as every demo member of staff: the marker may appear
/// only for the DSL and deputy of the pupil's school. A restricted record about no pupil (a concern about an adult: a type with a
/// SchoolId and no PupilId) gets the marker in its rows of the pupil's school, and its marker may appear only for that school's
/// headteacher and DSL. A route neither visited nor excluded here with a reason fails the test. The
/// log and the e-mail the visits caused are searched too. SQLite only: what is checked is what the app renders, not how a
/// provider stores it (the records' own tests run on both).
/// </summary>
public sealed partial class RestrictedLeakTests(LeakApp app) : IClassFixture<LeakApp>
{
    private const string Marker = "QZXLEAK";

    /// <summary>Those who may read the pupil's restricted records: the school's DSL and deputy.</summary>
    private static readonly HashSet<string> Readers = ["dsl", "deputy.dsl"];

    /// <summary>Those who may read a restricted record about no pupil (a concern about an adult): the school's headteacher and DSL.</summary>
    private static readonly HashSet<string> SchoolRecordReaders = ["headteacher", "dsl"];

    /// <summary>Routes not visited, each with its reason. Anything else that is not a GET is named by <see cref="NotAGet"/>.</summary>
    private static readonly Dictionary<string, string> Excluded = new()
    {
        ["/healthz"] = "signed out: answers with the process's health, no data",
        ["/error/{status:int?}"] = "the error page: static text for a status code",
        ["/openapi/{documentName}.json"] = "the API description: no data",
        ["/api/docs/{documentName?}"] = "the API browser: static",
        ["/api/docs/{**path}"] = "the API browser's static files",
        ["/account/sign-in"] = "signed-out pages: no data",
        ["/account/second-factor"] = "signed-out pages: no data",
        ["/account/denied"] = "signed-out pages: no data",
        ["/account/forgot-password"] = "signed-out pages: no data",
        ["/account/set-password"] = "signed-out pages: no data",
        [AppFixture.FailingPath] = "the test fixture's own failing route",
        ["/live"] = "the live-update stream never ends; it carries topic names, never content (its own tests check what it sends)",
    };

    private const string NotAGet = "a write (POST, PUT, PATCH, DELETE): it answers with what it was sent or a problem about the input, and each feature's tests check that answer";

    [Fact]
    public async Task No_route_shows_restricted_content_to_anyone_but_its_readers_and_the_log_and_mail_never_do()
    {
        var target = await PlantAsync();
        var routes = Routes();
        var unhandled = routes.Where(r => !r.Get && !Excluded.ContainsKey(r.Pattern)).ToList(); // named by NotAGet
        var visits = routes.Where(r => r.Get && !Excluded.ContainsKey(r.Pattern)).SelectMany(r => Urls(r.Pattern, target)).Distinct().ToList();
        var unfilled = routes.Where(r => r.Get && !Excluded.ContainsKey(r.Pattern) && !Urls(r.Pattern, target).Any()).Select(r => r.Pattern).ToList();
        Assert.True(unfilled.Count == 0, "Routes neither visited nor excluded with a reason (no value for a parameter):\n" + string.Join("\n", unfilled));
        Assert.True(visits.Count > 100, $"only {visits.Count} URLs to visit");
        Assert.Contains("/safeguarding", visits); // the DSL dashboard: every restricted list it draws from, for every role

        var people = app.Demo.SignIns.Select(s => s.Email.Split('@')[0]).Distinct().ToList();
        var leaks = new ConcurrentBag<string>();
        var readersSaw = new ConcurrentBag<string>();
        var typesSeen = new ConcurrentDictionary<string, string>();
        var failures = new ConcurrentBag<string>();
        foreach (var person in people)
        {
            using var http = app.Client(await app.TokenForAsync(person, "leak"));
            await Parallel.ForEachAsync(visits, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (url, ct) =>
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(30));
                HttpResponseMessage response;
                string body;
                try
                {
                    response = await http.GetAsync(url, timeout.Token);
                    body = await response.Content.ReadAsStringAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    failures.Add($"{person} {url}: no answer in 30 s");
                    return;
                }
                using var _ = response;
                if (response.StatusCode == HttpStatusCode.InternalServerError) failures.Add($"{person} {url}: 500");
                if (!body.Contains(Marker, StringComparison.Ordinal)) return;
                // Each type's marker may show only to that type's readers; a marker with its type cut off, only to the pupil's readers.
                var seenTypes = Seen().Matches(body).Select(m => m.Groups[1].Value).Distinct().ToList();
                var allowed = seenTypes.Count == 0 ? Readers.Contains(person)
                    : seenTypes.All(t => (target.NoPupilTypes.Contains(t) ? SchoolRecordReaders : Readers).Contains(person));
                if (allowed)
                {
                    readersSaw.Add(url);
                    foreach (var seen in seenTypes) typesSeen.TryAdd(seen, url);
                }
                else leaks.Add($"{person} {url}: {Excerpt(body)}");
            });
            // Search never finds the pupil by what is written in a restricted record.
            using var search = await http.GetAsync($"/api/v1/pupils?search={Marker}");
            if (search.IsSuccessStatusCode && !(await search.Content.ReadAsStringAsync()).Contains("\"total\":0", StringComparison.Ordinal))
                leaks.Add($"{person} /api/v1/pupils?search={Marker}: found a pupil");
        }
        Assert.True(leaks.IsEmpty, "Restricted content shown to someone who may not read it:\n" + string.Join("\n", leaks.Order().Take(40)));
        Assert.True(failures.IsEmpty, "Server errors:\n" + string.Join("\n", failures.Order().Take(40)));
        // The marker was planted where the readers see it: otherwise the visits above proved nothing.
        Assert.Contains(readersSaw, u => u.Contains($"/{target.PupilId}", StringComparison.Ordinal));
        var unseen = target.Types.Where(t => !typesSeen.ContainsKey(t)).ToList();
        Assert.True(unseen.Count == 0, "Restricted record types whose content no route showed even their readers (so nothing proved they were looked for): " + string.Join(", ", unseen));

        var mail = (await Task.WhenAll(people.Select(p => app.Mail.ToAsync($"{p}@{AppFixture.Domain}"))))
            .SelectMany(m => m).Select(m => m.ToString()).Where(m => m.Contains(Marker, StringComparison.Ordinal)).ToList();
        Assert.Empty(mail);
        Assert.DoesNotContain(app.Logged, l => l.Contains(Marker, StringComparison.Ordinal));
        Assert.Contains(unhandled, r => !r.Get); // the writes exist and are named by NotAGet, not silently skipped
        Assert.False(string.IsNullOrEmpty(NotAGet));
    }

    private sealed record Target(int PupilId, int SchoolId, int FormId, int YearGroupId, string Upn, IReadOnlyList<int> RecordIds, IReadOnlyList<string> Types,
        IReadOnlySet<string> NoPupilTypes);

    private sealed record Route(string Pattern, bool Get);

    private List<Route> Routes()
    {
        var list = new List<Route>();
        foreach (var e in app.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + e.RoutePattern.RawText!.TrimStart('/');
            // Razor pages carry no method metadata (a page answers GET, and POST through its handlers).
            var methods = e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
            list.Add(new Route(pattern, methods is null || methods.Contains("GET")));
        }
        return [.. list.DistinctBy(r => (r.Pattern, r.Get))];
    }

    /// <summary>The URLs to visit for a route: each parameter filled with each value that could name something of the pupil's.</summary>
    private static IEnumerable<string> Urls(string pattern, Target t)
    {
        var parameters = Parameter().Matches(pattern).Select(m => m.Value).Distinct().ToList();
        if (parameters.Count == 0) return [pattern];
        var combos = new List<string> { pattern };
        foreach (var p in parameters)
        {
            var values = Values(p, t);
            if (values.Count == 0) return [];
            combos = [.. combos.SelectMany(c => values.Select(v => c.Replace(p, Uri.EscapeDataString(v), StringComparison.Ordinal)))];
        }
        return combos.Take(12);
    }

    private static List<string> Values(string parameter, Target t)
    {
        var m = Parameter().Match(parameter);
        var name = m.Groups["name"].Value.ToLowerInvariant();
        var constraint = m.Groups["constraint"].Value.ToLowerInvariant();
        var ids = new[] { t.PupilId }.Concat(t.RecordIds).Distinct().Select(i => i.ToString()).ToList();
        if (constraint.Contains("guid")) return [Guid.Empty.ToString()];
        if (name is "date" or "day" or "from" or "to" || constraint.Contains("datetime")) return [AppFixture.Start.ToString("yyyy-MM-dd")];
        if (name is "session") return ["am", "pm"];
        if (name is "documentname") return ["v1"];
        if (name is "key") return [t.Upn, .. ids];
        if (name.Contains("school")) return [t.SchoolId.ToString()];
        if (name.Contains("form")) return [t.FormId.ToString()];
        if (name.Contains("year")) return [t.YearGroupId.ToString()];
        if (name.Contains("pupil")) return [t.PupilId.ToString()];
        if (m.Groups["catchall"].Success) return [];
        return ids; // {id} and other ids: the pupil, and each restricted record of theirs
    }

    [GeneratedRegex(Marker + @" (\w+)\.")]
    private static partial Regex Seen();

    [GeneratedRegex(@"\{(?<catchall>\*\*?)?(?<name>[A-Za-z]+)(?<constraint>:[^}?]*)?\??\}")]
    private static partial Regex Parameter();

    /// <summary>
    /// Makes sure the pupil has a record of every restricted type the demo makes for someone (the CP/CIN status at least), then writes
    /// the marker into every text column of every restricted table, every row.
    /// </summary>
    private async Task<Target> PlantAsync() => await app.WithDbAsync(async db =>
    {
        // A Year 8 pupil: the Year 8 head, the Year 8 teacher and (added below) the mentor see them; the Year 7 head does not.
        var pupil = await db.Pupils.AsNoTracking().Where(p => p.YearGroup!.NcYear == 8 && p.FormId != null).OrderBy(p => p.Id).FirstAsync();
        if (!await db.Set<ChildProtectionRecord>().AnyAsync(r => r.PupilId == pupil.Id && r.ClosedAt == null))
        {
            db.Set<ChildProtectionRecord>().Add(new ChildProtectionRecord
            {
                PupilId = pupil.Id, Status = ChildProtectionStatus.Cp, StartDate = DateOnly.FromDateTime(AppFixture.Start.UtcDateTime).AddDays(-30),
                LocalAuthority = "x", SocialWorkerName = "x", SocialWorkerPhone = "x", SocialWorkerEmail = "x", RecordedAt = AppFixture.Start.UtcDateTime.AddDays(-30),
                RecordedByName = "x",
            });
        }
        var mentor = await db.Users.Where(u => u.Email == $"mentor@{AppFixture.Domain}").Select(u => u.Id).SingleAsync();
        if (!await db.Caseloads.AnyAsync(c => c.StaffId == mentor && c.PupilId == pupil.Id))
            db.Caseloads.Add(new CaseloadAssignment { StaffId = mentor, PupilId = pupil.Id, From = DateOnly.FromDateTime(AppFixture.Start.UtcDateTime).AddDays(-10) });
        // Care details exist only for looked-after pupils, and a small demo may have none.
        if (!await db.Set<LookedAfterCare>().AnyAsync())
        {
            await db.Pupils.Where(p => p.Id == pupil.Id).ExecuteUpdateAsync(u => u.SetProperty(p => p.LookedAfter, Pastoral.Features.Pupils.LookedAfterStatus.Lac));
            db.Set<LookedAfterCare>().Add(new LookedAfterCare { PupilId = pupil.Id, RecordedAt = AppFixture.Start.UtcDateTime.AddDays(-5), RecordedByName = "x", CareAuthority = "x" });
        }
        // Every meeting type restricted (the school's default): a type the school opens up is a pastoral record, not restricted content.
        await db.Set<MeetingTypeSetting>().ExecuteDeleteAsync();
        await db.SaveChangesAsync();

        var recordIds = new List<int>();
        var types = db.Model.GetEntityTypes().Where(t => typeof(IRestrictedContent).IsAssignableFrom(t.ClrType) && !t.ClrType.IsAbstract)
            // a body mark, the triage and the decision log are moved onto the pupil's concern, an attendee onto the pupil's meeting
            .OrderBy(t => t.ClrType == typeof(SafeguardingBodyMark) || t.ClrType == typeof(ConcernTriage) || t.ClrType == typeof(SafeguardingDecision)
                || t.ClrType == typeof(SafeguardingMeetingAttendee)).ToList();
#pragma warning disable EF1002 // table and column names come from the EF model, never from input
        var noPupil = new HashSet<string>();
        foreach (var type in types)
        {
            var table = type.GetTableName()!;
            var key = type.FindPrimaryKey()!.Properties.Single().GetColumnName();
            if (type.FindProperty("PupilId") is null)
            {
                // A record about no pupil (a concern about an adult): its rows in the pupil's school, read by that school's headteacher and DSL.
                Assert.True(type.FindProperty("SchoolId") is not null, $"{type.ClrType.Name} has neither a PupilId nor a SchoolId: the leak test cannot find its rows");
                var own = await db.Database.SqlQueryRaw<int>($"SELECT \"{key}\" AS \"Value\" FROM \"{table}\" WHERE \"SchoolId\" = {{0}}", pupil.SchoolId).ToListAsync();
                Assert.True(own.Count > 0, $"The demo has no {type.ClrType.Name} in the first school: add one to the demo data, so its fields are searched for");
                noPupil.Add(type.ClrType.Name);
                recordIds.AddRange(own);
                foreach (var column in Texts(type))
                    await db.Database.ExecuteSqlRawAsync($"UPDATE \"{table}\" SET \"{column}\" = {{0}}", $"{Marker} {type.ClrType.Name}.{column}");
                continue;
            }
            async Task<List<int>> IdsAsync() =>
                await db.Database.SqlQueryRaw<int>($"SELECT \"{key}\" AS \"Value\" FROM \"{table}\" WHERE \"PupilId\" = {{0}}", pupil.Id).ToListAsync();
            var ids = await IdsAsync();
            if (ids.Count == 0)
            {
                // The demo made this kind of record for another pupil: move one onto this pupil, with what hangs off it.
                var first = await db.Database.SqlQueryRaw<int?>($"SELECT MIN(\"{key}\") AS \"Value\" FROM \"{table}\"").SingleAsync();
                Assert.True(first is not null, $"The demo has no {type.ClrType.Name}: add one to the demo data, so its fields are searched for");
                var any = first.Value;
                await db.Database.ExecuteSqlRawAsync($"UPDATE \"{table}\" SET \"PupilId\" = {{0}} WHERE \"{key}\" = {{1}}", pupil.Id, any);
                if (type.FindProperty("SchoolId") is not null)
                    await db.Database.ExecuteSqlRawAsync($"UPDATE \"{table}\" SET \"SchoolId\" = {{0}} WHERE \"{key}\" = {{1}}", pupil.SchoolId, any);
                if (type.ClrType == typeof(CourtOrder)) // its contact belonged to the other pupil: the order names a person instead
                    await db.Set<CourtOrder>().Where(o => o.Id == any).ExecuteUpdateAsync(u => u.SetProperty(o => o.ContactId, (int?)null).SetProperty(o => o.PersonName, "Someone Named"));
                if (type.ClrType == typeof(LookedAfterCare))
                    await db.Pupils.Where(p => p.Id == pupil.Id).ExecuteUpdateAsync(u => u.SetProperty(p => p.LookedAfter, Pastoral.Features.Pupils.LookedAfterStatus.Lac));
                if (type.ClrType == typeof(SafeguardingConcern))
                    await db.Set<SafeguardingConcernCategory>().Where(c => c.ConcernId == any).ExecuteUpdateAsync(u => u.SetProperty(c => c.PupilId, pupil.Id));
                if (type.ClrType == typeof(ConcernTriage) || type.ClrType == typeof(SafeguardingDecision))
                {
                    var concern = await db.Set<SafeguardingConcern>().Where(c => c.PupilId == pupil.Id).Select(c => c.Id).FirstAsync();
                    await db.Database.ExecuteSqlRawAsync($"UPDATE \"{table}\" SET \"ConcernId\" = {{0}} WHERE \"{key}\" = {{1}}", concern, any);
                }
                if (type.ClrType == typeof(SafeguardingMeetingAttendee))
                {
                    var meeting = await db.Set<SafeguardingMeeting>().Where(m => m.PupilId == pupil.Id).Select(m => m.Id).FirstAsync();
                    await db.Set<SafeguardingMeetingAttendee>().Where(a => a.Id == any).ExecuteUpdateAsync(u => u.SetProperty(a => a.MeetingId, meeting));
                }
                if (type.ClrType == typeof(SafeguardingBodyMark))
                {
                    var concern = await db.Set<SafeguardingConcern>().Where(c => c.PupilId == pupil.Id).Select(c => c.Id).FirstAsync();
                    await db.Set<SafeguardingBodyMark>().Where(m => m.Id == any).ExecuteUpdateAsync(u => u.SetProperty(m => m.ConcernId, concern));
                }
                ids = await IdsAsync();
            }
            recordIds.AddRange(ids);
            foreach (var column in Texts(type))
                await db.Database.ExecuteSqlRawAsync($"UPDATE \"{table}\" SET \"{column}\" = {{0}}", $"{Marker} {type.ClrType.Name}.{column}");
        }
#pragma warning restore EF1002
        // The owner's view of an action: the pupil's actions are owned by the Year 8 head (who sees the pupil but does not read them) and
        // marked done, with the marker in the owner's note (Note, planted above): their action page says "done" and never shows the note.
        var hoy = await db.Users.Where(u => u.Email == $"hoy8@{AppFixture.Domain}").Select(u => u.Id).SingleAsync();
        await db.Set<SafeguardingAction>().Where(a => a.PupilId == pupil.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.OwnerId, hoy).SetProperty(a => a.DoneAt, AppFixture.Start.UtcDateTime).SetProperty(a => a.DoneByName, "Owner"));
        var form = await db.Forms.Where(f => f.Id == pupil.FormId).Select(f => new { f.Id, f.YearGroupId }).SingleAsync();
        return new Target(pupil.Id, pupil.SchoolId, form.Id, form.YearGroupId, pupil.Upn, [.. recordIds.Distinct()], [.. types.Where(t => Texts(t).Any()).Select(t => t.ClrType.Name)], noPupil);
    });

    /// <summary>The text columns of a restricted type that hold what was written: not keys, not stored enums, not version or hash.</summary>
    private static IEnumerable<string> Texts(IEntityType type) => type.GetProperties()
        .Where(p => p.ClrType == typeof(string) && !p.IsKey() && !p.IsForeignKey() && p.GetValueConverter() is null && p.FindTypeMapping()?.Converter is null
            && p.PropertyInfo?.GetCustomAttributes(typeof(PlainContentAttribute), true).Length is null or 0)
        .Select(p => p.GetColumnName());

    private static string Excerpt(string body)
    {
        var i = body.IndexOf(Marker, StringComparison.Ordinal);
        return body.Substring(Math.Max(0, i - 80), Math.Min(200, body.Length - Math.Max(0, i - 80))).ReplaceLineEndings(" ");
    }
}
