using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Detentions.Pages;

/// <summary>One sitting's register: who is due, marked attended, missed or excused in one tap each.</summary>
[Authorize(Policy = nameof(DetentionsModule.ManageDetentions))]
public sealed class SittingModel(DetentionSittings sittings, DetentionBook book, CurrentStaff current) : PageModel
{
    public DetentionType Type { get; private set; } = null!;
    public DateOnly Date { get; private set; }
    public IReadOnlyList<RegisterRow> Rows { get; private set; } = [];
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(int typeId, string date, CancellationToken ct) =>
        await LoadAsync(typeId, date, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(int typeId, string date, int detention, string? status, CancellationToken ct)
    {
        if (!await LoadAsync(typeId, date, ct) || Rows.All(r => r.DetentionId != detention)) return NotFound();
        if (Detention.ParseStatus(status) is not { } s || s == DetentionStatus.Set) return BadRequest();
        var (_, problem, escalated) = await book.MarkAsync(await current.GetAsync(ct), detention, s, ct);
        if (problem is not null)
        {
            ModelState.AddModelError($"row-{detention}", problem);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        TempData["Marked"] = escalated is null ? null : $"Missed: the next detention is set for {DetentionBook.Day(escalated.Date)} and the head of year is told.";
        return Redirect($"/behaviour/detentions/{typeId}/{date}#row-{detention}");
    }

    private async Task<bool> LoadAsync(int typeId, string date, CancellationToken ct)
    {
        if (!DateOnly.TryParseExact(date, DetentionBook.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return false;
        var (type, rows) = await sittings.RegisterAsync(await current.GetAsync(ct), typeId, d, ct);
        if (type is null) return false;
        (Type, Date, Rows) = (type, d, rows);
        Message = TempData["Marked"] as string;
        return true;
    }
}
