using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Transfers.Pages;

/// <summary>
/// One CP file transfer for the DSL and deputies of the pupil's school (anyone else: 404): where it stands (flagged when overdue), the
/// redaction review — each proposal highlighted where it appears, accepted or rejected, the DSL's own phrases — and, once the review is
/// confirmed, the package to download. Two DSLs saving the review at once: the second is shown the first's decisions beside theirs.
/// </summary>
[Authorize(Policy = Policies.ViewPupils)]
public sealed class TransferModel(CurrentStaff current, CpFilePackage package, SchoolClock clock) : PageModel
{
    public sealed class LineInput
    {
        public string Phrase { get; set; } = "";
        public string? Decision { get; set; }
    }

    [BindProperty] public List<LineInput> Lines { get; set; } = [];
    [BindProperty] public string? Added { get; set; }
    [BindProperty] public int Version { get; set; }
    public TransferReview Review { get; private set; } = null!;
    public Dictionary<string, string> Errors { get; private set; } = [];
    /// <summary>On a conflict: this person's choices that differ from what the other DSL saved.</summary>
    public IReadOnlyList<(string Phrase, string Yours)> Yours { get; private set; } = [];
    public bool Saved { get; private set; }
    public DateOnly Today => clock.Today();

    public async Task<IActionResult> OnGetAsync(int id, int tid, bool saved, CancellationToken ct)
    {
        if (await package.ReviewAsync(await current.GetAsync(ct), id, tid, "CP file transfer", ct) is not { } review) return NotFound();
        (Review, Version, Saved) = (review, review.Transfer.Version, saved);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, int tid, string? confirm, CancellationToken ct)
    {
        var decisions = Lines.Where(l => !string.IsNullOrEmpty(l.Phrase)).GroupBy(l => l.Phrase, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Last().Decision, StringComparer.OrdinalIgnoreCase);
        var result = await package.SaveAsync(await current.GetAsync(ct), id, tid, Version, decisions, Added, confirm == "true", ct);
        switch (result.Outcome)
        {
            case ReviewOutcome.NotFound: return NotFound();
            case ReviewOutcome.Saved: return Redirect($"/pupils/{id}/safeguarding/cp-transfers/{tid}?saved=true#review");
            case ReviewOutcome.Invalid:
                (Review, Errors) = (result.Current!, new(result.Errors!));
                Response.StatusCode = 400;
                return Page();
        }
        Review = result.Current!;
        Yours = [.. Review.Lines.Select(l => (l.Phrase, Mine: decisions.GetValueOrDefault(l.Phrase)))
            .Where(x => x.Mine is "accept" or "reject" && x.Mine != Choice(Review.Lines.First(l => l.Phrase == x.Phrase).Decision))
            .Select(x => (x.Phrase, x.Mine == "accept" ? "Redact" : "Keep"))];
        (Version, Lines) = (Review.Transfer.Version, []);
        ModelState.Clear();
        Response.StatusCode = 409;
        return Page();
    }

    /// <summary>What the form posts for a decision (null: not decided yet).</summary>
    public static string? Choice(RedactionDecision d) => d switch { RedactionDecision.Accepted => "accept", RedactionDecision.Rejected => "reject", _ => null };

    /// <summary>The choice to show: what this person posted (kept on a 400), else what is saved.</summary>
    public string? Shown(RedactionLine line) => Lines.FirstOrDefault(l => l.Phrase.Equals(line.Phrase, StringComparison.OrdinalIgnoreCase))?.Decision ?? Choice(line.Decision);
}
