using System.Net;
using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Behaviour.Detentions;
using Pastoral.Security.Audit;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Behaviour;

/// <summary>Issue 9: the detention types admin (<c>/admin/behaviour/detentions</c>), on the same app as the incident edit tests.</summary>
public abstract partial class IncidentEditTests
{
    private const string TypesPath = "/admin/behaviour/detentions";

    private static Dictionary<string, string> TypeForm(DetentionType? t, Action<Dictionary<string, string?>> change)
    {
        var values = t is null
            ? TypesFormDefaults()
            : Pastoral.Features.Behaviour.Detentions.Pages.TypesModel.Values(t);
        var form = new Dictionary<string, string> { ["Do"] = "save", ["Input.Version"] = (t?.Version ?? 0).ToString() };
        foreach (var (k, v) in values) form[$"Input.Started[{k}]"] = v ?? "";
        change(values);
        foreach (var (k, v) in values)
        {
            if (k == "days") continue;
            if (k is "outsideSchoolHours" or "parentsTold" or "active" && v != "true") continue;
            form[$"Input.Values[{k}]"] = v ?? "";
        }
        var days = int.Parse(values["days"] ?? "0");
        var i = 0;
        foreach (var bit in new[] { 1, 2, 4, 8, 16 }.Where(b => (days & b) != 0)) form[$"Input.Days[{i++}]"] = bit.ToString();
        return form;
    }

    private static Dictionary<string, string?> TypesFormDefaults() => Pastoral.Features.Behaviour.Detentions.Pages.TypesModel.Values(
        new DetentionType { Name = "", Minutes = 30, StartsAt = new TimeOnly(15, 20), Capacity = 20 });

    private Task<DetentionType> DetentionTypeAsync(string name) => app.WithDbAsync(db => db.Set<DetentionType>().AsNoTracking().SingleAsync(t => t.Name == name));

    [Fact]
    public async Task A_detention_type_is_added_with_its_checks_in_staff_words_and_nothing_saved_on_a_problem()
    {
        var head = await app.SignedInAsync("head");
        var page = await head.GetStringAsync(TypesPath);
        Assert.Contains("After-school detention", page);
        Assert.Contains("Senior leadership detention", page);
        var before = await app.WithDbAsync(db => db.Set<DetentionType>().CountAsync());
        var bad = await WebSignIn.PostFormAsync(head, TypesPath, TypeForm(null, v => { v["name"] = "Lunch detention"; v["days"] = "0"; v["minutes"] = "ten"; v["startsAt"] = "25:00"; }));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var html = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync());
        Assert.Contains("There is already a detention type called Lunch detention", html);
        Assert.Contains("Choose at least one day it sits", html);
        Assert.Contains("Enter a length between 5 and 240 minutes", html);
        Assert.Contains("Enter the start time as a 24-hour time, for example 15:20", html);
        Assert.Contains("value=\"ten\"", html);
        Assert.Equal(before, await app.WithDbAsync(db => db.Set<DetentionType>().CountAsync()));

        var senior = await DetentionTypeAsync("Senior leadership detention");
        var good = await WebSignIn.PostFormAsync(head, TypesPath, TypeForm(null, v =>
        {
            v["name"] = "Homework club detention"; v["kind"] = "AfterSchool"; v["days"] = "20"; v["startsAt"] = "15:30"; v["minutes"] = "45";
            v["room"] = "Library"; v["capacity"] = "12"; v["outsideSchoolHours"] = "true"; v["noticeHours"] = "24"; v["escalatesTo"] = senior.Id.ToString();
            v["parentsTold"] = "true";
        }));
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        var added = await DetentionTypeAsync("Homework club detention");
        Assert.Equal((DetentionKind.AfterSchool, 20, new TimeOnly(15, 30), 45, "Library", 12, true, 24, senior.Id, true, true),
            (added.Kind, added.Days, added.StartsAt, added.Minutes, added.Room, added.Capacity, added.OutsideSchoolHours, added.NoticeHours, added.EscalatesToId, added.ParentsTold, added.Active));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.EntityType == nameof(DetentionType) && e.EntityId == added.Id.ToString() && e.Action == AuditActions.Created)));
        Assert.Contains("Wed, Fri", await head.GetStringAsync(TypesPath));

        // Deactivated, never deleted; a teacher may not open the page.
        var off = await WebSignIn.PostFormAsync(head, $"{TypesPath}/{added.Id}", new() { ["Do"] = "deactivate" });
        Assert.Equal(HttpStatusCode.Redirect, off.StatusCode);
        Assert.False((await DetentionTypeAsync("Homework club detention")).Active);
        Assert.NotEqual(HttpStatusCode.OK, (await (await app.SignedInAsync("teacher")).GetAsync(TypesPath)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await head.GetAsync($"{TypesPath}/999999")).StatusCode);
    }

    [Fact]
    public async Task A_stale_change_to_a_detention_type_shows_both_values_and_keeps_the_other_persons_change()
    {
        var head = await app.SignedInAsync("head");
        var lunch = await DetentionTypeAsync("Lunch detention");
        var mine = TypeForm(lunch, v => { v["room"] = "Room H9"; v["capacity"] = "18"; });
        var theirs = TypeForm(lunch, v => { v["room"] = "Room H4"; v["minutes"] = "25"; });
        Assert.Equal(HttpStatusCode.Redirect, (await WebSignIn.PostFormAsync(head, $"{TypesPath}/{lunch.Id}", theirs)).StatusCode);
        var conflict = await WebSignIn.PostFormAsync(head, $"{TypesPath}/{lunch.Id}", mine);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        var html = WebUtility.HtmlDecode(await conflict.Content.ReadAsStringAsync());
        Assert.Contains("Someone else saved a change to this type while you were editing", html);
        Assert.Contains("Keep theirs: Room H4", html);
        Assert.Contains("Use yours: Room H9", html);
        var saved = await DetentionTypeAsync("Lunch detention");
        Assert.Equal(("Room H4", 25, 20), (saved.Room, saved.Minutes, saved.Capacity));

        var rebased = TypeForm(saved, v => { v["room"] = "Room H9"; v["capacity"] = "18"; });
        rebased["Input.Clashes"] = "room";
        rebased["Input.Keep[room]"] = "theirs";
        Assert.Equal(HttpStatusCode.Redirect, (await WebSignIn.PostFormAsync(head, $"{TypesPath}/{saved.Id}", rebased)).StatusCode);
        saved = await DetentionTypeAsync("Lunch detention");
        Assert.Equal(("Room H4", 25, 18), (saved.Room, saved.Minutes, saved.Capacity));
    }
}
