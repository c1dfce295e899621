using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pastoral.Data;
using Pastoral.Features.Admin.Responsibilities;
using Pastoral.Features.Admin.SchoolSetUp;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Demo;
using Pastoral.Security;
using Pastoral.Security.Audit;
using Pastoral.Tests.Infrastructure;
using static Pastoral.Tests.Features.Admin.AdminTestAccounts;

namespace Pastoral.Tests.Features.Admin;

/// <summary>The year-end rollover: the preview is what apply does, apply is all or nothing, and a year is rolled into once.</summary>
public abstract partial class RolloverTests(RolloverApp app)
{
    private sealed record PupilState(int Id, int? YearGroupId, int? FormId, DateOnly? OnRollTo);

    /// <summary>A class with two of the school's pupils on roll, as a timetable import would leave it.</summary>
    private Task SeedClassAsync(int school, string code) => app.WithDbAsync(async db =>
    {
        var pupils = await db.Pupils.Where(p => p.SchoolId == school && p.OnRollTo == null).OrderBy(p => p.Id).Select(p => p.Id).Take(2).ToListAsync();
        var teacher = await db.Users.OrderBy(u => u.Email).Select(u => u.Id).FirstAsync();
        db.Add(new TeachingGroup { SchoolId = school, Code = code, Subject = "Mathematics", TeacherId = teacher, Pupils = [.. pupils.Select(p => new TeachingGroupPupil { PupilId = p })] });
        await db.SaveChangesAsync();
    });

    private Task<(int Classes, int Places)> ClassesAsync(int school) => app.WithDbAsync(async db =>
        (await db.Set<TeachingGroup>().CountAsync(g => g.SchoolId == school),
         await db.Set<TeachingGroupPupil>().CountAsync(p => db.Set<TeachingGroup>().Any(g => g.Id == p.TeachingGroupId && g.SchoolId == school))));

    private Task<List<PupilState>> PupilsAsync(int school) => app.WithDbAsync(db => db.Pupils.AsNoTracking().Where(p => p.SchoolId == school)
        .OrderBy(p => p.Id).Select(p => new PupilState(p.Id, p.YearGroupId, p.FormId, p.OnRollTo)).ToListAsync());

