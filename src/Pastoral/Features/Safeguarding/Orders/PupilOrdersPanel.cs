using Microsoft.AspNetCore.Mvc;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Orders;

public sealed record PupilOrdersPanelModel(int PupilId, IReadOnlyList<(string Noun, int Count)> Counts, bool MayChange);

/// <summary>
/// The profile's panel for readers: which court orders, care details and Operation Encompass notifications exist (each read through
/// <see cref="RestrictedAccess"/>, so audited). Anyone who reads none of them gets nothing at all, not even an empty panel.
/// </summary>
public sealed class PupilSafeguardingRecordsViewComponent(CurrentStaff current, PupilSafeguardingRecords records) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int pupilId)
    {
        var staff = await current.GetAsync();
        if (await records.PupilAsync(staff, pupilId, default) is not { } pupil) return Content("");
        var readable = await records.ReadAllAsync(staff, pupil, "profile", default);
        var mayChange = RestrictedAccess.HoldsTier(staff, pupil.SchoolId);
        if (readable.Count == 0 && !mayChange) return Content("");
        var counts = PupilSafeguardingRecords.Forms.Select(f => (f.Noun, readable.Count(r => r.Form.Slug == f.Slug))).Where(c => c.Item2 > 0).ToList();
        return View("/Features/Safeguarding/Pages/_PupilOrdersPanel.cshtml", new PupilOrdersPanelModel(pupilId, counts, mayChange));
    }
}
