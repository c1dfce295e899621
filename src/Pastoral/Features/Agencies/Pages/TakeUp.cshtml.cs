using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Agencies.Pages;

/// <summary>Records whether the family took up a suggestion: yes, no or not yet known, with the date and a note.</summary>
[Authorize(Policy = nameof(AgenciesModule.RecordSignposting))]
public sealed class TakeUpModel(PastoralDbContext db, CurrentStaff current, SignpostingRecords records, SchoolClock clock) : PupilPage(db, current)
{
    [BindProperty] public string? TakenUp { get; set; }
    [BindProperty] public string? TakeUpOn { get; set; }
    [BindProperty] public string? TakeUpNote { get; set; }
    [BindProperty] public int Version { get; set; }
    public SignpostingItem Item { get; private set; } = null!;
    /// <summary>Set when someone else recorded the take-up while this person was on the form: what they saved.</summary>
    public string? SavedMeanwhile { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, int signpostingId, CancellationToken ct)
    {
        if (!await LoadAsync(id, signpostingId, ct)) return NotFound();
        StartFromSaved();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, int signpostingId, CancellationToken ct)
    {
        if (!await LoadAsync(id, signpostingId, ct)) return NotFound();
        ModelState.Clear();
        var outcome = await records.RecordTakeUpAsync(Staff, id, signpostingId, Version, new TakeUpInput(TakenUp, TakeUpOn, TakeUpNote), ct);
        if (outcome.NotFound) return NotFound();
        if (outcome.Stale)
        {
            await LoadAsync(id, signpostingId, ct);
            SavedMeanwhile = $"{Item.RecordedByName} or a colleague saved this meanwhile: taken up {Signposting.Words(Item.TakenUp)}" +
                (Item.TakeUpOn is { } on ? $" on {AgencyRules.Day(on)}" : "") + (Item.TakeUpNote is null ? "" : $" ({Item.TakeUpNote})") + ". Your answer is kept below: save again to replace it.";
            Version = _version;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        return outcome.Problems.Count > 0 ? Invalid(outcome.Problems) : Redirect($"/pupils/{id}#signposting");
    }

    private int _version;

    private void StartFromSaved()
    {
        TakenUp = Item.TakenUp switch { Agencies.TakeUp.Yes => "yes", Agencies.TakeUp.No => "no", _ => "not yet known" };
        TakeUpOn = (Item.TakeUpOn ?? clock.Today()).ToString("yyyy-MM-dd");
        TakeUpNote = Item.TakeUpNote;
        Version = _version;
    }

    private async Task<bool> LoadAsync(int id, int signpostingId, CancellationToken ct)
    {
        if (!await LoadPupilAsync(id, ct)) return false;
        var row = await Db.Set<Signposting>().AsNoTracking().VisibleTo(Staff, Db).Where(s => s.Id == signpostingId && s.PupilId == id)
            .Select(s => new { Item = new SignpostingItem(s.Id, s.Suggestion, s.ToWhom, s.SuggestedOn, s.RecordedByName, s.TakenUp, s.TakeUpOn, s.TakeUpNote, s.Note), s.Version })
            .FirstOrDefaultAsync(ct);
        if (row is null) return false;
        Item = row.Item;
        _version = row.Version;
        return true;
    }
}
