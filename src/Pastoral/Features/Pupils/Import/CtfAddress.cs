using System.Xml.Linq;

namespace Pastoral.Features.Pupils.Import;

/// <summary>
/// The pupil's home address from a CTF: a BS7666 address (SAON, PAON, Street, Locality, Town) or plain AddressLines,
/// then County, PostCode (or ZIP) and Country. Real exports pad the parts with spaces; they are trimmed.
/// </summary>
internal static class CtfAddress
{
    public static PupilAddress? Read(XElement? address, Action<XObject, string, string> note)
    {
        if (address is null)
            return null;

        var lines = new List<string>();
        string? town = null;
        if (address.Child("BS7666Address") is { } bs)
        {
            var paon = bs.Text("PAON");
            var street = bs.Text("Street");
            lines.Add(bs.Text("SAON") ?? "");
            // "11" and "Lea Close" read as "11 Lea Close"; a house name ("God's Illa") keeps its own line.
            if (paon is { Length: > 0 and <= 6 } && char.IsAsciiDigit(paon[0]) && !string.IsNullOrEmpty(street))
                lines.Add($"{paon} {street}");
            else
                lines.AddRange([paon ?? "", street ?? ""]);
            lines.Add(bs.Text("Locality") ?? "");
            lines.Add(bs.Text("AdministrativeArea") ?? "");
            town = Blank(bs.Text("PostTown")) ?? Blank(bs.Text("Town"));
        }
        else
        {
            lines.AddRange(address.Child("AddressLines").Children("AddressLine").Select(l => l.Value.Trim()));
            lines.AddRange(address.Children("AddressLine").Select(l => l.Value.Trim()));
        }

        var kept = lines.Where(l => l.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).Where(l => !string.Equals(l, town, StringComparison.OrdinalIgnoreCase)).ToList();
        if (kept.Count > 3)
            kept = [kept[0], kept[1], string.Join(", ", kept.Skip(2))];
        var country = Blank(address.Text("Country"));
        var county = Blank(address.Text("County"))
            ?? (country is not null && !country.Equals("United Kingdom", StringComparison.OrdinalIgnoreCase) && !country.Equals("England", StringComparison.OrdinalIgnoreCase) ? country : null);
        var postcode = Blank(address.Text("PostCode")) ?? Blank(address.Text("ZIP"));
        var result = new PupilAddress(kept.ElementAtOrDefault(0), kept.ElementAtOrDefault(1), kept.ElementAtOrDefault(2), town, county, postcode);

        var tooLong = new[] { result.Line1, result.Line2, result.Line3, result.Town, result.County }
            .Select(p => ImportValues.LengthProblem("Address", p ?? "", ImportValues.NameMaxLength))
            .Append(ImportValues.LengthProblem("PostCode", postcode ?? "", ImportValues.PostcodeMaxLength))
            .FirstOrDefault(p => p is not null);
        if (tooLong is not null)
        {
            note(address, "Address", $"the home address was left alone: {tooLong}");
            return null;
        }
        return result;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
