using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Families;

/// <summary>A checked contact, ready to write.</summary>
public sealed record ContactData(ContactKind Kind, ContactDirection Direction, int? PupilContactId, string WithName, string WithRelationship,
    DateTime At, string Purpose, string? Summary, string? Outcome, DateOnly? FollowUpOn, bool FollowUpDone);

public sealed record ContactSaveResult(FamilyContact? Contact, IReadOnlyDictionary<string, string[]> Errors, bool Stale = false)
{
    public bool Saved => Contact is not null && Errors.Count == 0 && !Stale;
}

/// <summary>
/// Logs and changes family contacts for the page and the API alike: the checks (in staff's words, by field), scope, and one save
/// that the DbContext audits. A person who is not one of the pupil's contacts is refused; nothing half-saved.
/// </summary>
public sealed class FamilyContactLog(PastoralDbContext db, SchoolClock clock)
{
    /// <summary>The pupil, if the member of staff may see them, with their contacts.</summary>
    public Task<Pupil?> PupilAsync(StaffContext staff, int pupilId, CancellationToken ct) =>
        db.Pupils.AsNoTracking().VisibleTo(staff).Include(p => p.Contacts).FirstOrDefaultAsync(p => p.Id == pupilId, ct);

    public Dictionary<string, string[]> Check(Pupil pupil, IReadOnlyDictionary<string, string?> raw, out ContactData? data)
    {
        var v = ContactFields.Clean(raw);
        var errors = new Dictionary<string, string[]>();
        void Add(string key, string message) => errors[key] = [message];
        data = null;

        var kind = ContactWords.ParseKind(v[ContactFields.Kind]);
        if (kind is null) Add(ContactFields.Kind, "Choose the kind of contact: phone call, e-mail, letter, meeting, parents' evening or home visit");
        var direction = ContactWords.ParseDirection(v[ContactFields.Direction]);
        if (direction is null) Add(ContactFields.Direction, "Choose whether the contact was to home or from home");

        int? contactId = null;
        string withName = "", relationship = "";
        var with = v[ContactFields.With];
        if (with is null) Add(ContactFields.With, $"Choose who the contact was with: one of {pupil.Forename}'s contacts, or someone else");
        else if (with.Equals(ContactFields.Other, StringComparison.OrdinalIgnoreCase))
        {
            withName = v[ContactFields.OtherName] ?? "";
            relationship = v[ContactFields.OtherRelationship] ?? "";
            if (withName.Length == 0) Add(ContactFields.OtherName, "Enter the name of the person the contact was with");
            else if (withName.Length > FamilyContact.NameMax) Add(ContactFields.OtherName, $"The name can be at most {FamilyContact.NameMax} characters");
            if (relationship.Length == 0) Add(ContactFields.OtherRelationship, $"Enter how the person is related to {pupil.Forename}, for example \"aunt\" or \"social worker\"");
            else if (relationship.Length > FamilyContact.RelationshipMax) Add(ContactFields.OtherRelationship, $"The relationship can be at most {FamilyContact.RelationshipMax} characters");
        }
        else if (!int.TryParse(with, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || pupil.Contacts.FirstOrDefault(c => c.Id == id) is not { } contact)
            Add(ContactFields.With, $"That person is not one of {pupil.DisplayName}'s contacts: choose one of their contacts, or choose \"someone else\" and enter their name and relationship");
        else
        {
            contactId = contact.Id;
            withName = contact.DisplayName;
            relationship = contact.Relationship;
        }

        DateTime at = default;
        if (v[ContactFields.At] is not { } atText) Add(ContactFields.At, "Enter the date and time of the contact");
        else if (!DateTime.TryParseExact(atText, [ContactFields.LocalFormat, "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            Add(ContactFields.At, "Enter the date and time of the contact as a date and a 24-hour time, for example 24/11/2026 14:30");
        else if (SchoolClock.London.IsInvalidTime(local))
            Add(ContactFields.At, $"{local:HH:mm} did not happen on {local:d MMM yyyy} (the clocks went forward): enter the time again");
        else if ((at = TimeZoneInfo.ConvertTimeToUtc(local, SchoolClock.London)) > clock.UtcNow.AddMinutes(5))
            Add(ContactFields.At, "The date and time of the contact cannot be in the future");

        var purpose = v[ContactFields.Purpose];
        if (purpose is null) Add(ContactFields.Purpose, "Enter the purpose of the contact, for example \"attendance\" or \"praise\"");
        else if (purpose.Length > FamilyContact.PurposeMax) Add(ContactFields.Purpose, $"The purpose can be at most {FamilyContact.PurposeMax} characters");
        foreach (var key in new[] { ContactFields.Summary, ContactFields.Outcome })
            if (v[key] is { Length: > FamilyContact.TextMax }) Add(key, $"The {ContactFields.Label(key).ToLowerInvariant()} can be at most {FamilyContact.TextMax:N0} characters");

        DateOnly? followUp = null;
        if (v[ContactFields.FollowUpOn] is { } f)
        {
            if (!DateOnly.TryParseExact(f, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                Add(ContactFields.FollowUpOn, "Enter the follow-up date as a date, for example 1/12/2026");
            else if (at != default && day < DateOnly.FromDateTime(SchoolClock.ToLocal(at)))
                Add(ContactFields.FollowUpOn, "The follow-up date cannot be before the contact");
            else followUp = day;
        }
        var done = v[ContactFields.FollowUpDone] is { } doneText && (doneText.Equals("true", StringComparison.OrdinalIgnoreCase) || doneText == "on");

        if (errors.Count == 0)
            data = new ContactData(kind!.Value, direction!.Value, contactId, withName, relationship, at, purpose!, v[ContactFields.Summary],
                v[ContactFields.Outcome], followUp, followUp is not null && done);
        return errors;
    }

    /// <summary>Logs a new contact (checked first); a home visit's outcome names its visit, which must be this pupil's.</summary>
    public async Task<ContactSaveResult> LogAsync(StaffContext staff, Pupil pupil, IReadOnlyDictionary<string, string?> values, int? homeVisitId, CancellationToken ct)
    {
        var errors = Check(pupil, values, out var data);
        if (homeVisitId is { } visitId && !await db.Set<HomeVisit>().AnyAsync(h => h.Id == visitId && h.PupilId == pupil.Id, ct))
            errors["visit"] = ["That home visit is not one of this pupil's"];
        if (errors.Count > 0) return new ContactSaveResult(null, errors);
        var contact = new FamilyContact
        {
            PupilId = pupil.Id, StaffId = staff.UserId, StaffName = staff.Name, HomeVisitId = homeVisitId,
            WithName = "", WithRelationship = "", Purpose = "",
        };
        Apply(contact, data!);
        db.Add(contact);
        await db.SaveChangesAsync(ct);
        return new ContactSaveResult(contact, errors);
    }

    /// <summary>Replaces the contact's fields if <paramref name="version"/> is still current; otherwise nothing is written (Stale).</summary>
    public async Task<ContactSaveResult> ReplaceAsync(StaffContext staff, int id, int version, IReadOnlyDictionary<string, string?> values, CancellationToken ct)
    {
        var contact = await db.Set<FamilyContact>().VisibleTo(staff, db).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (contact is null) return new ContactSaveResult(null, new Dictionary<string, string[]>());
        var pupil = (await PupilAsync(staff, contact.PupilId, ct))!;
        var errors = Check(pupil, values, out var data);
        if (errors.Count > 0) return new ContactSaveResult(contact, errors);
        if (contact.Version != version) return new ContactSaveResult(contact, errors, Stale: true);
        Apply(contact, data!);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new ContactSaveResult(await db.Set<FamilyContact>().AsNoTracking().FirstAsync(c => c.Id == id, ct), errors, Stale: true);
        }
        return new ContactSaveResult(contact, errors);
    }

    public static void Apply(FamilyContact c, ContactData d)
    {
        c.Kind = d.Kind;
        c.Direction = d.Direction;
        c.PupilContactId = d.PupilContactId;
        c.WithName = d.WithName;
        c.WithRelationship = d.WithRelationship;
        c.At = d.At;
        c.Purpose = d.Purpose;
        c.Summary = d.Summary;
        c.Outcome = d.Outcome;
        c.FollowUpOn = d.FollowUpOn;
        c.FollowUpDone = d.FollowUpDone;
    }

    /// <summary>A blank form: a phone call to home, now, with the first contact by priority.</summary>
    public Dictionary<string, string?> Defaults(Pupil pupil, ContactKind kind = ContactKind.PhoneCall) => new()
    {
        [ContactFields.Kind] = kind.ToString(),
        [ContactFields.Direction] = ContactDirection.ToHome.ToString(),
        [ContactFields.With] = pupil.Contacts.OrderBy(c => c.Priority).FirstOrDefault()?.Id.ToString(CultureInfo.InvariantCulture) ?? ContactFields.Other,
        [ContactFields.At] = clock.LocalNow().ToString(ContactFields.LocalFormat, CultureInfo.InvariantCulture),
        [ContactFields.FollowUpDone] = "false",
    };
}
