using System.Net;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Safeguarding.Adults;
using Pastoral.Features.Safeguarding.Governors;
using Pastoral.Infrastructure.Demo;
using Pastoral.Security;
using Pastoral.Security.Audit;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Safeguarding;

/// <summary>
/// Concerns about adults (issue 10 item 9) and the governors' counts (item 10): the log is read by the school's headteacher and DSL only
/// (not deputies, heads of year, teachers or the person who recorded it); one about the headteacher only by the chair of governors it is
/// shared with; notices carry no text or name; bad input saves nothing; the governors' counts hide 1–4 and cannot be worked back.
/// </summary>
public abstract class AdultConcernsTests(AdultConcernsApp app)
{
    private const string Marker = "QZV-ADULT";

    private static AdultConcernInput Input(string name, string kind = "LowLevel", string[]? grounds = null, string? linked = null, bool aboutHead = false) =>
        new(null, name, "Sports coach", "Volunteer", linked, aboutHead, null, kind, grounds, $"{Marker} what was reported", null, "2026-11-20", $"{Marker} children", null);

    private Task<AdultRaiseResult> RaiseAsync(string who, AdultConcernInput input) => app.WithServicesAsync(async sp =>
        await sp.GetRequiredService<AdultConcernRaising>().RaiseAsync(await app.StaffAsync(who), input, CancellationToken.None));

    private Task<AdultConcernView?> OpenAsync(string who, int id) => app.WithServicesAsync(async sp =>
        await sp.GetRequiredService<AdultConcernReads>().OpenAsync(await app.StaffAsync(who), id, "test", CancellationToken.None));

    private Task<Guid> UserIdAsync(string local) => app.WithDbAsync(db => db.Users.Where(u => u.Email == $"{local}@{AppFixture.Domain}").Select(u => u.Id).SingleAsync());

