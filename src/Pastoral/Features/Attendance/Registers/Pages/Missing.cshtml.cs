using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Registers.Pages;

/// <summary>Sessions of pupils on roll with no mark, by form and session, each with a link to fill it; CSV of the same.</summary>
[Authorize(Policy = nameof(AttendanceModule.ViewAttendance))]
public sealed class MissingModel(MissingMarksReport report, CurrentStaff current) : PageModel
{
    public IReadOnlyList<MissingGroup> Groups { get; private set; } = [];
    public string From { get; private set; } = "";
    public string To { get; private set; } = "";
    public string? Problem { get; private set; }
    public int Count => Groups.Sum(g => g.Pupils.Count);

    public async Task OnGetAsync(string? from, string? to, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var range = await report.RangeAsync(staff, from, to, ct);
        From = from ?? range.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        To = to ?? range.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Problem = range.Problem;
        if (Problem is null) Groups = await report.GroupsAsync(staff, range.From, range.To, ct);
    }
}
