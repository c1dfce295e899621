using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Provision.Pages;

/// <summary>Record a review meeting of a managed move and, when it is decided, the outcome.</summary>
[Authorize(Policy = nameof(ProvisionModule.ManageProvision))]
public sealed class MoveReviewModel(ProvisionBook book, ProvisionReads reads, SchoolClock clock, CurrentStaff current, IAuthorizationService authorization)
    : ProvisionPage(book, current, authorization)
{
    public ManagedMoveDto Move { get; private set; } = null!;
    public bool Conflict { get; private set; }

    [BindProperty] public int Version { get; set; }
    [BindProperty] public string? HeldOn { get; set; }
    [BindProperty] public string? Attended { get; set; }
    [BindProperty] public string? Notes { get; set; }
    [BindProperty] public string? Outcome { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, int moveId, CancellationToken ct)
    {
        if (!await LoadAsync(id, moveId, ct)) return NotFound();
        Version = Move.Version;
        Outcome = Move.Outcome;
        HeldOn = clock.Today().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, int moveId, CancellationToken ct)
    {
        if (!await LoadAsync(id, moveId, ct)) return NotFound();
        var result = await Book.ReviewMoveAsync(Staff, id, moveId, new MoveReviewInput(Version, HeldOn, Attended, Notes, Outcome), ct);
        if (result.NotFound) return NotFound();
        if (result.Stale)
        {
            // Someone saved first: show the move as it is now, keep this person's words, and ask them to look again.
            Conflict = true;
            Version = Move.Version;
            ModelState.Remove(nameof(Version));
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        if (result.Problems.Count > 0) return Invalid(result.Problems);
        return Redirect($"{Back}#move-{moveId}");
    }

    private async Task<bool> LoadAsync(int id, int moveId, CancellationToken ct)
    {
        if (!await LoadPupilAsync(id, ct)) return false;
        var move = (await reads.ForPupilAsync(Staff, id, clock.Today(), ct)).ManagedMoves.FirstOrDefault(m => m.Id == moveId);
        if (move is null) return false;
        Move = move;
        return true;
    }
}