    [Fact]
    public async Task The_log_is_read_by_the_headteacher_and_the_dsl_only_and_the_person_who_recorded_it_gets_a_receipt()
    {
        var name = $"{Marker} Robin Coach";
        var result = await RaiseAsync("teacher", Input(name));
        var receipt = Assert.IsType<AdultConcernReceipt>(result.Receipt);
        Assert.Equal("Taylor Teacher", receipt.ReceivedBy);
        var saved = await app.WithDbAsync(db => db.Set<AdultConcern>().AsNoTracking().SingleAsync(c => c.Id == receipt.Id));
        Assert.False(saved.AboutHeadteacher);
        Assert.Equal(1, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.Created && a.EntityType == nameof(AdultConcern) && a.EntityId == receipt.Id.ToString())));

        foreach (var reader in new[] { "headteacher", "dsl" })
            Assert.Equal(name, (await OpenAsync(reader, receipt.Id))?.AdultName);
        foreach (var other in new[] { "teacher", "deputy.dsl", "hoy7", "head", "governor", "admin" })
            Assert.Null(await OpenAsync(other, receipt.Id));
        var reads = await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.ViewedRestricted && a.EntityType == AdultConcern.RecordType && a.EntityId == receipt.Id.ToString()));
        Assert.Equal(2, reads);

        // Pages: the raiser gets 404 on the record and nothing in the log; the DSL reads it.
        var teacher = await app.SignedInAsync("teacher");
        Assert.Equal(HttpStatusCode.NotFound, (await teacher.GetAsync($"/safeguarding/adults/{receipt.Id}")).StatusCode);
        Assert.DoesNotContain(Marker, await (await teacher.GetAsync("/safeguarding/adults")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var deputy = await app.SignedInAsync("deputy.dsl");
        Assert.Equal(HttpStatusCode.NotFound, (await deputy.GetAsync($"/safeguarding/adults/{receipt.Id}")).StatusCode);
        var dsl = await app.SignedInAsync("dsl");
        var page = await dsl.GetStringAsync($"/safeguarding/adults/{receipt.Id}");
        Assert.Contains($"{Marker} what was reported", page, StringComparison.Ordinal);
        Assert.Contains(name, await dsl.GetStringAsync("/safeguarding/adults"), StringComparison.Ordinal);

        // Notices: the headteacher and DSL, with no name and no text; no one else.
        foreach (var told in new[] { "headteacher", "dsl" })
        {
            var mail = (await app.Mail.ToAsync($"{told}@{AppFixture.Domain}")).Where(m => (m.TextBody ?? "").Contains($"/safeguarding/adults/{receipt.Id}", StringComparison.Ordinal)).ToList();
            var one = Assert.Single(mail);
            Assert.Contains(AdultConcernRaising.AlertTitle, one.Subject, StringComparison.Ordinal);
            Assert.DoesNotContain(Marker, one.Subject + one.TextBody + one.HtmlBody, StringComparison.Ordinal);
        }
        foreach (var not in new[] { "deputy.dsl", "teacher", "governor" })
            Assert.DoesNotContain(await app.Mail.ToAsync($"{not}@{AppFixture.Domain}"), m => (m.TextBody ?? "").Contains($"/safeguarding/adults/{receipt.Id}", StringComparison.Ordinal));
        Assert.DoesNotContain(await app.WithDbAsync(db => db.Set<Pastoral.Infrastructure.Notifications.StaffNotification>().AsNoTracking().Select(n => n.Title).ToListAsync()),
            t => t.Contains(Marker, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_allegation_about_the_headteacher_is_read_by_the_chair_of_governors_and_not_by_the_headteacher()
    {
        var head = await UserIdAsync("headteacher");
        var result = await RaiseAsync("teacher", Input($"{Marker} Hollis", "Allegation", ["HarmedChild"], linked: head.ToString()));
        var id = Assert.IsType<AdultConcernReceipt>(result.Receipt).Id;
        Assert.True(await app.WithDbAsync(db => db.Set<AdultConcern>().Where(c => c.Id == id).Select(c => c.AboutHeadteacher).SingleAsync()));
        Assert.Null(await OpenAsync("headteacher", id));
        Assert.Null(await OpenAsync("dsl", id));
        Assert.NotNull(await OpenAsync("governor", id));
        var headWeb = await app.SignedInAsync("headteacher");
        Assert.Equal(HttpStatusCode.NotFound, (await headWeb.GetAsync($"/safeguarding/adults/{id}")).StatusCode);
        Assert.DoesNotContain($"href=\"/safeguarding/adults/{id}\"", await headWeb.GetStringAsync("/safeguarding/adults"), StringComparison.Ordinal);
        Assert.DoesNotContain(await app.Mail.ToAsync($"headteacher@{AppFixture.Domain}"), m => (m.TextBody ?? "").Contains($"/safeguarding/adults/{id}", StringComparison.Ordinal));
        Assert.DoesNotContain(await app.Mail.ToAsync($"dsl@{AppFixture.Domain}"), m => (m.TextBody ?? "").Contains($"/safeguarding/adults/{id}", StringComparison.Ordinal));
        var toChair = Assert.Single(await app.Mail.ToAsync($"governor@{AppFixture.Domain}"), m => (m.TextBody ?? "").Contains($"/safeguarding/adults/{id}", StringComparison.Ordinal));
        Assert.DoesNotContain(Marker, toChair.Subject + toChair.TextBody, StringComparison.Ordinal);

        // The governor opens the record, and sees no pupil anywhere.
        var governor = await app.SignedInAsync("governor");
        Assert.Contains($"{Marker} what was reported", await governor.GetStringAsync($"/safeguarding/adults/{id}"), StringComparison.Ordinal);
        var pupil = await app.PupilIdAsync();
        Assert.False((await governor.GetAsync($"/pupils/{pupil}")).IsSuccessStatusCode);
        Assert.False((await governor.GetAsync("/pupils")).IsSuccessStatusCode);
    }

    [Fact]
    public async Task Bad_input_is_told_field_by_field_and_nothing_is_saved()
    {
        var before = await app.WithDbAsync(db => db.Set<AdultConcern>().CountAsync());
        var empty = await RaiseAsync("teacher", new AdultConcernInput(null, " ", null, null, null, false, null, null, null, null, null, null, null, null));
        Assert.Null(empty.Receipt);
        Assert.All(new[] { "adultName", "relationship", "kind", "reported" }, key => Assert.Contains(key, empty.Problems.Keys));
        Assert.Equal("Enter the adult's name", empty.Problems["adultName"][0]);
        var noGround = await RaiseAsync("teacher", Input("Sam Smith", "Allegation"));
        Assert.StartsWith("An allegation meets the harm threshold", noGround.Problems["grounds"][0], StringComparison.Ordinal);
        Assert.Equal(before, await app.WithDbAsync(db => db.Set<AdultConcern>().CountAsync()));

        // An outcome that does not fit the kind; a case manager from another school.
        var id = (await RaiseAsync("teacher", Input("Sam Smith"))).Receipt!.Id;
        var dsl = await app.StaffAsync("dsl");
        var blank = new AdultConcernEdit("Sports coach", null, null, null, null, null, null);
        var wrong = await app.WithServicesAsync(sp => sp.GetRequiredService<AdultConcernChanges>().UpdateAsync(dsl, id, blank, blank with { Outcome = "Malicious", LadoReference = "L-1" }, CancellationToken.None));
        Assert.Equal(ChangeOutcome.Invalid, wrong.Outcome);
        Assert.Contains("low-level concern's outcome", wrong.Problems!["outcome"][0], StringComparison.Ordinal);
        Assert.Null(await app.WithDbAsync(db => db.Set<AdultConcern>().Where(c => c.Id == id).Select(c => c.LadoReference).SingleAsync()));
        var elsewhere = await OtherSchoolStaffAsync();
        var share = await app.WithServicesAsync(async sp => await sp.GetRequiredService<RestrictedAccess>().ShareAsync(dsl,
            (await sp.GetRequiredService<AdultConcernReads>().RecordAsync(id, CancellationToken.None))!, elsewhere, app.Clock.GetUtcNow().UtcDateTime.AddDays(30), "Case manager", CancellationToken.None));
        Assert.Equal(ShareOutcome.Invalid, share.Outcome);
        Assert.Contains("does not work at", share.Message, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.RecordShares.CountAsync(s => s.RecordType == AdultConcern.RecordType && s.RecordId == id)));
    }

    [Fact]
    public async Task Two_people_editing_keep_each_others_changes_and_a_clash_shows_both_values()
    {
        var id = (await RaiseAsync("teacher", Input("Jo Bloggs", "Allegation", ["NotSuitable"]))).Receipt!.Id;
        var changes = (IServiceProvider sp) => sp.GetRequiredService<AdultConcernChanges>();
        var start = new AdultConcernEdit("Sports coach", null, null, null, null, null, null);
        var dsl = await app.StaffAsync("dsl");
        var head = await app.StaffAsync("headteacher");
        Assert.Equal(ChangeOutcome.Saved, (await app.WithServicesAsync(sp => changes(sp).UpdateAsync(dsl, id, start, start with { LadoReference = "LADO-1", LadoReferredOn = "2026-11-21" }, CancellationToken.None))).Outcome);
        // The headteacher started from the same version: a different field is saved on top, the DSL's change kept.
        Assert.Equal(ChangeOutcome.Saved, (await app.WithServicesAsync(sp => changes(sp).UpdateAsync(head, id, start, start with { Outcome = "Unfounded" }, CancellationToken.None))).Outcome);
        var clash = await app.WithServicesAsync(sp => changes(sp).UpdateAsync(head, id, start, start with { LadoReference = "LADO-2" }, CancellationToken.None));
        Assert.Equal(ChangeOutcome.Conflict, clash.Outcome);
        var c = Assert.Single(clash.Conflicts!);
        Assert.Equal(("LADO-1", "LADO-2"), (c.Theirs, c.Yours));
        var saved = await app.WithDbAsync(db => db.Set<AdultConcern>().AsNoTracking().SingleAsync(x => x.Id == id));
        Assert.Equal(("LADO-1", AdultConcernOutcome.Unfounded, new DateOnly(2026, 11, 21)), (saved.LadoReference, saved.Outcome, saved.LadoReferredOn!.Value));
        Assert.Equal(new DateOnly(2036, 11, 20), saved.KeepUntil); // 10 years from the allegation (no date of birth)
    }

    [Fact]
    public async Task Governor_counts_show_fewer_than_5_for_small_numbers_round_every_total_and_are_audited_once()
    {
        var governor = await app.StaffAsync("governor");
        var before = await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == GovernorCounts.ViewedAction));
        var view = (await app.WithServicesAsync(sp => sp.GetRequiredService<GovernorCounts>().ForAsync(governor, null, CancellationToken.None)))!;
        Assert.Equal(before + 1, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == GovernorCounts.ViewedAction)));
        var cells = view.Concerns.Rows.SelectMany(r => r.Cells).ToList();
        Assert.Contains(SmallNumbers.Suppressed, cells);
        Assert.Contains(cells, c => int.TryParse(c, out var n) && n >= 5);
        foreach (var table in new[] { view.Concerns, view.Adults })
        {
            // A cell is suppressed or a multiple of 5 too, so it never reads as more exact than the total beside it.
            Assert.All(table.Rows.SelectMany(r => r.Cells), c => Assert.True(c == SmallNumbers.Suppressed || (int.TryParse(c, out var n) && n % 5 == 0), c));
            // Every total (row, column, whole) is suppressed or a multiple of 5: a suppressed cell is never a total minus shown cells.
            Assert.All(table.Rows.Select(r => r.Total).Concat(table.Totals!.Cells).Append(table.Totals.Total),
                t => Assert.True(t == SmallNumbers.Suppressed || (int.TryParse(t, out var n) && n % 5 == 0), t));
        }
        var page = await (await app.SignedInAsync("governor")).GetStringAsync("/safeguarding/governors");
        Assert.Contains("fewer than 5", page, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/pupils", page, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/safeguarding/adults", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoking_the_case_manager_ends_their_access_on_their_next_request_and_is_audited()
    {
        var id = (await RaiseAsync("teacher", Input("Cam Revoke", "Allegation", ["NotSuitable"]))).Receipt!.Id;
        var hoy = await UserIdAsync("hoy8");
        var record = (await app.WithServicesAsync(sp => sp.GetRequiredService<AdultConcernReads>().RecordAsync(id, CancellationToken.None)))!;
        var shared = await app.WithServicesAsync(async sp => await sp.GetRequiredService<RestrictedAccess>().ShareAsync(await app.StaffAsync("dsl"), record, hoy,
            AppFixture.Start.UtcDateTime.AddMonths(6), "Case manager", CancellationToken.None));
        Assert.Equal(ShareOutcome.Shared, shared.Outcome);
        var manager = await app.SignedInAsync("hoy8");
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync($"/safeguarding/adults/{id}")).StatusCode);

        var dsl = await app.SignedInAsync("dsl");
        var page = await dsl.GetStringAsync($"/safeguarding/adults/{id}");
        Assert.Contains("Who can open this record", page, StringComparison.Ordinal);
        var token = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);
        // The case manager cannot remove themselves or anyone: only who may name one may end it.
        var own = await manager.GetStringAsync($"/safeguarding/adults/{id}");
        Assert.DoesNotContain("as case manager</button>", own, StringComparison.Ordinal);
        var revoked = await dsl.PostAsync($"/safeguarding/adults/{id}?handler=RevokeManager&shareId={shared.ShareId}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/safeguarding/adults/{id}")).StatusCode);
        Assert.Null(await OpenAsync("hoy8", id));
        Assert.Equal(1, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.ShareRevoked && a.EntityType == AdultConcern.RecordType && a.EntityId == id.ToString())));
        Assert.DoesNotContain("as case manager</button>", await dsl.GetStringAsync($"/safeguarding/adults/{id}"), StringComparison.Ordinal);
    }

    private async Task<Guid> OtherSchoolStaffAsync() => await app.WithServicesAsync(async sp =>
    {
        const string local = "teacher.school-b";
        var db = sp.GetRequiredService<PastoralDbContext>();
        if (await db.Users.Where(u => u.Email == $"{local}@{AppFixture.Domain}").Select(u => (Guid?)u.Id).FirstOrDefaultAsync() is { } id) return id;
        var schoolB = await db.Schools.OrderBy(s => s.Id).Skip(1).Select(s => s.Id).FirstAsync();
        return (await sp.GetRequiredService<StaffAccounts>().CreateAsync(new NewStaff($"{local}@{AppFixture.Domain}", "Bo School-B", [Roles.Teacher], ScopeKind.Schools, [schoolB], IsDemo: true))).User.Id;
    });
}

public abstract class AdultConcernsApp(DatabaseProvider provider) : AppFixture(provider)
{
    protected override DemoSize Size => new(2, 60);
}

public sealed class AdultConcernsSqliteApp() : AdultConcernsApp(DatabaseProvider.Sqlite);
public sealed class AdultConcernsPostgresApp() : AdultConcernsApp(DatabaseProvider.Postgres);
public sealed class AdultConcernsTests_Sqlite(AdultConcernsSqliteApp app) : AdultConcernsTests(app), IClassFixture<AdultConcernsSqliteApp>;
public sealed class AdultConcernsTests_Postgres(AdultConcernsPostgresApp app) : AdultConcernsTests(app), IClassFixture<AdultConcernsPostgresApp>;
