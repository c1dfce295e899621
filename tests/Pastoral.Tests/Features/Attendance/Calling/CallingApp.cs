using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Attendance;
using Pastoral.Features.Attendance.Calling;
using Pastoral.Features.Pupils;
using Pastoral.Features.Safeguarding;
using Pastoral.Infrastructure;
using Pastoral.Tests.Features.Notifications;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Attendance.Calling;

/// <summary>The app with a real SMTP server, and helpers that give each test pupils of its own with no attendance history.</summary>
public abstract class CallingApp(DatabaseProvider provider) : MailApp(provider)
{
    public static readonly DateOnly Today = new(2026, 11, 24);
    public static readonly DateOnly YearStart = new(2026, 9, 1);

    protected override Pastoral.Infrastructure.Demo.DemoSize Size => new(1, 300);

    /// <summary>
    /// Pupils of one year group (Year 8 by default: in hoy8's scope) with at least one contact, on no caseload, on roll all year: every mark, call, take, band,
    /// CP/CIN record and expected-back date removed, and no LAC or EHCP, so the test decides everything about them.
    /// </summary>
    public Task<List<int>> FreshPupilsAsync(int skip, int count, int ncYear = 8) => WithDbAsync(async db =>
    {
        var onCaseload = db.Caseloads.Select(c => c.PupilId);
        var ids = await db.Pupils.Where(p => p.YearGroup!.NcYear == ncYear && p.OnRollTo == null && p.Contacts.Any() && !onCaseload.Contains(p.Id))
            .OrderBy(p => p.Id).Skip(skip).Take(count).Select(p => p.Id).ToListAsync();
        await ResetAsync(db, ids);
        return ids;
    });

    public static async Task ResetAsync(PastoralDbContext db, List<int> ids)
    {
        await db.Set<AttendanceMark>().Where(m => ids.Contains(m.PupilId)).ExecuteDeleteAsync();
        await db.Set<AttendanceMarkChange>().Where(m => ids.Contains(m.PupilId)).ExecuteDeleteAsync();
        // Every call and take, not only these pupils': the demo's calls for today cover whole families, and a brother or sister
        // outside these pupils would take a test pupil's family off the list.
        await db.Set<FirstDayCall>().ExecuteDeleteAsync();
        await db.Set<FirstDayCallTake>().ExecuteDeleteAsync();
        await db.Set<AbsenceBandRecord>().Where(m => ids.Contains(m.PupilId)).ExecuteDeleteAsync();
        await db.Set<IllnessExpectation>().Where(m => ids.Contains(m.PupilId)).ExecuteDeleteAsync();
        await db.Set<ChildProtectionRecord>().Where(m => ids.Contains(m.PupilId)).ExecuteDeleteAsync();
        await db.Pupils.Where(p => ids.Contains(p.Id)).ExecuteUpdateAsync(s => s.SetProperty(p => p.LookedAfter, LookedAfterStatus.None).SetProperty(p => p.SenProvision, SenProvision.N)
            .SetProperty(p => p.OnRollFrom, p => p.OnRollFrom < YearStart ? p.OnRollFrom : YearStart));
    }

    /// <summary>Marks written straight into the table (the writer is tested in the core; these tests need history fast).</summary>
    public Task AddMarksAsync(int pupilId, IEnumerable<(DateOnly Date, Session Session, string Code)> marks) => WithDbAsync(async db =>
    {
        var school = await db.Pupils.Where(p => p.Id == pupilId).Select(p => p.SchoolId).SingleAsync();
        foreach (var (date, session, code) in marks)
            db.Add(new AttendanceMark { PupilId = pupilId, SchoolId = school, Date = date, Session = session, Code = code, Source = MarkSource.Import, RecordedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
    });

    /// <summary>The school days of the pupils' school, oldest first.</summary>
    public Task<List<DateOnly>> SchoolDaysAsync(DateOnly from, DateOnly to) => WithServicesAsync(async sp =>
    {
        var db = sp.GetRequiredService<PastoralDbContext>();
        var school = await db.Schools.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
        return (await sp.GetRequiredService<AttendanceDays>().SchoolDaysAsync([school], from, to, default))[school].ToList();
    });
}

public sealed class SqliteCallingApp() : CallingApp(DatabaseProvider.Sqlite);
public sealed class PostgresCallingApp() : CallingApp(DatabaseProvider.Postgres);