    [Fact]
    public async Task Preview_lists_what_apply_then_does_and_a_second_rollover_is_refused()
    {
        var a = (await SchoolIdsAsync(app))[0];
        await SeedClassAsync(a, "11T/Hi1");
        var classes = await ClassesAsync(a);
        var admin = app.Client(await app.TokenForAsync("admin"));
        var from = await app.WithDbAsync(db => db.AcademicYears.AsNoTracking().Include(y => y.Terms).SingleAsync(y => y.SchoolId == a));
        var years = await app.WithDbAsync(db => db.YearGroups.AsNoTracking().Include(y => y.Forms).Where(y => y.SchoolId == a).ToListAsync());
        var before = await PupilsAsync(a);
        var onRoll = before.Where(p => p.OnRollTo == null).ToList();
        var openCaseloads = await app.WithDbAsync(db => db.Caseloads.AsNoTracking().Where(c => c.To == null).Select(c => new { c.Id, c.PupilId }).ToListAsync());
        // Map every Year 7 form to the first Year 8 form, to see the map chosen is the map applied.
        var y7 = years.Single(y => y.NcYear == 7);
        var y8 = years.Single(y => y.NcYear == 8);
        var firstY8 = y8.Forms.OrderBy(f => f.Name).First();
        var form = await OpenFormAsync(admin, $"/admin/school/{a}/rollover");
        foreach (var f in y7.Forms) form[$"Input.Forms[{f.Id}]"] = firstY8.Id.ToString();
        var leaving = from.EndsOn.ToString("yyyy-MM-dd");
        Assert.Equal(leaving, form["Input.LeavingDate"]);

        var previewed = await admin.PostAsync($"/admin/school/{a}/rollover?handler=Preview", new FormUrlEncodedContent(form));
        var html = WebUtility.HtmlDecode(await previewed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, previewed.StatusCode);
        int Count(int nc) => onRoll.Count(p => p.YearGroupId == years.Single(y => y.NcYear == nc).Id);
        Assert.Contains($"Year 7 to Year 8: {Count(7)} pupil", html, StringComparison.Ordinal);
        Assert.Contains($"Year 10 to Year 11: {Count(10)} pupil", html, StringComparison.Ordinal);
        Assert.Contains($"Leaving on {from.EndsOn:ddd d MMM yyyy}: {Count(11)} pupil", html, StringComparison.Ordinal);
        Assert.Contains($"Carried on: ", html, StringComparison.Ordinal);
        Assert.Contains($"Kept: {Counted.Of(classes.Classes, "class", "classes")} with {Counted.Of(classes.Places, "pupil place")}", html, StringComparison.Ordinal);
        Assert.Contains($"{from.StartYear + 1}/{(from.StartYear + 2) % 100:00}", html, StringComparison.Ordinal);
        var previewForm = FormFields(html);
        var applied = await admin.PostAsync($"/admin/school/{a}/rollover?handler=Apply", new FormUrlEncodedContent(previewForm));
        Assert.Equal(HttpStatusCode.Redirect, applied.StatusCode);

        var after = (await PupilsAsync(a)).ToDictionary(p => p.Id);
        var defaults = FormMap.Defaults(years);
        foreach (var f in years.Where(y => y.NcYear is > 7 and < 11).SelectMany(y => y.Forms)) // "8A" goes to "9A"
            Assert.Equal($"{int.Parse(f.Name[..^1]) + 1}{f.Name[^1]}", years.SelectMany(y => y.Forms).Single(x => x.Id == defaults[f.Id]).Name);
        foreach (var p in onRoll)
        {
            var year = years.Single(y => y.Id == p.YearGroupId);
            var now = after[p.Id];
            if (year.NcYear == 11) { Assert.Equal(from.EndsOn, now.OnRollTo); Assert.Equal(p.YearGroupId, now.YearGroupId); continue; }
            Assert.Null(now.OnRollTo);
            Assert.Equal(years.Single(y => y.NcYear == year.NcYear + 1).Id, now.YearGroupId);
            if (year.NcYear == 7) Assert.Equal(firstY8.Id, now.FormId);
            else Assert.Equal(p.FormId is { } f ? defaults[f] : null, now.FormId);
        }
        var leavers = onRoll.Where(p => p.YearGroupId == years.Single(y => y.NcYear == 11).Id).Select(p => p.Id).ToHashSet();
        var caseloads = await app.WithDbAsync(db => db.Caseloads.AsNoTracking().ToListAsync());
        foreach (var c in openCaseloads)
            Assert.Equal(leavers.Contains(c.PupilId) ? from.EndsOn : null, caseloads.Single(x => x.Id == c.Id).To);
        Assert.Equal(classes, await ClassesAsync(a));
        var next = await app.WithDbAsync(db => db.AcademicYears.AsNoTracking().Include(y => y.Terms).SingleAsync(y => y.SchoolId == a && y.StartYear == from.StartYear + 1));
        Assert.Equal(from.StartsOn.DayOfWeek, next.StartsOn.DayOfWeek);
        Assert.Equal(3, next.Terms.Count);
        var audit = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.SchoolId == a && e.Action == YearEndRollover.Action).ToListAsync());
        Assert.Single(audit);
        Assert.Contains($"{onRoll.Count - leavers.Count} pupils moved up", audit[0].Detail, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.SchoolId == a && e.EntityType == "Pupil" && e.At == audit[0].At)));

        // Again, into the year that now exists: refused with a message, nothing changed.
        var again = await admin.PostAsync($"/admin/school/{a}/rollover?handler=Apply", new FormUrlEncodedContent(await OpenFormAsync(admin, $"/admin/school/{a}/rollover")
            ));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains($"{from.StartYear + 1}/{(from.StartYear + 2) % 100:00} already exists", WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var refused = await app.WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<PastoralDbContext>();
            var school = await db.Schools.SingleAsync(s => s.Id == a);
            var service = sp.GetRequiredService<YearEndRollover>();
            return await Assert.ThrowsAsync<RolloverRefusedException>(() => service.ApplyAsync(school, new RolloverChoices(from.EndsOn, new Dictionary<int, int?>(), true), default));
        });
        Assert.Contains("already exists", refused.Message, StringComparison.Ordinal);
        Assert.Single(await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.SchoolId == a && e.Action == YearEndRollover.Action).ToListAsync()));
    }

    [Fact]
    public async Task A_failing_step_leaves_everything_as_it_was()
    {
        var b = (await SchoolIdsAsync(app))[1];
        await SeedClassAsync(b, "11T/Hi2");
        var classes = await ClassesAsync(b);
        var before = await PupilsAsync(b);
        var years = await app.WithDbAsync(db => db.AcademicYears.CountAsync(y => y.SchoolId == b));
        var version = await app.WithDbAsync(db => db.Schools.Where(s => s.Id == b).Select(s => s.Version).SingleAsync());
        FailingStep.FailFor = b;
        try
        {
            var admin = app.Client(await app.TokenForAsync("admin"));
            var form = await OpenFormAsync(admin, $"/admin/school/{b}/rollover");
            form["Input.Caseloads"] = "clear";
            form["Input.TeachingGroups"] = "clear";
            var response = await admin.PostAsync($"/admin/school/{b}/rollover?handler=Apply", new FormUrlEncodedContent(form));
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Contains("nothing has changed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally { FailingStep.FailFor = 0; }
        Assert.Equal(before, await PupilsAsync(b));
        Assert.Equal(classes, await ClassesAsync(b));
        Assert.Equal(years, await app.WithDbAsync(db => db.AcademicYears.CountAsync(y => y.SchoolId == b)));
        Assert.Equal(version, await app.WithDbAsync(db => db.Schools.Where(s => s.Id == b).Select(s => s.Version).SingleAsync()));
        Assert.Equal(0, await app.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.SchoolId == b && e.Action == YearEndRollover.Action)));
    }
}

