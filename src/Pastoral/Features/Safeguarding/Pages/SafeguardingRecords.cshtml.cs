using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Features.Safeguarding.Orders;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Pages;

/// <summary>
/// A pupil's court orders and contact restrictions, looked-after care details and Operation Encompass notifications, for the DSL and
/// deputies of the pupil's school (who add and change them) and for staff a DSL shared one record with (that record, read-only).
/// Every record shown is read through <see cref="RestrictedAccess"/>, so each view is audited; anyone else gets a 404.
/// </summary>
[Authorize(Policy = Policies.ViewPupils)]
public sealed class SafeguardingRecordsModel(CurrentStaff current, PupilSafeguardingRecords records, Pastoral.Features.Safeguarding.Meetings.SafeguardingMeetings meetings,
    Pastoral.Features.Safeguarding.Transfers.CpFileTransfers transfers, TimeProvider clock) : PageModel
{
    public OrderPupil Pupil { get; private set; } = null!;
    public IReadOnlyList<ReadableRecord> Records { get; private set; } = [];
    public bool MayChange { get; private set; }
    public IReadOnlyList<Pastoral.Features.Safeguarding.Meetings.MeetingRow> Meetings { get; private set; } = [];
    public string? Saved { get; private set; }
    /// <summary>A leaver with safeguarding records and no CP file transfer yet: offered to the DSL as "CP file to send".</summary>
    public bool OfferTransfer { get; private set; }
    public DateTime UtcNow => clock.GetUtcNow().UtcDateTime;

    public async Task<IActionResult> OnGetAsync(int id, string? saved, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (await records.PupilAsync(staff, id, ct) is not { } pupil) return NotFound();
        Pupil = pupil;
        MayChange = RestrictedAccess.HoldsTier(staff, pupil.SchoolId);
        Records = await records.ReadAllAsync(staff, pupil, "safeguarding records page", ct);
        if (!MayChange && Records.Count == 0) return NotFound();
        Meetings = await meetings.ForPupilAsync(staff, id, ct);
        OfferTransfer = MayChange && await transfers.ToOfferAsync(id, ct);
        Saved = PupilSafeguardingRecords.FormFor(saved) is { } f ? $"The {f.Noun} is saved." : null;
        return Page();
    }

    public IEnumerable<ReadableRecord> Of(RecordForm form) => Records.Where(r => r.Form.Slug == form.Slug);
}
