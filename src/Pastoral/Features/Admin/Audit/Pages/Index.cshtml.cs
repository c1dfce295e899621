using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Admin.Audit.Pages;

/// <summary>The audit log, searched and paged, newest first, limited to the viewer's reach (<see cref="AuditSearch.VisibleToAsync"/>).</summary>
[Authorize(Policy = Policies.ViewAudit)]
public sealed class IndexModel(PastoralDbContext db, CurrentStaff current) : PageModel
{
    [BindProperty(SupportsGet = true)] public AuditQuery Query { get; set; } = new();
    public IReadOnlyList<AuditRow> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public int Pages => Math.Max(1, (Total + AuditSearch.PageSize - 1) / AuditSearch.PageSize);
    public List<(string Field, string Message)> Problems { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name)> StaffOptions { get; private set; } = [];
    public IReadOnlyList<string> ActionOptions { get; private set; } = [];
    public IReadOnlyList<string> TypeOptions { get; private set; } = [];
    public IReadOnlyDictionary<string, string> StaffNames { get; private set; } = new Dictionary<string, string>();

    public string Record(AuditRow r) => r.EntityType == nameof(StaffUser) && r.EntityId is not null && StaffNames.TryGetValue(r.EntityId, out var name)
        ? $"Staff account: {name}" : r.EntityId is null ? r.EntityType : $"{r.EntityType} {r.EntityId}";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var visible = await AuditSearch.VisibleToAsync(db, staff, ct);
        // Options come from the viewer's reach: only staff, actions and record types that appear in entries they may read.
        var actors = visible.Where(a => a.ActorId != null).Select(a => a.ActorId!.Value).Distinct();
        StaffOptions = (await db.Users.AsNoTracking().Where(u => actors.Contains(u.Id)).OrderBy(u => u.FullName).Select(u => new { u.Id, u.FullName }).ToListAsync(ct))
            .Select(u => (u.Id, u.FullName)).ToList();
        ActionOptions = await visible.Select(a => a.Action).Distinct().OrderBy(a => a).ToListAsync(ct);
        TypeOptions = await visible.Select(a => a.EntityType).Distinct().OrderBy(a => a).ToListAsync(ct);
        var (entries, problems) = await AuditSearch.FilterAsync(db, staff, Query, ct);
        Problems = problems;
        if (problems.Count > 0) { Response.StatusCode = 400; return Page(); }
        Total = await entries.CountAsync(ct);
        Query.Page = Math.Clamp(Query.Page, 1, Pages);
        Rows = await AuditSearch.Rows(db, staff, entries).Skip((Query.Page - 1) * AuditSearch.PageSize).Take(AuditSearch.PageSize).ToListAsync(ct);
        // A staff account named by its id reads better by its name (the page's entries are already within reach).
        var accounts = Rows.Where(r => r.EntityType == nameof(StaffUser) && Guid.TryParse(r.EntityId, out _)).Select(r => Guid.Parse(r.EntityId!)).Distinct().ToList();
        StaffNames = await db.Users.AsNoTracking().Where(u => accounts.Contains(u.Id)).ToDictionaryAsync(u => u.Id.ToString(), u => u.FullName, StringComparer.OrdinalIgnoreCase, ct);
        return Page();
    }

    public string? ErrorFor(string field) => Problems.FirstOrDefault(p => p.Field == field).Message;

    /// <summary>This search's query string, on another page (or for the CSV when page is null).</summary>
    public string Link(int? page)
    {
        var parts = new List<string>();
        void Add(string key, string? value) { if (!string.IsNullOrWhiteSpace(value)) parts.Add($"{key}={Uri.EscapeDataString(value)}"); }
        Add("pupil", Query.Pupil); Add("staff", Query.Staff?.ToString()); Add("action", Query.Action); Add("recordType", Query.RecordType);
        Add("recordId", Query.RecordId); Add("from", Query.From); Add("to", Query.To);
        if (page is { } p) Add("page", p.ToString());
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }
}
