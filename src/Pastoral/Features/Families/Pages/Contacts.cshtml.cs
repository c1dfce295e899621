using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Families.Pages;

/// <summary>One pupil's family contact log, newest first; after a save, what the contact can open next (<see cref="IContactFollowUp"/>).</summary>
[Authorize(Policy = nameof(FamiliesModule.ViewFamilyContact))]
public sealed class ContactsModel(PastoralDbContext db, CurrentStaff current, IEnumerable<IContactFollowUp> followUps, IAuthorizationService authorization) : PageModel
{
    public const int PageSize = 50;
    public Pupils.Pupil Pupil { get; private set; } = null!;
    public IReadOnlyList<FamilyContact> Items { get; private set; } = [];
    public int Total { get; private set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;
    [BindProperty(SupportsGet = true)] public int? Saved { get; set; }
    public FamilyContact? SavedContact { get; private set; }
    public IReadOnlyList<(string Label, string Link)> Next { get; private set; } = [];
    public bool MayLog { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var pupil = await db.Pupils.AsNoTracking().VisibleTo(staff).Include(p => p.Form).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (pupil is null) return NotFound();
        Pupil = pupil;
        PageNumber = Math.Max(1, PageNumber);
        var q = db.Set<FamilyContact>().AsNoTracking().VisibleTo(staff, db).Where(c => c.PupilId == id);
        Total = await q.CountAsync(ct);
        Items = await q.OrderByDescending(c => c.At).ThenByDescending(c => c.Id).Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        MayLog = (await authorization.AuthorizeAsync(User, FamiliesModule.LogFamilyContact.Name)).Succeeded;
        if (Saved is { } savedId && await q.FirstOrDefaultAsync(c => c.Id == savedId, ct) is { } saved)
        {
            SavedContact = saved;
            var contact = new ContactForFollowUp(saved.Id, saved.PupilId, saved.Kind, saved.At, saved.WithName, saved.WithRelationship, saved.Purpose,
                saved.Summary, saved.Outcome, saved.StaffName);
            Next = [.. followUps.Where(f => staff.May(f.Requires) && f.Offers(contact)).Select(f => (f.Label, f.LinkFor(contact)))
                .Where(n => n.Item2.StartsWith('/') && !n.Item2.StartsWith("//", StringComparison.Ordinal))];
        }
        return Page();
    }

    public int LastPage => Math.Max(1, (Total + PageSize - 1) / PageSize);
}