public abstract partial class RolloverTests
{
    [Fact]
    public async Task Clearing_ends_every_caseload_on_the_last_day_of_the_old_year_and_removes_the_schools_classes()
    {
        var ids = await SchoolIdsAsync(app);
        var (c, other) = (ids[2], ids[1]);
        await SeedClassAsync(c, "11T/Hi3");
        await SeedClassAsync(other, "11T/Hi4");
        var otherClasses = await ClassesAsync(other);
        var classes = await ClassesAsync(c);
        var from = await app.WithDbAsync(db => db.AcademicYears.AsNoTracking().SingleAsync(y => y.SchoolId == c));
        var top = await app.WithDbAsync(db => db.YearGroups.Where(y => y.SchoolId == c).MaxAsync(y => y.NcYear));
        var (stayer, leaver) = await app.WithDbAsync(async db =>
        {
            var staff = await db.Users.OrderBy(u => u.Email).Select(u => u.Id).FirstAsync();
            var onRoll = db.Pupils.Where(p => p.SchoolId == c && p.OnRollTo == null);
            var s = new CaseloadAssignment { StaffId = staff, PupilId = await onRoll.Where(p => p.YearGroup!.NcYear < top).Select(p => p.Id).FirstAsync(), From = from.StartsOn };
            var l = new CaseloadAssignment { StaffId = staff, PupilId = await onRoll.Where(p => p.YearGroup!.NcYear == top).Select(p => p.Id).FirstAsync(), From = from.StartsOn };
            db.AddRange(s, l);
            await db.SaveChangesAsync();
            return (s.Id, l.Id);
        });
        var open = await app.WithDbAsync(db => db.Caseloads.CountAsync(a => a.To == null && db.Pupils.Any(p => p.Id == a.PupilId && p.SchoolId == c)));

        var admin = app.Client(await app.TokenForAsync("admin"));
        var form = await OpenFormAsync(admin, $"/admin/school/{c}/rollover");
        form["Input.Caseloads"] = "clear";
        form["Input.TeachingGroups"] = "clear";
        var leaving = from.EndsOn.AddDays(-3);
        form["Input.LeavingDate"] = $"{leaving:yyyy-MM-dd}";
        var previewed = await admin.PostAsync($"/admin/school/{c}/rollover?handler=Preview", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.OK, previewed.StatusCode);
        var html = WebUtility.HtmlDecode(await previewed.Content.ReadAsStringAsync());
        var leavers = await app.WithDbAsync(db => db.Caseloads.CountAsync(a => a.To == null && db.Pupils.Any(p => p.Id == a.PupilId && p.SchoolId == c && p.YearGroup!.NcYear == top)));
        Assert.Contains($"Cleared: {Counted.Of(open - leavers, "caseload place")} end on {CalendarRules.Words(from.EndsOn)}", html, StringComparison.Ordinal);
        Assert.Contains($"Ending on {CalendarRules.Words(leaving)}: {Counted.Of(leavers, "caseload place")} (leavers)", html, StringComparison.Ordinal);
        Assert.Contains($"Cleared: {Counted.Of(classes.Classes, "class", "classes")} with {Counted.Of(classes.Places, "pupil place")} removed", html, StringComparison.Ordinal);
        Assert.Equal(classes, await ClassesAsync(c)); // a preview changes nothing

        var applied = await admin.PostAsync($"/admin/school/{c}/rollover?handler=Apply", new FormUrlEncodedContent(FormFields(html)));
        Assert.Equal(HttpStatusCode.Redirect, applied.StatusCode);
        Assert.Equal((0, 0), await ClassesAsync(c));
        Assert.Equal(otherClasses, await ClassesAsync(other));
        var places = await app.WithDbAsync(db => db.Caseloads.AsNoTracking().Where(a => a.Id == stayer || a.Id == leaver).ToDictionaryAsync(a => a.Id, a => a.To));
        Assert.Equal(from.EndsOn, places[stayer]);
        Assert.Equal(leaving, places[leaver]);
        Assert.Equal(0, await app.WithDbAsync(db => db.Caseloads.CountAsync(a => a.To == null && db.Pupils.Any(p => p.Id == a.PupilId && p.SchoolId == c))));
        var audit = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(e => e.SchoolId == c && e.Action == YearEndRollover.Action));
        Assert.Contains("caseloads cleared", audit.Detail, StringComparison.Ordinal);
        Assert.Contains($"teaching groups cleared: {Counted.Of(classes.Classes, "class", "classes")}", audit.Detail, StringComparison.Ordinal);
    }
}

