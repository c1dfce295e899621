using System.Globalization;
using System.Xml.Linq;

namespace Pastoral.Features.Pupils.Import;

/// <summary>
/// Maps one &lt;Pupil&gt;. An absent block or element becomes null ("not carried, leave stored data alone"),
/// which is what lets a partial CTF change only what it carries.
/// </summary>
internal static class CtfPupilParser
{
    public static PupilImportRow? Parse(
        XElement pupil, IReadOnlySet<string> knownSenNeedCodes, DateOnly fileDate, DateOnly today, List<ImportProblem> notes)
    {
        var line = pupil.Line();
        var basic = pupil.Child("BasicDetails");

        var upnText = pupil.Text("UPN");
        var surname = pupil.Text("Surname") ?? basic.Text("LegalSurname") ?? "";
        var forename = pupil.Text("Forename") ?? basic.Text("LegalForename") ?? "";
        var dobText = pupil.Text("DOB") ?? basic.Text("DOB") ?? "";
        var sexText = pupil.Text("Sex") ?? pupil.Text("Gender") ?? basic.Text("Sex") ?? basic.Text("Gender") ?? "";

        PupilImportRow? Skip(string field, string reason)
        {
            notes.Add(new ImportProblem(line, field, $"Pupil at line {line} skipped: {reason}"));
            return null;
        }

        if (LocalAuthorityNumbers.UpnProblem(upnText) is { } upnProblem)
            return Skip("UPN", upnProblem);
        var upn = Upn.Normalise(upnText!);

        if (surname.Length == 0)
            return Skip("Surname", $"UPN {upn} has no surname");
        if (forename.Length == 0)
            return Skip("Forename", $"UPN {upn} has no forename");
        if (dobText.Length == 0)
            return Skip("DOB", $"UPN {upn} has no date of birth");
        if (!ImportValues.TryParseDate(dobText, out var dateOfBirth))
            return Skip("DOB", $"UPN {upn} has date of birth \"{dobText}\", which is not a date");
        if (ImportValues.DateOfBirthProblem(dateOfBirth, today) is { } dobProblem)
            return Skip("DOB", $"UPN {upn}: {dobProblem}");

        var sex = ImportValues.NormaliseSex(sexText);
        if (sex is null)
            return Skip("Sex", sexText.Length == 0 ? $"UPN {upn} has no sex" : $"UPN {upn} has sex \"{sexText}\", which is not M, F or U");

        var preferredSurname = basic.Text("PreferredSurname");
        var preferredForename = basic.Text("PreferredForename");
        var middleNames = basic.Text("MiddleNames");
        foreach (var (field, value) in new[]
                 {
                     ("Surname", surname), ("Forename", forename), ("PreferredSurname", preferredSurname ?? ""),
                     ("PreferredForename", preferredForename ?? ""), ("MiddleNames", middleNames ?? ""),
                 })
        {
            if (ImportValues.LengthProblem(field, value, ImportValues.NameMaxLength) is { } tooLong)
                return Skip(field, $"UPN {upn}: {tooLong}");
        }

        void Note(XObject at, string field, string message) =>
            notes.Add(new ImportProblem(at.Line(), field, $"Pupil at line {line} (UPN {upn}): {message}"));

        var (senProvision, senNeeds) = ReadSen(pupil.Child("SENhistory"), knownSenNeedCodes, fileDate, Note);

        return new PupilImportRow(
            line,
            upn,
            surname,
            forename,
            preferredSurname,
            preferredForename,
            middleNames,
            dateOfBirth,
            sex,
            NcYear(basic.Text("NCyearActual")),
            Form: null,
            OnRollFrom: null,
            OnRollTo: null,
            senProvision,
            senNeeds,
            Ehcp: senProvision is null ? null : senProvision == "E",
            PupilPremium: null,
            Fsm: ReadFsm(pupil.Child("FSMhistory"), fileDate, Note),
            LookedAfter: ReadLookedAfter(pupil.Child("LookedAfter"), Note),
            ChildProtection: null,
            YoungCarer: null,
            Eal: null,
            Contacts: CtfContacts.Read(pupil, Note))
        {
            CareAuthority = CareAuthority(pupil.Child("LookedAfter")),
            Address = CtfAddress.Read(pupil.Child("Address"), Note),
        };
    }

