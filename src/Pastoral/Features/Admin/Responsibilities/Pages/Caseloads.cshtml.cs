using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Features.Admin.Staff;
using Pastoral.Security;

namespace Pastoral.Features.Admin.Responsibilities.Pages;

/// <summary>
/// A mentor's caseload: add pupils by UPN, move a pupil to another mentor, take one off. Each change goes through
/// <see cref="Mentoring.CaseloadBook"/>, so the mentor's caseload provision's enrolments change with the access; a full caseload asks
/// for "Add over capacity" (a refused move offers a button to move over capacity).
/// </summary>
[Authorize(Policy = Policies.ManageUsers)]
public sealed class CaseloadsModel(Caseloads caseloads, Mentoring.CaseloadBook book, CurrentStaff current) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid? Mentor { get; set; }
    [BindProperty] public string? Upns { get; set; }
    [BindProperty] public Guid? To { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public bool OverCapacity { get; set; }
    /// <summary>A move refused only for the receiving mentor's capacity: the pupil, offered again with "Move over capacity".</summary>
    public int? MoveToConfirm { get; private set; }
    /// <summary>The id of the "Move to" list on a pupil's row, which a refused move's error links to.</summary>
    public static string MoveToId(int pupil) => $"to-{pupil}";

    private int? _moving;

    /// <summary>Places taken and the capacity, when the mentor holds a caseload in one school.</summary>
    public (int Taken, int Capacity)? Places { get; private set; }
    [TempData] public string? Done { get; set; }
    public IReadOnlyList<Mentor> Mentors { get; private set; } = [];
    public Mentor? Chosen { get; private set; }
    public IReadOnlyList<CaseloadPupil> Pupils { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostAddAsync(CancellationToken ct) => ActAsync(async admin =>
    {
        var added = await caseloads.AssignAsync(admin, Mentor ?? Guid.Empty, (Upns ?? "").Split([',', ' ', '\n', '\r', ';'], StringSplitOptions.RemoveEmptyEntries), Reason, OverCapacity, ct);
        return added == 0 ? "They were already on this caseload." : $"{Infrastructure.Counted.Of(added, "pupil")} added.";
    }, ct);

    public Task<IActionResult> OnPostMoveAsync(int pupil, CancellationToken ct) => ActAsync(async admin =>
    {
        _moving = pupil;
        if (To is null) throw new StaffFormException(nameof(To), "Choose the mentor to move the pupil to.");
        MoveToConfirm = pupil;
        await caseloads.MoveAsync(admin, pupil, Mentor ?? Guid.Empty, To.Value, OverCapacity, ct);
        return "Pupil moved.";
    }, ct);

    public Task<IActionResult> OnPostRemoveAsync(int pupil, CancellationToken ct) => ActAsync(async admin =>
    {
        await caseloads.RemoveAsync(admin, pupil, Mentor ?? Guid.Empty, ct);
        return "Pupil taken off the caseload.";
    }, ct);

    private async Task<IActionResult> ActAsync(Func<StaffContext, Task<string>> act, CancellationToken ct)
    {
        try
        {
            Done = await act(await current.GetAsync(ct));
            return Redirect($"/admin/caseloads?mentor={Mentor}");
        }
        catch (StaffNotFoundException) { return NotFound(); }
        catch (StaffFormException e)
        {
            if (e.Field != Caseloads.OverCapacity) MoveToConfirm = null;
            // A refused move names the pupil's own "Move to" list: each row has one, so the error summary links to that row's.
            ModelState.AddModelError(e.Field == nameof(To) && _moving is int p ? MoveToId(p) : e.Field, e.Message);
            Response.StatusCode = 400;
            return await LoadAsync(ct) ? Page() : NotFound();
        }
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var admin = await current.GetAsync(ct);
        Mentors = await caseloads.MentorsAsync(admin, ct);
        if (Mentor is not { } id) return true;
        Chosen = Mentors.FirstOrDefault(m => m.Id == id);
        if (Chosen is null) return false;
        Pupils = await caseloads.PupilsOfAsync(admin, id, ct);
        if (Chosen.SchoolIds is [var school]) Places = (await book.CountAsync(id, school, ct), await book.CapacityAsync(id, school, ct));
        return true;
    }
}