/// <summary>A step that throws after the others have changed their entities, for the school the test names.</summary>
public sealed class FailingStep : IRolloverStep
{
    private static int _failFor;
    public static int FailFor { get => Volatile.Read(ref _failFor); set => Volatile.Write(ref _failFor, value); }
    public int Order => 100;
    public Task<RolloverStepPreview> PreviewAsync(RolloverContext c, CancellationToken ct) => Task.FromResult(new RolloverStepPreview("Test step", [], []));
    public Task<string> ApplyAsync(RolloverContext c, CancellationToken ct) =>
        c.School.Id == FailFor ? throw new InvalidOperationException("The test step fails on purpose.") : Task.FromResult("");
}

public abstract class RolloverApp(DatabaseProvider provider) : AppFixture(provider)
{
    protected override DemoSize Size => new(3, 100);
    protected override void ConfigureServices(IServiceCollection services) => services.AddScoped<IRolloverStep, FailingStep>();
}

public sealed class RolloverSqliteApp() : RolloverApp(DatabaseProvider.Sqlite);
public sealed class RolloverPostgresApp() : RolloverApp(DatabaseProvider.Postgres);
public sealed class RolloverTests_Sqlite(RolloverSqliteApp app) : RolloverTests(app), IClassFixture<RolloverSqliteApp>;
public sealed class RolloverTests_Postgres(RolloverPostgresApp app) : RolloverTests(app), IClassFixture<RolloverPostgresApp>;