    /// <summary>The LA looking after the child, when the CTF names one and it fits the column.</summary>
    private static string? CareAuthority(XElement? lookedAfter) =>
        lookedAfter.Child("CareAuthority")?.Value.Trim() is { Length: > 0 and <= ImportValues.NameMaxLength } authority ? authority : null;

    /// <summary>R is reception (0); N1, N2 (nursery) and X (outside the national curriculum) have no number.</summary>
    private static int? NcYear(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return null;
        if (string.Equals(text, "R", StringComparison.OrdinalIgnoreCase))
            return 0;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year <= 14 ? year : null;
    }

    private static (string? Provision, IReadOnlyList<string>? Needs) ReadSen(
        XElement? history, IReadOnlySet<string> knownCodes, DateOnly fileDate, Action<XObject, string, string> note)
    {
        if (history is null)
            return (null, null);

        // A history may list several SEN periods; the one that started last is the pupil's current provision.
        var current = history.Children("SEN")
            .Select((sen, index) => (Sen: sen, Index: index, Start: StartDate(sen)))
            .OrderBy(x => x.Start ?? DateOnly.MinValue)
            .ThenBy(x => x.Index)
            .Select(x => x.Sen)
            .LastOrDefault();

        string? provision = null;
        // A period that has ended (SEN support that stopped) leaves no SEN provision now.
        if (current is not null && ImportValues.TryParseDate(current.Text("EndDate") ?? "", out var ended) && ended < fileDate)
            provision = "N";
        else if (current?.Child("SENprovision") is { } provisionElement)
        {
            provision = ImportValues.NormaliseSenProvision(provisionElement.Value);
            if (provision is null)
                note(provisionElement, "SENprovision",
                    $"SEN provision \"{provisionElement.Value.Trim()}\" is not E, K or N, so the stored provision was left alone");
        }

        var needsElement = history.Child("SENneeds");
        if (needsElement is null)
            return (provision, null);

        var ranked = needsElement.Children("SENneed")
            .Select((need, index) => (Need: need, Index: index, Rank: Rank(need.Text("SENrank"))))
            .OrderBy(x => x.Rank)
            .ThenBy(x => x.Index)
            .Select(x => x.Need)
            .ToList();

        var (known, unknown) = ImportValues.SplitSenNeeds(ranked.Select(n => n.Text("SENtype") ?? ""), knownCodes);
        foreach (var code in unknown)
        {
            var at = ranked.First(n => string.Equals(n.Text("SENtype"), code, StringComparison.OrdinalIgnoreCase));
            note(at.Child("SENtype") ?? at, "SENtype", $"SEN need code \"{code}\" is not recognised and was left out");
        }

        return (provision, known);
    }

    private static DateOnly? StartDate(XElement sen) =>
        ImportValues.TryParseDate(sen.Text("StartDate") ?? "", out var date) ? date : null;

    private static int Rank(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var rank) ? rank : int.MaxValue;

    /// <summary>Eligible when any instance is still open on the file's date; a closed history means not eligible now.</summary>
    private static bool? ReadFsm(XElement? history, DateOnly fileDate, Action<XObject, string, string> note)
    {
        if (history is null)
            return null;

        foreach (var instance in history.Children("FSMinstance"))
        {
            var end = instance.Text("FSMendDate");
            if (string.IsNullOrEmpty(end))
                return true;
            if (!ImportValues.TryParseDate(end, out var endDate))
            {
                note(instance, "FSMendDate", $"FSM end date \"{end}\" is not a date, so free school meals were left alone");
                return null;
            }

            if (endDate >= fileDate)
                return true;
        }

        return false;
    }

    private static string? ReadLookedAfter(XElement? lookedAfter, Action<XObject, string, string> note)
    {
        var inCare = lookedAfter.Child("InCare");
        if (inCare is null)
            return null;

        if (ImportValues.TryParseBoolean(inCare.Value, out var isInCare))
            return isInCare ? "LAC" : "";

        note(inCare, "InCare", $"InCare \"{inCare.Value.Trim()}\" is not true or false, so looked-after status was left alone");
        return null;
    }
}
