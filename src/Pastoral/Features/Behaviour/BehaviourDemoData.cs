using Bogus;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;
using Pastoral.Features.Schools;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Demo;

namespace Pastoral.Features.Behaviour;

/// <summary>
/// Incidents for every demo school from the first day of the academic year to now, at realistic rates: about 7 negative incidents
/// per pupil per year pro rata, heavy-tailed so about 8% of pupils hold half of them (each pupil's share is a quantile of a
/// log-normal with σ = 1.4, whose top 8% hold 50%, given to pupils in a seeded random order and rounded by largest remainder),
/// and about seven positive incidents for each negative one (about six times the points). Some negative incidents have a
/// target or a witness, and their shared description names them. Written in bulk with the incidents' own ids.
/// </summary>
public sealed class BehaviourDemoData(SchoolClock clock) : IDemoData
{
    public int Order => 55;

    public const double NegativePerPupilYear = 7, PositivePerNegative = 7, SchoolDaysInYear = 190, Sigma = 1.4;

    private sealed record DemoPupil(int Id, int? YearGroupId, string Forename);
    private readonly record struct Generated(int Id, int TypeId, DateTime At, DateOnly On, int? PeriodId, int? LocationId, string? Subject,
        string? Description, int Recorder, List<(int PupilId, IncidentRole Role, int Points)> Parts);

    private static readonly string[] Subjects = ["English", "Maths", "Science", "History", "Geography", "French", "Computing", "Art", "Music", "PE", "RE", "Design and technology"];

    private static readonly BulkColumn[] IncidentColumns =
    [
        new("Id", NpgsqlDbType.Integer), new("SchoolId", NpgsqlDbType.Integer), new("TypeId", NpgsqlDbType.Integer),
        new("OccurredAt", NpgsqlDbType.TimestampTz), new("OccurredOn", NpgsqlDbType.Date), new("PeriodId", NpgsqlDbType.Integer),
        new("LocationId", NpgsqlDbType.Integer), new("Subject", NpgsqlDbType.Varchar), new("Description", NpgsqlDbType.Varchar),
        new("ParentsContacted", NpgsqlDbType.Boolean), new("RecordedById", NpgsqlDbType.Uuid), new("RecordedByName", NpgsqlDbType.Varchar),
        new("RecordedAt", NpgsqlDbType.TimestampTz), new("Version", NpgsqlDbType.Integer),
    ];
    private static readonly BulkColumn[] PartColumns =
    [
        new("IncidentId", NpgsqlDbType.Integer), new("PupilId", NpgsqlDbType.Integer), new("Role", NpgsqlDbType.Varchar), new("Points", NpgsqlDbType.Integer),
    ];
    private static readonly BulkColumn[] StaffColumns =
    [
        new("IncidentId", NpgsqlDbType.Integer), new("StaffId", NpgsqlDbType.Uuid), new("StaffName", NpgsqlDbType.Varchar),
    ];

