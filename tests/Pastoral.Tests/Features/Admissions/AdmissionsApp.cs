using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Admissions;
using Pastoral.Features.Agencies;
using Pastoral.Security;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Admissions;

/// <summary>The app (real SMTP server in the fixture) with helpers for the admission register tests; each test takes its own pupils.</summary>
public abstract class AdmissionsApp(DatabaseProvider provider) : AppFixture(provider)
{
    /// <summary>
    /// A Year 9 pupil on roll who was never taken off roll (the demo's leavers are in Years 10 and up; a test that deletes its pupil
    /// makes the next call give another).
    /// </summary>
    public Task<int> FreshPupilAsync(Func<IQueryable<Pastoral.Features.Pupils.Pupil>, IQueryable<Pastoral.Features.Pupils.Pupil>>? where = null) => WithDbAsync(db =>
    {
        var q = db.Pupils.Where(p => p.YearGroup!.NcYear == 9 && p.OnRollTo == null && !db.Set<RollDeletion>().Any(d => d.PupilId == p.Id));
        return (where?.Invoke(q) ?? q).OrderByDescending(p => p.Id).Select(p => p.Id).FirstAsync();
    });

    public Task<WriteOutcome> DeleteAsync(string local, int pupil, DeletionInput input) => WithServicesAsync(async sp =>
        await sp.GetRequiredService<AdmissionRegister>().DeleteFromRollAsync(await StaffAsync(local), pupil, input, default));

    public static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    public DateOnly Today => DateOnly.FromDateTime(Pastoral.Infrastructure.SchoolClock.ToLocal(Clock.GetUtcNow().UtcDateTime));
}

public sealed class SqliteAdmissionsApp() : AdmissionsApp(DatabaseProvider.Sqlite);
public sealed class PostgresAdmissionsApp() : AdmissionsApp(DatabaseProvider.Postgres);
