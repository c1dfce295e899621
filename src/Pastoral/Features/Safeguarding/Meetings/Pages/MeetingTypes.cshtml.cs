using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Meetings.Pages;

/// <summary>
/// Which multi-agency meeting types are restricted, per school (a DSL or deputy of it). Strategy discussions, CP conferences and core
/// groups are always restricted and shown so, without a choice.
/// </summary>
[Authorize(Policy = Policies.ReadSafeguarding)]
public sealed class MeetingTypesModel(CurrentStaff current, PastoralDbContext db, SafeguardingMeetings meetings) : PageModel
{
    public IReadOnlyList<(int Id, string Name)> Schools { get; private set; } = [];
    public int SchoolId { get; private set; }
    public IReadOnlyList<MeetingType> Unrestricted { get; private set; } = [];
    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? school, bool saved, CancellationToken ct)
    {
        if (!await LoadAsync(school, ct)) return NotFound();
        Saved = saved;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? school, List<MeetingType>? restricted, CancellationToken ct)
    {
        if (!await LoadAsync(school, ct)) return NotFound();
        if (!await meetings.SaveSettingsAsync(await current.GetAsync(ct), SchoolId, restricted ?? [], ct)) return NotFound();
        return Redirect($"/safeguarding/meeting-types?school={SchoolId}&saved=true");
    }

    private async Task<bool> LoadAsync(int? school, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var tier = RestrictedAccess.TierSchools(staff);
        Schools = [.. (await db.Schools.AsNoTracking().Where(s => tier.Contains(s.Id)).OrderBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync(ct)).Select(s => (s.Id, s.Name))];
        if (Schools.Count == 0) return false;
        SchoolId = school ?? Schools[0].Id;
        if (Schools.All(s => s.Id != SchoolId)) return false;
        Unrestricted = await SafeguardingMeetings.UnrestrictedAsync(db, SchoolId, ct);
        return true;
    }
}
