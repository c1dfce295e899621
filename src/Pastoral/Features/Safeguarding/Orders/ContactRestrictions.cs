using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;

namespace Pastoral.Features.Safeguarding.Orders;

/// <summary>
/// The plain warning about one person from an order in force: who, what staff must not do, until when. Not restricted: every member
/// of staff who sees the pupil's contacts is shown it. It never carries the order's kind, court, reference or terms.
/// </summary>
public sealed record ContactWarning(int PupilId, int? ContactId, string PersonName, bool MayNotCollect, bool NoInformation, bool NoContact, DateOnly? Until, int OrderId)
{
    /// <summary>The school may not tell this person anything: no letter, e-mail, message or call.</summary>
    public bool Withhold => NoInformation || NoContact;

    public string Words
    {
        get
        {
            var what = NoContact ? "No contact: do not release the child to this person or give them any information"
                : MayNotCollect && NoInformation ? "Do not release the child to this person or give them any information"
                : MayNotCollect ? "Do not release the child to this person"
                : "Do not give information to this person";
            var until = Until is { } u ? $" (until {u.ToString("ddd d MMM yyyy", CultureInfo.InvariantCulture)})" : "";
            return $"{what} — see the DSL{until}.";
        }
    }
}

/// <summary>The warnings in force for one pupil's contacts. Made only by <see cref="ContactRestrictions"/>, so no caller can pass an empty set by mistake.</summary>
public sealed class PupilContactWarnings
{
    internal PupilContactWarnings(IReadOnlyList<ContactWarning> all) => All = all;
    public IReadOnlyList<ContactWarning> All { get; }
    public IEnumerable<ContactWarning> For(int contactId) => All.Where(w => w.ContactId == contactId);
    /// <summary>Warnings about people who are not on the contact list.</summary>
    public IEnumerable<ContactWarning> Others => All.Where(w => w.ContactId is null);
    public bool Withheld(int contactId) => For(contactId).Any(w => w.Withhold);
    public const string WhyNot = "A contact restriction is recorded: see the DSL";
}

/// <summary>
/// Reads the plain warnings from court orders in force (end date not passed). It projects only the person, what is restricted and
/// the end date, so nothing restricted is ever loaded; it is not a read of the order and writes no restricted-read entry.
/// The caller has found the pupils through <see cref="Security.PupilAccess.VisibleTo"/>.
/// </summary>
public sealed class ContactRestrictions(PastoralDbContext db, SchoolClock clock)
{
    public async Task<PupilContactWarnings> ForPupilAsync(int pupilId, CancellationToken ct) =>
        new((await ForPupilsAsync([pupilId], ct)).GetValueOrDefault(pupilId, []));

    public Task<IReadOnlyDictionary<int, IReadOnlyList<ContactWarning>>> ForPupilsAsync(IReadOnlyCollection<int> pupilIds, CancellationToken ct) =>
        OnAsync(db, pupilIds, clock.Today(), ct);

    /// <summary>The warnings in force on <paramref name="today"/> (the demo generator's own today).</summary>
    public static async Task<PupilContactWarnings> OnAsync(PastoralDbContext db, int pupilId, DateOnly today, CancellationToken ct) =>
        new((await OnAsync(db, [pupilId], today, ct)).GetValueOrDefault(pupilId, []));

    private static async Task<IReadOnlyDictionary<int, IReadOnlyList<ContactWarning>>> OnAsync(PastoralDbContext db, IReadOnlyCollection<int> pupilIds, DateOnly today, CancellationToken ct)
    {
        var rows = await db.Set<CourtOrder>().AsNoTracking()
            .Where(o => pupilIds.Contains(o.PupilId) && (o.EndDate == null || o.EndDate >= today) && (o.MayNotCollect || o.NoInformation || o.NoContact))
            .OrderBy(o => o.Id)
            .Select(o => new
            {
                o.Id, o.PupilId, o.ContactId, o.PersonName, o.MayNotCollect, o.NoInformation, o.NoContact, o.EndDate,
                ContactName = o.Contact == null ? null : (o.Contact.Title == null || o.Contact.Title == "" ? "" : o.Contact.Title + " ") + o.Contact.Forename + " " + o.Contact.Surname,
            }).ToListAsync(ct);
        var warnings = new List<ContactWarning>();
        foreach (var r in rows)
        {
            if (r.ContactId is { } cid) warnings.Add(new(r.PupilId, cid, r.ContactName ?? "", r.MayNotCollect, r.NoInformation, r.NoContact, r.EndDate, r.Id));
            if (!string.IsNullOrWhiteSpace(r.PersonName)) warnings.Add(new(r.PupilId, null, r.PersonName, r.MayNotCollect, r.NoInformation, r.NoContact, r.EndDate, r.Id));
        }
        return warnings.GroupBy(w => w.PupilId).ToDictionary(g => g.Key, g => (IReadOnlyList<ContactWarning>)[.. g]);
    }

    /// <summary>One pupil's warnings out of <see cref="ForPupilsAsync"/>.</summary>
    public static PupilContactWarnings From(IReadOnlyDictionary<int, IReadOnlyList<ContactWarning>> all, int pupilId) => new(all.GetValueOrDefault(pupilId, []));
}
