using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Behaviour;
using Pastoral.Features.Schools;

namespace Pastoral.Tests.Features.Behaviour;

/// <summary>Issue 9 item 2: each pupil's record shows only their part; the shared description only to staff who see every pupil involved.</summary>
public abstract partial class BehaviourCoreTests
{
    /// <summary>A Year 8 instigator and a Year 7 target, logged by a senior leader who sees both; the description names the target.</summary>
    private async Task<(int Incident, int Y8, int Y7, string Y7Name, string Y8Name)> MixedIncidentAsync(int skip)
    {
        var (y8, y7) = (await app.PupilInYearAsync(8, 10 + skip), await app.PupilInYearAsync(7, 10 + skip));
        var (y8Name, y7Name) = (await app.NameAsync(y8), await app.NameAsync(y7));
        var response = await (await ApiAsync("head")).PostAsJsonAsync("/api/v1/behaviour/incidents", new
        {
            type = "Unkindness to others", occurredAt = "2026-11-23T10:05", description = $"{y8Name} called {y7Name} names in the dinner queue",
            pupils = new object[]
            {
                new { pupil = y8, role = "instigator", account = "Y8 OWN ACCOUNT", outcome = "Restorative meeting" },
                new { pupil = y7, role = "target", account = "Y7 OWN ACCOUNT" },
            },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return ((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32(), y8, y7, y7Name, y8Name);
    }

    [Fact]
    public async Task A_viewer_who_cannot_see_every_pupil_gets_only_the_part_without_the_description_or_the_other_name()
    {
        var (incident, y8, y7, y7Name, y8Name) = await MixedIncidentAsync(0);

        var teacherJson = await (await ApiAsync("teacher")).GetStringAsync($"/api/v1/pupils/{y8}/behaviour?pageSize=200"); // Year 8 only
        var item = JsonDocument.Parse(teacherJson).RootElement.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("incident").GetInt32() == incident);
        Assert.Equal("instigator", item.GetProperty("role").GetString());
        Assert.Equal(-2, item.GetProperty("points").GetInt32());
        Assert.Equal("Y8 OWN ACCOUNT", item.GetProperty("account").GetString());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("description").ValueKind);
        Assert.DoesNotContain(y7Name, teacherJson);
        Assert.DoesNotContain("Y7 OWN ACCOUNT", teacherJson);
        Assert.False(await app.WithServicesAsync(async sp => await sp.GetRequiredService<Pastoral.Data.PastoralDbContext>()
            .CanSeeAllPupilsAsync(await app.StaffAsync("teacher"), incident)));

        // The Year 7 pupil is out of the teacher's scope altogether; their head of year sees only the target's part.
        Assert.Equal(HttpStatusCode.NotFound, (await (await ApiAsync("teacher")).GetAsync($"/api/v1/pupils/{y7}/behaviour")).StatusCode);
        var hoy7Json = await (await ApiAsync("hoy7")).GetStringAsync($"/api/v1/pupils/{y7}/behaviour?pageSize=200");
        var target = JsonDocument.Parse(hoy7Json).RootElement.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("incident").GetInt32() == incident);
        Assert.Equal(("target", 0), (target.GetProperty("role").GetString(), target.GetProperty("points").GetInt32()));
        Assert.DoesNotContain(y8Name, hoy7Json);
        Assert.DoesNotContain("Y8 OWN ACCOUNT", hoy7Json);
        Assert.DoesNotContain("Restorative meeting", hoy7Json);

        // Staff who see both pupils get the description.
        var head = await (await ApiAsync("head")).GetFromJsonAsync<JsonElement>($"/api/v1/pupils/{y8}/behaviour?pageSize=200");
        Assert.Contains(y7Name, head.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("incident").GetInt32() == incident).GetProperty("description").GetString());
    }

    [Fact]
    public async Task The_demo_has_about_seven_negative_incidents_per_pupil_a_year_held_mostly_by_a_few_and_many_more_positive_points()
    {
        var stats = await app.WithDbAsync(async db =>
        {
            var year = await db.AcademicYears.Include(y => y.Terms).Include(y => y.ClosureDays).OrderByDescending(y => y.StartsOn).FirstAsync();
            var days = SchoolDays.Between(year, year.StartsOn, DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime)).Count();
            var pupils = await db.Pupils.CountAsync(p => p.OnRollTo == null);
            var parts = await db.Set<IncidentPupil>().Where(p => p.IncidentId <= app.LastDemoIncident)
                .Select(p => new { p.PupilId, p.Role, p.Points, p.Incident!.Type!.Polarity }).ToListAsync();
            return (days, pupils, parts);
        });
        var negative = stats.parts.Where(p => p.Polarity == Polarity.Negative && p.Role == IncidentRole.Instigator).ToList();
        var perPupilYear = negative.Count / (double)stats.pupils / (stats.days / BehaviourDemoData.SchoolDaysInYear);
        Assert.InRange(perPupilYear, 5.5, 8.5);
        var byPupil = negative.GroupBy(p => p.PupilId).Select(g => g.Count()).OrderByDescending(n => n).ToList();
        var top = (int)Math.Ceiling(stats.pupils * 0.08);
        Assert.InRange(byPupil.Take(top).Sum() / (double)negative.Count, 0.40, 0.60);
        var positivePoints = stats.parts.Where(p => p.Points > 0).Sum(p => p.Points);
        var negativePoints = -stats.parts.Where(p => p.Points < 0).Sum(p => p.Points);
        Assert.InRange(positivePoints / (double)negativePoints, 5, 10);
        Assert.Contains(stats.parts, p => p.Role == IncidentRole.Target && p.Points == 0);
        Assert.Contains(stats.parts, p => p.Role == IncidentRole.Witness);
    }
}