    public async Task AddAsync(DemoContext demo, CancellationToken ct)
    {
        var db = demo.Db;
        var types = new BehaviourTypes(db);
        var nextId = (await db.Set<BehaviourIncident>().MaxAsync(i => (int?)i.Id, ct) ?? 0) + 1;
        var now = clock.UtcNow;
        int incidents = 0, parts = 0, schoolIndex = 0;
        foreach (var school in demo.Schools)
        {
            var random = new Randomizer(20261127 + schoolIndex++);
            await types.EnsureDefaultsAsync(school.Id, ct);
            var year = await db.AcademicYears.AsNoTracking().Include(y => y.Terms).Include(y => y.ClosureDays).AsSplitQuery()
                .Where(y => y.SchoolId == school.Id && y.StartsOn <= demo.Today).OrderByDescending(y => y.StartsOn).FirstOrDefaultAsync(ct);
            if (year is null) continue;
            var days = SchoolDays.Between(year, year.StartsOn, demo.Today).ToList();
            var pupils = await db.Pupils.AsNoTracking().Where(p => p.SchoolId == school.Id && p.OnRollTo == null)
                .OrderBy(p => p.Id).Select(p => new DemoPupil(p.Id, p.YearGroupId, p.PreferredForename ?? p.LegalForename)).ToListAsync(ct);
            if (days.Count == 0 || pupils.Count == 0) continue;
            var typeList = await db.Set<BehaviourType>().AsNoTracking().Where(t => t.SchoolId == school.Id && t.Active).ToListAsync(ct);
            var periods = await db.Set<SchoolPeriod>().AsNoTracking().Where(p => p.SchoolId == school.Id).OrderBy(p => p.StartsAt).ToListAsync(ct);
            var locations = await db.Set<Location>().AsNoTracking().Where(l => l.SchoolId == school.Id).Select(l => l.Id).ToListAsync(ct);
            var staffIds = db.StaffScopes.Where(s => s.SchoolId == school.Id).Select(s => s.UserId);
            var recorders = await db.Users.AsNoTracking().Where(u => staffIds.Contains(u.Id)).OrderBy(u => u.Email)
                .Select(u => new { u.Id, u.FullName }).ToListAsync(ct);
            if (recorders.Count == 0) recorders = [new { Id = Guid.Empty, FullName = "A teacher" }];

            var generated = Generate(pupils, days, typeList, periods, locations, recorders.Count, random, demo.Today, now, ref nextId);
            incidents += generated.Count;
            parts += generated.Sum(g => g.Parts.Count);
            await BulkRows.InsertAsync(db, "BehaviourIncidents", IncidentColumns, generated.Select(g => new object?[]
            {
                g.Id, school.Id, g.TypeId, g.At, g.On, g.PeriodId, g.LocationId, g.Subject, g.Description, false,
                recorders[g.Recorder].Id, recorders[g.Recorder].FullName, g.At.AddMinutes(7), 1,
            }), ct);
            await BulkRows.InsertAsync(db, "IncidentPupils", PartColumns,
                generated.SelectMany(g => g.Parts.Select(p => new object?[] { g.Id, p.PupilId, p.Role, p.Points })), ct);
            await BulkRows.InsertAsync(db, "IncidentStaff", StaffColumns,
                generated.Select(g => new object?[] { g.Id, recorders[g.Recorder].Id, recorders[g.Recorder].FullName }), ct);
            demo.Report("Behaviour", schoolIndex, demo.Schools.Count);
        }
        await BulkRows.AdvanceIdentityAsync(db, "BehaviourIncidents", ct);
        demo.Count("behaviour incidents", incidents);
        demo.Count("pupils' parts in incidents", parts);
    }

    /// <summary>Each pupil's share of the school's negative incidents: log-normal quantiles in a seeded random order, by largest remainder.</summary>
    public static int[] HeavyTailedCounts(int pupils, int total, double sigma, Randomizer random)
    {
        var weights = Enumerable.Range(0, pupils).Select(k => Math.Exp(sigma * InverseNormal((k + 0.5) / pupils))).ToArray();
        random.Shuffle(weights).ToArray().CopyTo(weights, 0);
        var sum = weights.Sum();
        var exact = weights.Select(w => total * w / sum).ToArray();
        var counts = exact.Select(e => (int)Math.Floor(e)).ToArray();
        foreach (var i in Enumerable.Range(0, pupils).OrderByDescending(i => exact[i] - counts[i]).Take(total - counts.Sum())) counts[i]++;
        return counts;
    }

    /// <summary>Acklam's rational approximation of the standard normal quantile (relative error below 1.2e-9).</summary>
    public static double InverseNormal(double p)
    {
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549671010243277e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double low = 0.02425;
        if (p < low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low) return -InverseNormal(1 - p);
        var r = p - 0.5;
        var s = r * r;
        return (((((a[0] * s + a[1]) * s + a[2]) * s + a[3]) * s + a[4]) * s + a[5]) * r / (((((b[0] * s + b[1]) * s + b[2]) * s + b[3]) * s + b[4]) * s + 1);
    }

