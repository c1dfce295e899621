using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Agencies.Pages;

/// <summary>What the signposting and referral forms share: the pupil found through the one scope filter (404 otherwise), their contacts, and problems shown on the form.</summary>
public abstract class PupilPage(PastoralDbContext db, CurrentStaff current) : PageModel
{
    public sealed record ContactChoice(int Id, string Name, string Relationship);

    protected PastoralDbContext Db { get; } = db;
    private readonly CurrentStaff _current = current;
    public int PupilId { get; private set; }
    public int SchoolId { get; private set; }
    public string PupilName { get; private set; } = "";
    public IReadOnlyList<ContactChoice> Contacts { get; private set; } = [];
    protected StaffContext Staff { get; private set; } = null!;

    protected Task<StaffContext> CurrentStaffAsync(CancellationToken ct) => _current.GetAsync(ct);

    protected async Task<bool> LoadPupilAsync(int id, CancellationToken ct)
    {
        Staff = await _current.GetAsync(ct);
        var pupil = await Db.Pupils.AsNoTracking().VisibleTo(Staff).Where(p => p.Id == id)
            .Select(p => new { p.Id, p.SchoolId, p.PreferredForename, p.LegalForename, p.PreferredSurname, p.LegalSurname }).FirstOrDefaultAsync(ct);
        if (pupil is null) return false;
        PupilId = pupil.Id;
        SchoolId = pupil.SchoolId;
        PupilName = $"{(string.IsNullOrWhiteSpace(pupil.PreferredForename) ? pupil.LegalForename : pupil.PreferredForename)} {(string.IsNullOrWhiteSpace(pupil.PreferredSurname) ? pupil.LegalSurname : pupil.PreferredSurname)}";
        Contacts = await Db.PupilContacts.AsNoTracking().Where(c => c.PupilId == id).OrderBy(c => c.Priority)
            .Select(c => new ContactChoice(c.Id, c.Forename + " " + c.Surname, c.Relationship)).ToListAsync(ct);
        return true;
    }

    protected PageResult Invalid(IEnumerable<FieldProblem> problems)
    {
        foreach (var p in problems) ModelState.AddModelError(p.Field, p.Message);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public string? ErrorFor(string field) => ModelState.TryGetValue(field, out var s) && s.Errors.Count > 0 ? s.Errors[0].ErrorMessage : null;
}
