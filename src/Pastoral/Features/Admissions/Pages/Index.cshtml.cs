using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Security;

namespace Pastoral.Features.Admissions.Pages;

/// <summary>The admission register for the pupils the viewer sees, newest admission first, by a date range; and pupils with no entry yet.</summary>
[Authorize(Policy = nameof(AdmissionsModule.ManageAdmissions))]
public sealed class IndexModel(AdmissionLists lists, CurrentStaff current) : PageModel
{
    public const int PageSize = 50;
    public sealed record Missing(int Id, string Name, DateOnly OnRollFrom);

    [FromQuery(Name = "from")] public DateOnly? From { get; set; }
    [FromQuery(Name = "to")] public DateOnly? To { get; set; }
    [FromQuery(Name = "p")] public int PageNumber { get; set; } = 1;
    public IReadOnlyList<AdmissionRow> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public IReadOnlyList<Missing> WithoutEntry { get; private set; } = [];
    public int WithoutEntryCount { get; private set; }
    public int ToDoCount { get; private set; }
    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (From is { } f && To is { } t && t < f)
        {
            Problem = "The end of the date range must be on or after its start";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            ModelState.AddModelError("to", Problem);
        }
        var q = lists.Register(staff, From, Problem is null ? To : null);
        Total = await q.CountAsync(ct);
        PageNumber = Math.Clamp(PageNumber, 1, Pages);
        Rows = await q.Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        var missing = lists.WithoutAdmission(staff);
        WithoutEntryCount = await missing.CountAsync(ct);
        WithoutEntry = await missing.OrderBy(p => p.LegalSurname).ThenBy(p => p.Id).Take(20)
            .Select(p => new Missing(p.Id, (p.PreferredForename ?? p.LegalForename) + " " + (p.PreferredSurname ?? p.LegalSurname), p.OnRollFrom)).ToListAsync(ct);
        ToDoCount = (await lists.ToDoAsync(staff, ct)).Count;
    }

    public string Query(int? page = null) => QueryString.Create(new Dictionary<string, string?>
    {
        ["from"] = From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["to"] = To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["p"] = page?.ToString(CultureInfo.InvariantCulture),
    }.Where(kv => kv.Value is not null)).ToString();
}
