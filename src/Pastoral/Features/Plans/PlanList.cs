using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Plans;

public sealed record PlanFilter(string? Type = null, string? Status = null, bool ReviewDue = false, int? PupilId = null, int Page = 1, int PageSize = 50)
{
    public const int MaxPageSize = 200;

    public IEnumerable<(string Field, string Message)> Problems()
    {
        if (Page < 1) yield return ("page", "page starts at 1.");
        if (PageSize is < 1 or > MaxPageSize) yield return ("pageSize", $"pageSize must be between 1 and {MaxPageSize}.");
        if (!string.IsNullOrEmpty(Status) && PlanWords.ParseStatus(Status) is null)
            yield return ("status", "status is one of draft, active, review due, archived.");
    }
}

public sealed record PlanRow(int Id, int PupilId, string Pupil, string Upn, string? Year, string TypeKey, string Type, string Title, PlanStatus Status,
    DateOnly ReviewDate, string Owner, DateTime UpdatedAt);

/// <summary>Plans the viewer may see (the one scope filter), filtered and paged: the school-wide list, the profile section and the API.</summary>
public sealed class PlanList(PastoralDbContext db, SchoolClock clock)
{
    public IQueryable<Plan> Visible(StaffContext staff) => db.Set<Plan>().AsNoTracking().VisibleTo(staff, db);

    public async Task<(IReadOnlyList<PlanRow> Rows, int Total)> PageAsync(StaffContext staff, PlanFilter filter, CancellationToken ct)
    {
        var q = Visible(staff);
        if (filter.PupilId is { } pupil) q = q.Where(p => p.PupilId == pupil);
        if (!string.IsNullOrEmpty(filter.Type)) q = q.Where(p => p.Type!.Key == filter.Type);
        if (PlanWords.ParseStatus(filter.Status) is { } status) q = q.Where(p => p.Status == status);
        if (filter.ReviewDue)
        {
            var today = clock.Today();
            q = q.Where(p => p.Status == PlanStatus.ReviewDue || (p.Status == PlanStatus.Active && p.ReviewDate <= today));
        }
        var total = await q.CountAsync(ct);
        var rows = await q.OrderBy(p => p.Status == PlanStatus.Archived).ThenBy(p => p.ReviewDate).ThenBy(p => p.Id)
            .Skip((filter.Page - 1) * filter.PageSize).Take(filter.PageSize)
            .Select(p => new PlanRow(p.Id, p.PupilId, p.Pupil!.Forename + " " + p.Pupil.Surname, p.Pupil.Upn, p.Pupil.YearGroup!.Name,
                p.Type!.Key, p.Type.Name, p.Title, p.Status, p.ReviewDate, p.OwnerName, p.UpdatedAt))
            .ToListAsync(ct);
        return (rows, total);
    }

    /// <summary>Types that a visible plan has: the list's type filter offers only these, so no option leads to "0 results".</summary>
    public async Task<IReadOnlyList<(string Key, string Name)>> TypesInUseAsync(StaffContext staff, CancellationToken ct) =>
        [.. (await Visible(staff).Select(p => new { p.Type!.Key, p.Type.Name }).Distinct().ToListAsync(ct))
            .OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => (t.Key, t.Name))];

    /// <summary>Statuses a visible plan has, in life order.</summary>
    public async Task<IReadOnlyList<PlanStatus>> StatusesInUseAsync(StaffContext staff, CancellationToken ct) =>
        [.. (await Visible(staff).Select(p => p.Status).Distinct().ToListAsync(ct)).Order()];
}
