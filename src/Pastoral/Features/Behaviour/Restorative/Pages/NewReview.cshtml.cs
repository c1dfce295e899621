using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Restorative.Pages;

/// <summary>
/// A behaviour review with the pupil and parents: when, who came, targets, the next review date; it may review a behaviour contract
/// the pupil has, or set one up (a draft plan of type behaviour-contract, with the targets as what the pupil agrees to).
/// </summary>
[Authorize(Policy = nameof(RestorativeModule.RecordRestorative))]
public sealed class NewReviewModel(RestorativeRecords records, BehaviourContracts contracts, PastoralDbContext db, SchoolClock clock,
    CurrentStaff current, IAuthorizationService authorization) : PupilFormPage(current, authorization)
{
    public List<(int Id, string Title)> Contracts { get; private set; } = [];

    [BindProperty] public string? HeldOn { get; set; }
    [BindProperty] public string? Attendees { get; set; }
    [BindProperty] public string? Targets { get; set; }
    [BindProperty] public string? NextReviewOn { get; set; }
    [BindProperty] public int? Plan { get; set; }
    [BindProperty] public bool Contract { get; set; }
    [BindProperty] public string? PupilAgrees { get; set; }
    [BindProperty] public string? ParentsAgree { get; set; }
    [BindProperty] public string? SchoolAgrees { get; set; }
    [BindProperty] public string? ContractEndsOn { get; set; }

    public string Back => $"/pupils/{Pupil.Id}/restorative";

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        HeldOn = clock.Today().ToString(RestorativeRecords.DateFormat, CultureInfo.InvariantCulture);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (Contract && Plan is not null) return Invalid([("Plan", "Choose either the contract this review looks at or a new contract, not both")]);
        var input = new ReviewInput(id.ToString(CultureInfo.InvariantCulture), HeldOn, Attendees, Targets, NextReviewOn, Plan);
        var result = Contract
            ? await contracts.ReviewWithContractAsync(Staff, input, new ContractTerms(PupilAgrees, ParentsAgree, SchoolAgrees, ContractEndsOn), ct)
            : await records.ReviewAsync(Staff, input, ct);
        if (result.Id is { } saved) return Redirect($"{Back}#review-{saved}");
        return Invalid(result.Problems.Select(p => (p.Key switch { "pupil" => "", "planId" => "Plan", "" => "", var k => char.ToUpperInvariant(k[0]) + k[1..] }, p.Value[0])));
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (!await LoadPupilAsync(staff => db.Pupils.AsNoTracking().VisibleTo(staff).FirstOrDefaultAsync(p => p.Id == id, ct), ct)) return false;
        Contracts = await contracts.ForPupilAsync(Staff, id, ct);
        return true;
    }
}
