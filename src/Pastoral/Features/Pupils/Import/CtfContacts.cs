using System.Globalization;
using System.Xml.Linq;

namespace Pastoral.Features.Pupils.Import;

/// <summary>The CTF's Contacts block, mapped to rows that pastoral staff can read at a glance.</summary>
public static class CtfContacts
{
    /// <summary>CTF relationship codes; a code not listed here is kept as it is rather than guessed at.</summary>
    public static readonly IReadOnlyDictionary<string, string> Relationships =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["PAM"] = "Mother",
            ["PAF"] = "Father",
            ["CAR"] = "Carer",
            ["OTH"] = "Other",
            ["DOC"] = "Doctor",
            ["FOF"] = "Foster father",
            ["FOM"] = "Foster mother",
            ["SWR"] = "Social worker",
            ["GRM"] = "Grandmother",
            ["GRF"] = "Grandfather",
            ["STP"] = "Step-parent",
            ["STF"] = "Step-father",
            ["STM"] = "Step-mother",
            ["REL"] = "Other relative",
            ["CHM"] = "Childminder",
            ["HTC"] = "Head teacher",
        };

    // Parts of a BS7666 address that locate it on a map rather than help anyone find it.
    private static readonly HashSet<string> NonAddressElements =
        new(["Easting", "Northing", "UniquePropertyReferenceNumber", "UPRN", "AddressAsPupil"], StringComparer.OrdinalIgnoreCase);

    public static string Relationship(string? code)
    {
        var trimmed = code?.Trim() ?? "";
        return Relationships.TryGetValue(trimmed, out var words) ? words : trimmed;
    }

    /// <summary>Null when the pupil has no Contacts block; an empty list when the block is there but empty.</summary>
    internal static IReadOnlyList<ContactImportRow>? Read(XElement pupil, Action<XObject, string, string> note)
    {
        var block = pupil.Child("Contacts");
        if (block is null)
            return null;

        var pupilAddress = FlattenAddress(pupil.Child("Address"));
        var contacts = new List<ContactImportRow>();
        var position = 0;
        foreach (var contact in block.Children("Contact"))
        {
            position++;
            var row = ReadContact(contact, position, pupilAddress, note);
            if (row is not null)
                contacts.Add(row);
        }

        return contacts.OrderBy(c => c.Priority).ToList();
    }

    private static ContactImportRow? ReadContact(
        XElement contact, int position, string? pupilAddress, Action<XObject, string, string> note)
    {
        var forename = contact.Text("Forename") ?? "";
        var surname = contact.Text("Surname") ?? "";
        if (forename.Length == 0 && surname.Length == 0)
        {
            note(contact, "Contact", $"contact {position} has no name and was left out");
            return null;
        }

        var priority = int.TryParse(contact.Text("Order"), NumberStyles.None, CultureInfo.InvariantCulture, out var order)
            ? order
            : position;
        var responsibility = ImportValues.TryParseBoolean(contact.Text("Responsibility") ?? "", out var hasResponsibility)
            && hasResponsibility;
        var (phone, mobile) = Phones(contact);
        // SIMS writes <Address><AddressAsPupil>true</AddressAsPupil></Address>; older files put the flag on the contact.
        var asPupil = ImportValues.TryParseBoolean(contact.Child("Address").Text("AddressAsPupil") ?? contact.Text("AddressAsPupil") ?? "", out var same) && same;
        var address = FlattenAddress(contact.Child("Address")) ?? (asPupil ? pupilAddress : null);

        var row = new ContactImportRow(
            priority,
            NullIfEmpty(contact.Text("Title")),
            forename,
            surname,
            Relationship(contact.Text("Relationship")),
            responsibility,
            phone,
            mobile,
            Email(contact),
            address)
        {
            AddressAsPupil = asPupil,
        };

        var tooLong = new[]
            {
                ImportValues.LengthProblem("Forename", forename, ImportValues.NameMaxLength),
                ImportValues.LengthProblem("Surname", surname, ImportValues.NameMaxLength),
                ImportValues.LengthProblem("Title", row.Title ?? "", ImportValues.TextMaxLength),
                ImportValues.LengthProblem("Relationship", row.Relationship, ImportValues.TextMaxLength),
                ImportValues.LengthProblem("Phone", phone ?? "", ImportValues.TextMaxLength),
                ImportValues.LengthProblem("Mobile phone", mobile ?? "", ImportValues.TextMaxLength),
                ImportValues.LengthProblem("Email", row.Email ?? "", ImportValues.TextMaxLength),
                ImportValues.LengthProblem("Address", address ?? "", ImportValues.TextMaxLength),
            }
            .FirstOrDefault(p => p is not null);
        if (tooLong is not null)
        {
            note(contact, "Contact", $"contact {position} ({forename} {surname}) was left out: {tooLong}");
            return null;
        }

        return row;
    }

    /// <summary>M is a mobile; of the rest a home number is preferred, and fax numbers are no use to pastoral staff.</summary>
    private static (string? Phone, string? Mobile) Phones(XElement contact)
    {
        var numbers = contact.Child("Phones").Children("Phone")
            .Select(p => (Type: (p.Text("TelephoneType") ?? "").ToUpperInvariant(), Number: p.Text("PhoneNo") ?? ""))
            .Where(p => p.Number.Length > 0 && p.Type != "F")
            .ToList();

        var mobile = numbers.Where(p => p.Type == "M").Select(p => p.Number).FirstOrDefault();
        var others = numbers.Where(p => p.Type != "M").ToList();
        var phone = others.Where(p => p.Type == "H").Select(p => p.Number).FirstOrDefault()
            ?? others.Select(p => p.Number).FirstOrDefault();
        return (phone, mobile);
    }

    /// <summary>Some suppliers write the address straight into Email, others wrap it in EmailAddress.</summary>
    private static string? Email(XElement contact)
    {
        var email = contact.Child("Email") ?? contact.Child("Emails").Child("Email");
        if (email is null)
            return null;
        return NullIfEmpty(email.Text("EmailAddress") ?? (email.HasElements ? null : email.Value.Trim()));
    }

    /// <summary>
    /// One line, parts in document order, so BS7666 and free-text address lines both read naturally
    /// ("Flat 2, 14, Example Road, Sampletown, ZZ99 9ZZ").
    /// </summary>
    private static string? FlattenAddress(XElement? address)
    {
        if (address is null)
            return null;

        var parts = address.Descendants()
            .Where(e => !e.HasElements && !NonAddressElements.Contains(e.Name.LocalName))
            .Select(e => e.Value.Trim())
            .Where(v => v.Length > 0);
        return NullIfEmpty(string.Join(", ", parts));
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
