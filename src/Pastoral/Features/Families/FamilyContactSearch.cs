using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Families;

/// <summary>The school-wide list's filters: year group (among those the user may see), kind, dates, follow-ups due, only mine.</summary>
public sealed record ContactFilter(int? Year, string? Kind, DateOnly? From, DateOnly? To, bool Due, bool Mine, int Page = 1)
{
    public const int PageSize = 50;

    public IEnumerable<(string Field, string Message)> Problems()
    {
        if (!string.IsNullOrEmpty(Kind) && ContactWords.ParseKind(Kind) is null) yield return ("kind", "Choose a kind of contact from the list");
        if (From is { } f && To is { } t && t < f) yield return ("to", "The end date cannot be before the start date");
        if (Page < 1) yield return ("page", "page must be 1 or more");
    }
}

public sealed record ContactRow(int Id, int PupilId, string PupilName, string? Form, ContactKind Kind, ContactDirection Direction, string WithName,
    string WithRelationship, DateTime At, string Purpose, string? Summary, string? Outcome, DateOnly? FollowUpOn, bool FollowUpDone, string StaffName);

/// <summary>One query for the list, its CSV and the "Follow-ups due" panel: always from the one pupil scope.</summary>
public static class FamilyContactSearch
{
    public static IQueryable<FamilyContact> Filter(PastoralDbContext db, StaffContext staff, ContactFilter f, DateOnly today)
    {
        var q = db.Set<FamilyContact>().AsNoTracking().VisibleTo(staff, db);
        if (f.Year is { } year) q = q.Where(c => db.Pupils.Any(p => p.Id == c.PupilId && p.YearGroupId == year));
        if (ContactWords.ParseKind(f.Kind) is { } kind) q = q.Where(c => c.Kind == kind);
        if (f.From is { } from) { var start = TimeZoneInfo.ConvertTimeToUtc(from.ToDateTime(TimeOnly.MinValue), SchoolClock.London); q = q.Where(c => c.At >= start); }
        if (f.To is { } to) { var end = TimeZoneInfo.ConvertTimeToUtc(to.AddDays(1).ToDateTime(TimeOnly.MinValue), SchoolClock.London); q = q.Where(c => c.At < end); }
        if (f.Due) q = q.Where(c => c.FollowUpOn != null && c.FollowUpOn <= today && !c.FollowUpDone);
        if (f.Mine) q = q.Where(c => c.StaffId == staff.UserId);
        return q;
    }

    /// <summary>Newest first, or (for follow-ups) the earliest follow-up date first; ordered before projecting, which EF cannot order by.</summary>
    public static IQueryable<ContactRow> Rows(PastoralDbContext db, IQueryable<FamilyContact> q, bool byFollowUp = false) =>
        from c in byFollowUp ? q.OrderBy(c => c.FollowUpOn).ThenBy(c => c.At) : q.OrderByDescending(c => c.At).ThenByDescending(c => c.Id)
        join p in db.Pupils on c.PupilId equals p.Id
        select new ContactRow(c.Id, c.PupilId,
            (p.PreferredForename ?? p.LegalForename) + " " + (p.PreferredSurname ?? p.LegalSurname), p.Form == null ? null : p.Form.Name,
            c.Kind, c.Direction, c.WithName, c.WithRelationship, c.At, c.Purpose, c.Summary, c.Outcome, c.FollowUpOn, c.FollowUpDone, c.StaffName);
}
