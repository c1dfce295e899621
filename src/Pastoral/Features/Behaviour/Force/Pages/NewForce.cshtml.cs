using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Force.Pages;

/// <summary>One pupil's rows on the force form (the first is the pupil whose page it is; up to two more by UPN).</summary>
public sealed class ForcePupilRow
{
    public string? Pupil { get; set; }
    public string? Holds { get; set; }
    public string? Injuries { get; set; }
    public string? Account { get; set; }
    public string? ParentsToldAt { get; set; }
    public string? ParentsToldHow { get; set; }
    public string? ParentsToldBy { get; set; }

    public bool IsEmpty => new[] { Pupil, Holds, Injuries, Account, ParentsToldAt, ParentsToldHow, ParentsToldBy }.All(string.IsNullOrWhiteSpace);
}

/// <summary>Record a use of reasonable force: when, where, staff, what happened and why, and each pupil's own part.</summary>
[Authorize(Policy = nameof(ForceModule.RecordForce))]
public sealed class NewForceModel(ForceBook book, SchoolClock clock, PastoralDbContext db, CurrentStaff current, IAuthorizationService authorization)
    : ForcePage(db, current, authorization)
{
    public const int Rows = 3;
    public IReadOnlyList<KeyValuePair<Guid, string>> StaffChoices { get; private set; } = [];
    public bool Saved { get; private set; }

    [BindProperty] public string? OccurredAt { get; set; }
    [BindProperty] public string? Location { get; set; }
    [BindProperty] public List<Guid> StaffIds { get; set; } = [];
    [BindProperty] public List<ForcePupilRow> Pupils { get; set; } = [];
    [BindProperty] public string? WhatHappened { get; set; }
    [BindProperty] public string? WhyNeeded { get; set; }
    [BindProperty] public string? StaffInjuries { get; set; }
    [BindProperty] public string? DebriefOn { get; set; }
    [BindProperty] public string? DebriefWith { get; set; }
    [BindProperty] public string? DebriefNotes { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        OccurredAt = clock.LocalNow().ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);
        StaffIds = [Staff.UserId];
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var rows = Pupils.Select((r, i) => (r, i)).Where(x => x.i == 0 || !x.r.IsEmpty).ToList();
        // Problems name rows by their place on the form, so the other rows keep their numbers.
        var input = new ForceInput(OccurredAt, Location, StaffIds, [.. rows.Select(x => new ForcePupilInput(x.i == 0 ? Pupil.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : x.r.Pupil,
            x.r.Holds, x.r.Injuries, x.r.Account, x.r.ParentsToldAt, x.r.ParentsToldHow, x.r.ParentsToldBy))],
            WhatHappened, WhyNeeded, StaffInjuries, DebriefOn, DebriefWith, DebriefNotes);
        var result = await book.RecordForceAsync(Staff, input, ct);
        if (result.Problems.Count > 0)
            return Invalid(result.Problems.Select(p => (Renumber(p.Field, rows.Select(x => x.i).ToList()), p.Message)));
        if (MayView) return Redirect($"/pupils/{id}/force#force-{result.Id}");
        Saved = true;
        return Page();
    }

    private static string Renumber(string field, List<int> places)
    {
        if (!field.StartsWith("Pupils-", StringComparison.Ordinal)) return field;
        var parts = field.Split('-');
        return int.TryParse(parts[1], out var i) && i < places.Count ? $"Pupils-{places[i]}-{string.Join('-', parts[2..])}" : field;
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (!await LoadPupilAsync(id, ct)) return false;
        StaffChoices = [.. (await book.StaffOfSchoolAsync(Pupil.SchoolId, ct)).OrderBy(s => s.Value, StringComparer.OrdinalIgnoreCase)];
        while (Pupils.Count < Rows) Pupils.Add(new ForcePupilRow());
        return true;
    }
}