    private static List<Generated> Generate(List<DemoPupil> pupils, List<DateOnly> days, List<BehaviourType> types, List<SchoolPeriod> periods,
        List<int> locations, int recorders, Randomizer random, DateOnly today, DateTime now, ref int nextId)
    {
        var negative = types.Where(t => t.Polarity == Polarity.Negative).OrderBy(t => t.DisplayOrder).ToList();
        var positive = types.Where(t => t.Polarity == Polarity.Positive).OrderBy(t => t.DisplayOrder).ToList();
        var list = new List<Generated>();
        if (negative.Count == 0 || positive.Count == 0) return list;
        var fraction = Math.Min(1, days.Count / SchoolDaysInYear);
        var negativeTotal = (int)Math.Round(NegativePerPupilYear * pupils.Count * fraction);
        var negativeCounts = HeavyTailedCounts(pupils.Count, negativeTotal, Sigma, random);
        var positiveCounts = HeavyTailedCounts(pupils.Count, (int)Math.Round(negativeTotal * PositivePerNegative), 0.6, random);
        // Commoner types first: low-level disruption is far likelier than a fight.
        double Weight(int index, int count) => 1.0 / (1 + index * 0.6 + (index > count * 2 / 3 ? 3 : 0));
        // Bogus wants weights that sum to 1.
        float[] Normalised(int count)
        {
            var w = Enumerable.Range(0, count).Select(k => Weight(k, count)).ToArray();
            return [.. w.Select(x => (float)(x / w.Sum()))];
        }
        var (negativeWeights, positiveWeights) = (Normalised(negative.Count), Normalised(positive.Count));
        var byYear = pupils.GroupBy(p => p.YearGroupId ?? 0).ToDictionary(g => g.Key, g => g.ToList());
        for (var i = 0; i < pupils.Count; i++)
        {
            var pupil = pupils[i];
            for (var n = 0; n < negativeCounts[i] + positiveCounts[i]; n++)
            {
                var isNegative = n < negativeCounts[i];
                var pool = isNegative ? negative : positive;
                var type = random.WeightedRandom(pool.ToArray(), isNegative ? negativeWeights : positiveWeights);
                var day = days[random.Number(0, days.Count - 1)];
                SchoolPeriod? period = periods.Count > 0 ? periods[random.Number(0, periods.Count - 1)] : null;
                var time = period is null ? new TimeOnly(9, 0).AddMinutes(random.Number(0, 380))
                    : period.StartsAt.AddMinutes(random.Number(0, Math.Max(1, (int)(period.EndsAt - period.StartsAt).TotalMinutes - 1)));
                var at = TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(time), SchoolClock.London);
                if (day == today && at > now.AddMinutes(-10)) { day = days.Count > 1 ? days[^2] : day; at = TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(time), SchoolClock.London); }
                if (at > now) continue;
                var partList = new List<(int, IncidentRole, int)> { (pupil.Id, IncidentRole.Instigator, type.Points) };
                string? description = null;
                if (isNegative && type.Category is "Unkindness" or "Bullying" or "Aggression" && byYear.TryGetValue(pupil.YearGroupId ?? 0, out var mates) && mates.Count > 2)
                {
                    var target = mates[random.Number(0, mates.Count - 1)];
                    if (target.Id != pupil.Id)
                    {
                        partList.Add((target.Id, IncidentRole.Target, 0));
                        description = $"{pupil.Forename} {(type.Category == "Aggression" ? "pushed" : "made unkind remarks to")} {target.Forename} between lessons.";
                        var witness = mates[random.Number(0, mates.Count - 1)];
                        if (random.Double() < 0.6 && witness.Id != pupil.Id && witness.Id != target.Id)
                        {
                            partList.Add((witness.Id, IncidentRole.Witness, 0));
                            description += $" {witness.Forename} saw it and told a member of staff.";
                        }
                    }
                }
                description ??= isNegative && random.Double() < 0.5 ? $"{type.Name} during the lesson; reminded of expectations first." : null;
                var inLesson = period is not null && random.Double() < 0.85;
                list.Add(new Generated(nextId++, type.Id, at, day, period?.Id, locations.Count > 0 && random.Double() < 0.6 ? locations[random.Number(0, locations.Count - 1)] : null,
                    inLesson ? Subjects[random.Number(0, Subjects.Length - 1)] : null, description, random.Number(0, recorders - 1), partList));
            }
        }
        return list;
    }
}
