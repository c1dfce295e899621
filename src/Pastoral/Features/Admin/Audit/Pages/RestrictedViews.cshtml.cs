using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Admin.Audit.Pages;

/// <summary>
/// For a DSL or deputy of the pupil's school: who has read this pupil's restricted records, and when, from the
/// <see cref="AuditActions.ViewedRestricted"/> entries <see cref="RestrictedAccess"/> writes. Anyone else finds no such page (404).
/// </summary>
[Authorize(Policy = Policies.ReadSafeguarding)]
public sealed class RestrictedViewsModel(PastoralDbContext db, CurrentStaff current, RestrictedAccess restricted) : PageModel
{
    public sealed record View(DateTime At, string Who, string Record, string? Detail);
    public const int Limit = 500;
    public int PupilId { get; private set; }
    public string PupilName { get; private set; } = "";
    public IReadOnlyList<View> Views { get; private set; } = [];
    public int Total { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (await restricted.TierSchoolAsync(staff, id, ct) is null) return NotFound();
        var pupil = await db.Pupils.AsNoTracking().VisibleTo(staff).Where(p => p.Id == id).Select(p => new { p.Id, p.LegalForename, p.PreferredForename, p.LegalSurname, p.PreferredSurname }).SingleAsync(ct);
        PupilId = pupil.Id;
        PupilName = $"{(string.IsNullOrWhiteSpace(pupil.PreferredForename) ? pupil.LegalForename : pupil.PreferredForename)} {(string.IsNullOrWhiteSpace(pupil.PreferredSurname) ? pupil.LegalSurname : pupil.PreferredSurname)}";
        var reads = db.AuditEntries.AsNoTracking().Where(a => a.PupilId == id && a.Action == AuditActions.ViewedRestricted);
        Total = await reads.CountAsync(ct);
        Views = (await reads.OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(Limit)
            .Select(a => new { a.At, Who = db.Users.Where(u => u.Id == a.ActorId).Select(u => u.FullName).FirstOrDefault() ?? a.ActorName, a.EntityType, a.Detail })
            .ToListAsync(ct)).Select(a => new View(a.At, a.Who, RecordWords(a.EntityType), a.Detail)).ToList();
        return Page();
    }

    public static string RecordWords(string type) => type switch
    {
        Safeguarding.ChildProtectionRecord.RecordType => "Child protection status",
        _ => type,
    };
}
