using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils.Timeline;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Chronology.Pages;

/// <summary>
/// A pupil's safeguarding chronology for the DSL and deputies of their school (anyone else: 404), filtered by category and dates
/// (a GET form), with a form to pin an entry from another area and, on asking, the pupil's recent timeline to pick it from.
/// </summary>
[Authorize(Policy = Policies.ViewPupils)]
public sealed class ChronologyModel(CurrentStaff current, PupilChronology chronology, PastoralDbContext db, PupilTimeline timeline, SchoolClock clock) : PageModel
{
    public sealed class PinInput
    {
        public string? On { get; set; }
        public string? Category { get; set; }
        public string? Title { get; set; }
        public string? Note { get; set; }
    }

    [BindProperty] public PinInput Pin { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? Category { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    public ChronologyPupil Pupil { get; private set; } = null!;
    public ChronologyView? View { get; private set; }
    public Dictionary<string, string> Errors { get; private set; } = [];
    public IReadOnlyList<TimelineEntry>? Recent { get; private set; }
    public bool Pinned { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, bool pick, bool pinned, string? pinOn, string? pinCategory, string? pinTitle, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (await chronology.PupilAsync(staff, id, ct) is not { } pupil) return NotFound();
        Pupil = pupil;
        Pinned = pinned;
        (Pin.On, Pin.Category, Pin.Title) = (pinOn, pinCategory, pinTitle);
        if (pick && await db.Pupils.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct) is { } entity)
            Recent = [.. (await timeline.ForAsync(entity, staff, null, 40, ct)).Where(e => !e.Restricted && e.Kind != "Safeguarding").Take(20)];
        var (filter, errors) = ChronologyFilter.Parse(Category, From, To);
        Errors = errors;
        if (errors.Count > 0) { Response.StatusCode = 400; return Page(); }
        View = await chronology.ReadAsync(pupil, filter, "chronology", ct);
        return Page();
    }

    public async Task<IActionResult> OnPostPinAsync(int id, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (await chronology.PupilAsync(staff, id, ct) is not { } pupil) return NotFound();
        Pupil = pupil;
        Errors = ChronologyPin.Check(Pin.On, Pin.Category, Pin.Title, Pin.Note, clock.Today(), out var day);
        if (Errors.Count > 0)
        {
            Response.StatusCode = 400;
            View = await chronology.ReadAsync(pupil, new ChronologyFilter(null, null, null), "chronology", ct);
            return Page();
        }
        db.Add(new ChronologyPin
        {
            PupilId = id, On = day, Category = Pin.Category!, Title = Pin.Title!.Trim(), Note = string.IsNullOrWhiteSpace(Pin.Note) ? null : Pin.Note.Trim(),
            PinnedByName = staff.Name, PinnedAt = clock.UtcNow,
        });
        await db.SaveChangesAsync(ct);
        return Redirect($"/pupils/{id}/safeguarding/chronology?pinned=true");
    }

    public string PdfLink => $"/pupils/{Pupil.Id}/safeguarding/chronology.pdf" + QueryString.Create(new Dictionary<string, string?>
        { ["category"] = Category, ["from"] = From, ["to"] = To }.Where(kv => !string.IsNullOrWhiteSpace(kv.Value))).ToUriComponent();
}
