using Pastoral.Features.Schools;

namespace Pastoral.Features.Pupils.Import;

/// <summary>Copies what a row carries onto a pupil. Null means "not carried": the stored value stays.</summary>
public static class PupilRowMapping
{
    /// <summary>LookedAfter value meaning "not currently in care": clears LAC, keeps PLAC.</summary>
    public const string NotInCare = "NOT-IN-CARE";

    public static void Apply(PupilImportRow row, Pupil pupil, YearGroup? year, Form? form, Action<object> remove)
    {
        pupil.LegalSurname = row.LegalSurname;
        pupil.LegalForename = row.LegalForename;
        if (row.PreferredSurname is not null) pupil.PreferredSurname = Blank(row.PreferredSurname);
        if (row.PreferredForename is not null) pupil.PreferredForename = Blank(row.PreferredForename);
        if (row.MiddleNames is not null) pupil.MiddleNames = Blank(row.MiddleNames);
        pupil.DateOfBirth = row.DateOfBirth;
        pupil.Sex = row.Sex is { Length: > 0 } ? row.Sex[0] : 'U';
        // A form belongs to a year group: moving year without naming a form leaves the pupil with no form, not the old year's.
        if (year is not null && form is null && pupil.YearGroupId is { } oldYear && oldYear != year.Id) { pupil.Form = null; pupil.FormId = null; }
        if (year is not null) { pupil.YearGroupId = year.Id; pupil.YearGroup = year; }
        if (form is not null) { pupil.Form = form; pupil.FormId = form.Id == 0 ? null : form.Id; }
        else if (row.Form is not null && year is not null) { pupil.Form = null; pupil.FormId = null; }
        if (row.OnRollFrom is { } from) pupil.OnRollFrom = from;
        if (row.OnRollTo is { } to) pupil.OnRollTo = to;
        if (row.SenProvision is { } sen) pupil.SenProvision = Enum.Parse<SenProvision>(sen);
        if (row.Ehcp is true && row.SenProvision is null) pupil.SenProvision = SenProvision.E; // an EHC plan is provision E
        if (row.PupilPremium is { } pp) pupil.PupilPremium = pp;
        if (row.Fsm is { } fsm) pupil.Fsm = fsm;
        if (row.YoungCarer is { } carer) pupil.YoungCarer = carer;
        if (row.Eal is { } eal) pupil.Eal = eal;
        if (row.LookedAfter is { } lac)
            pupil.LookedAfter = lac switch
            {
                "LAC" => LookedAfterStatus.Lac,
                "PLAC" => LookedAfterStatus.Plac,
                NotInCare => pupil.LookedAfter == LookedAfterStatus.Lac ? LookedAfterStatus.None : pupil.LookedAfter,
                _ => LookedAfterStatus.None,
            };
        // row.ChildProtection is not a pupil field: PupilImporter hands it to the safeguarding record.
        if (row.CareAuthority is { } authority) pupil.CareAuthority = authority;
        if (pupil.LookedAfter != LookedAfterStatus.Lac) pupil.CareAuthority = null;
        if (row.Address is { } home)
        {
            pupil.AddressLine1 = Blank(home.Line1);
            pupil.AddressLine2 = Blank(home.Line2);
            pupil.AddressLine3 = Blank(home.Line3);
            pupil.Town = Blank(home.Town);
            pupil.County = Blank(home.County);
            pupil.Postcode = Blank(home.Postcode);
        }
        if (row.SenNeeds is { } needs) ApplyNeeds(pupil, needs, remove);
        if (row.Contacts is { } contacts) ApplyContacts(pupil, contacts, remove);
    }

    private static void ApplyNeeds(Pupil pupil, IReadOnlyList<string> needs, Action<object> remove)
    {
        var wanted = needs.Select((code, i) => (code, rank: i + 1)).ToList();
        foreach (var old in pupil.SenNeeds.Where(n => !needs.Contains(n.Code)).ToList())
        {
            pupil.SenNeeds.Remove(old);
            if (old.Id != 0) remove(old);
        }
        foreach (var (code, rank) in wanted)
        {
            var need = pupil.SenNeeds.FirstOrDefault(n => n.Code == code);
            if (need is null) pupil.SenNeeds.Add(new PupilSenNeed { Code = code, Rank = rank });
            else if (need.Rank != rank) need.Rank = rank;
        }
    }

    private static void ApplyContacts(Pupil pupil, IReadOnlyList<ContactImportRow> rows, Action<object> remove)
    {
        static string Key(string f, string s, string r) => $"{f}|{s}|{r}".ToLowerInvariant();
        var keep = new HashSet<PupilContact>();
        foreach (var row in rows)
        {
            var contact = pupil.Contacts.FirstOrDefault(c => !keep.Contains(c) && Key(c.Forename, c.Surname, c.Relationship) == Key(row.Forename, row.Surname, row.Relationship));
            if (contact is null)
            {
                contact = new PupilContact { Forename = row.Forename, Surname = row.Surname, Relationship = row.Relationship };
                pupil.Contacts.Add(contact);
            }
            contact.Priority = row.Priority;
            contact.Title = Blank(row.Title);
            contact.ParentalResponsibility = row.ParentalResponsibility;
            contact.Phone = Blank(row.Phone);
            contact.MobilePhone = Blank(row.MobilePhone);
            contact.Email = Blank(row.Email);
            contact.Address = Blank(row.Address);
            contact.AddressAsPupil = row.AddressAsPupil;
            keep.Add(contact);
        }
        foreach (var gone in pupil.Contacts.Where(c => !keep.Contains(c)).ToList())
        {
            pupil.Contacts.Remove(gone);
            if (gone.Id != 0) remove(gone);
        }
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
