using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Plans.Pages;

/// <summary>Starts a plan: choose the type, then fill in its sections. Saved as a draft, or made active at once.</summary>
[Authorize(Policy = nameof(PlansModule.EditPlans))]
public sealed class NewModel(PastoralDbContext db, CurrentStaff current, PlanBook book, PlanTypes types, SchoolClock clock) : PlanFormPage
{
    [BindProperty(SupportsGet = true)] public string? Type { get; set; }
    [BindProperty] public bool Activate { get; set; }
    public IReadOnlyList<PlanType> Types { get; private set; } = [];
    public PlanType? Chosen { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } missing) return missing;
        if (Chosen is null) return Page();
        Input.Title = Chosen.Name;
        Input.ReviewDate = clock.Today().AddDays(42).ToString("yyyy-MM-dd");
        Input.OwnerId = (await current.GetAsync(ct)).UserId.ToString();
        Input.Fill(Definition, new PlanContent());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } missing) return missing;
        if (Chosen is null) return Problems([("type", "Choose a plan type from the list")]);
        if (AddingRow()) return Page();
        var review = ReviewDate();
        if (!ModelState.IsValid) return Problems([]);
        var staff = await current.GetAsync(ct);
        var result = await book.CreateAsync(staff, id, Chosen.Key,
            new PlanDraft(Input.Title, review, Owner(), Input.ToContent(Definition), Activate ? PlanStatus.Active : PlanStatus.Draft), ct);
        return result switch
        {
            PlanSaveResult.Saved s => Redirect($"/pupils/{id}/plans/{s.Plan.Id}"),
            PlanSaveResult.Invalid i => Problems(i.Problems),
            _ => NotFound(),
        };
    }

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var pupil = await Pupils.PupilsEndpoints.FindAsync(db, staff, id.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
        if (pupil is null) return NotFound();
        Pupil = pupil;
        Types = await types.ForSchoolAsync(pupil.SchoolId, ct);
        Chosen = Types.FirstOrDefault(t => t.Key == Type);
        if (Chosen is not null)
        {
            Definition = await types.DefinitionAsync(Chosen.CurrentDefinitionId, ct);
            TypeName = Chosen.Name;
            Staff = Ordered(await book.StaffOfSchoolAsync(pupil.SchoolId, ct));
        }
        return null;
    }
}
