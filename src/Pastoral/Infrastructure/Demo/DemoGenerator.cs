using System.Diagnostics;
using Bogus;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Schools;
using Pastoral.Security.Audit;

namespace Pastoral.Infrastructure.Demo;

/// <summary>A feature's part of the demo: it adds its own synthetic records, at realistic rates, for the schools made so far.</summary>
public interface IDemoData
{
    /// <summary>Lower runs first: schools, then pupils, then staff, then each feature's records.</summary>
    int Order { get; }
    Task AddAsync(DemoContext demo, CancellationToken ct);
}

public sealed record DemoSize(int Schools, int PupilsPerSchool)
{
    /// <summary>
    /// Registers are filled from the start of the academic year to this day, both sessions (the benchmarks use the year's last
    /// day: a whole year of 380 sessions). Unset: to yesterday, and this morning's registers for all but two forms.
    /// </summary>
    public DateOnly? AttendanceThrough { get; init; }

    public static readonly DemoSize Default = new(1, 900);
    public static readonly DemoSize Trust = new(20, 1500);
}

public sealed class DemoContext(PastoralDbContext db, DemoSize size, DateOnly today, IProgress<DemoProgress>? progress)
{
    public PastoralDbContext Db { get; } = db;
    public DemoSize Size { get; } = size;
    public DateOnly Today { get; } = today;
    /// <summary>Seeded, so the same size gives the same school every time.</summary>
    public Faker Faker { get; } = new("en_GB") { Random = new Randomizer(20260901) };
    /// <summary>en_GB has no first names by sex, so a mother could be "Ahmed"; the en lists do, so first names come from them.</summary>
    public Faker Names { get; } = new("en") { Random = new Randomizer(20260902) };
    public List<School> Schools { get; } = [];
    public Dictionary<string, int> Counts { get; } = [];
    public List<DemoSignIn> SignIns { get; } = [];

    public void Count(string what, int n) => Counts[what] = Counts.GetValueOrDefault(what) + n;
    public void Report(string stage, int done, int total) => progress?.Report(new DemoProgress(stage, done, total));

    /// <summary>Saves a batch without tracking it afterwards, so memory stays flat at trust size.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        await Db.SaveChangesAsync(ct);
        Db.ChangeTracker.Clear();
    }
}

public sealed record DemoProgress(string Stage, int Done, int Total);
public sealed record DemoSignIn(string Role, string Email, string Password, string? AuthenticatorKey, string Scope);
public sealed record DemoSummary(IReadOnlyDictionary<string, int> Counts, IReadOnlyList<DemoSignIn> SignIns, TimeSpan Took);

public sealed class DemoGenerator(PastoralDbContext db, IEnumerable<IDemoData> parts, SchoolClock clock)
{
    public async Task<bool> IsEmptyAsync(CancellationToken ct) => !await db.Schools.AnyAsync(ct);

    public async Task<DemoSummary> GenerateAsync(DemoSize size, IProgress<DemoProgress>? progress, CancellationToken ct)
    {
        if (!await IsEmptyAsync(ct))
            throw new InvalidOperationException("This database already holds a school; the demo is only built into an empty one (use a new --data folder).");
        var timer = Stopwatch.StartNew();
        var demo = new DemoContext(db, size, clock.Today(), progress);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.SuppressChangeAuditing = true;
        // A batch job, not a request: at trust size one statement (a COPY of a year's marks, a grouped update over every pupil)
        // can outlast the 30-second default on a busy machine, which ended a build half-way with "Exception while reading from stream".
        var timeout = db.Database.GetCommandTimeout();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
        try
        {
            foreach (var part in parts.OrderBy(p => p.Order)) await part.AddAsync(demo, ct);
        }
        finally
        {
            db.Database.SetCommandTimeout(timeout);
            db.SuppressChangeAuditing = false;
            db.ChangeTracker.AutoDetectChangesEnabled = true;
        }
        db.Audit(AuditActions.Created, "DemoSchool", null,
            detail: "Synthetic demo data: " + string.Join(", ", demo.Counts.Select(c => $"{c.Value} {c.Key}")));
        await db.SaveChangesAsync(ct);
        await db.RefreshStatisticsAsync(ct);
        return new DemoSummary(demo.Counts, demo.SignIns, timer.Elapsed);
    }
}
