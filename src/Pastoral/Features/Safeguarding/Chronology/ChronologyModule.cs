using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Pupils.Timeline;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Demo;
using Pastoral.Infrastructure.Documents;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Chronology;

/// <summary>What the chronology PDF prints: the view, who printed it and when.</summary>
public sealed record ChronologyPrint(ChronologyView View, string PrintedBy, DateTime PrintedAt)
{
    public const string ViewPath = "/Features/Safeguarding/Chronology/ChronologyDocument.cshtml";
}

/// <summary>
/// The pupil's safeguarding chronology (issue 10, item 6): <see cref="PupilChronology"/> merges every <see cref="IChronologySource"/>;
/// pinned entries (<see cref="ChronologyPin"/>); the page <c>/pupils/{id}/safeguarding/chronology</c> and its PDF.
/// </summary>
public sealed class ChronologyModule : IFeatureModule
{
    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<PupilChronology>();
        services.AddScoped<IChronologySource, ConcernsChronology>();
        services.AddScoped<IChronologySource, ChildProtectionChronology>();
        services.AddScoped<IChronologySource, OrdersChronology>();
        services.AddScoped<IChronologySource, PinnedChronology>();
        services.AddScoped<IChronologySource, Referrals.ReferralsChronology>();
        services.AddScoped<ITimelineSource, PinsTimeline>();
        services.AddScoped<IDemoData, ChronologyDemoData>();
        services.AddRestrictedRecordType(new RestrictedRecordType(ChronologyPin.RecordType, "Pinned chronology entry",
            (db, id, ct) => db.Set<ChronologyPin>().Where(p => p.Id == id).Select(p => (int?)p.PupilId).FirstOrDefaultAsync(ct),
            r => $"/pupils/{r.PupilId}/safeguarding/chronology"));
    }

    public void ConfigureModel(ModelBuilder model) => model.Entity<ChronologyPin>(e =>
    {
        e.ToTable("ChronologyPins");
        e.HasOne(p => p.Pupil).WithMany().HasForeignKey(p => p.PupilId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(p => new { p.PupilId, p.On });
        e.Property(p => p.Category).HasMaxLength(ChronologyPin.CategoryMax);
        e.Property(p => p.Title).HasMaxLength(ChronologyPin.TitleMax);
        e.Property(p => p.Note).HasMaxLength(ChronologyPin.NoteMax);
        e.Property(p => p.PinnedByName).HasMaxLength(200);
    });

    public void MapPages(IEndpointRouteBuilder app) =>
        app.MapGet("/pupils/{id:int}/safeguarding/chronology.pdf", async (int id, string? category, string? from, string? to, CurrentStaff current,
            PupilChronology chronology, Documents documents, SchoolClock clock, CancellationToken ct) =>
        {
            var staff = await current.GetAsync(ct);
            if (await chronology.PupilAsync(staff, id, ct) is not { } pupil) return Results.NotFound();
            var (filter, errors) = ChronologyFilter.Parse(category, from, to);
            if (errors.Count > 0) return Results.ValidationProblem(errors.ToDictionary(e => e.Key, e => new[] { e.Value }));
            var view = await chronology.ReadAsync(pupil, filter, "chronology PDF downloaded", ct);
            var options = new DocumentOptions($"Safeguarding chronology: {pupil.Name}", pupil.School, ProtectiveMarking.OfficialSensitive)
            {
                FileName = $"chronology-{pupil.Upn}.pdf",
            };
            return Documents.Pdf(await documents.RenderAsync(ChronologyPrint.ViewPath, new ChronologyPrint(view, staff.Name, clock.LocalNow()), options, ct), options);
        }).RequireAuthorization(Policies.ViewPupils).ExcludeFromDescription();
}

/// <summary>A pin on the pupil's timeline: restricted, so only its readers see it (and that read is audited there).</summary>
public sealed class PinsTimeline(Data.PastoralDbContext db) : ITimelineSource
{
    public async Task<IReadOnlyList<TimelineEntry>> EntriesAsync(TimelineQuery query, CancellationToken ct) =>
        [.. await db.Set<ChronologyPin>().AsNoTracking().Where(p => p.PupilId == query.PupilId && (query.Before == null || p.PinnedAt < query.Before))
            .OrderByDescending(p => p.PinnedAt).Take(query.Limit)
            .Select(p => new TimelineEntry(p.PinnedAt, "Safeguarding", "Pinned to the safeguarding chronology", "by " + p.PinnedByName,
                "/pupils/" + query.PupilId + "/safeguarding/chronology", null, true, ChronologyPin.RecordType, p.Id)).ToListAsync(ct)];
}
