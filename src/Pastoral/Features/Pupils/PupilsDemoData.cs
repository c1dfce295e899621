using Bogus;
using Pastoral.Features.Schools;
using Pastoral.Infrastructure.Demo;

namespace Pastoral.Features.Pupils;

/// <summary>Synthetic pupils with contacts and flags at roughly national rates for secondary schools in England.</summary>
public sealed class PupilsDemoData : IDemoData
{
    private static readonly string[] NeedCodes = ["SEMH", "SPLD", "ASD", "SLCN", "MLD", "HI", "VI", "PD", "OTH"];
    public int Order => 10;

    public async Task AddAsync(DemoContext demo, CancellationToken ct)
    {
        if (demo.Size.PupilsPerSchool > 4995)
            throw new ArgumentOutOfRangeException(nameof(demo), "At most 4,995 pupils per school: a UPN serial has three digits per year of allocation.");
        var f = demo.Faker;
        var names = demo.Names;
        var total = demo.Size.Schools * demo.Size.PupilsPerSchool;
        var made = 0;
        foreach (var school in demo.Schools)
        {
            var years = school.YearGroups.OrderBy(y => y.NcYear).ToList();
            var batch = new List<Pupil>(demo.Size.PupilsPerSchool);
            for (var n = 0; n < demo.Size.PupilsPerSchool; n++)
            {
                var year = years[n % years.Count];
                var form = year.Forms[n / years.Count % year.Forms.Count];
                var sex = f.Random.Bool() ? 'F' : 'M';
                var surname = f.Name.LastName();
                var ageStart = demo.Today.Month >= 9 ? demo.Today.Year : demo.Today.Year - 1;
                var dob = new DateOnly(ageStart - year.NcYear - 5, 9, 1).AddDays(f.Random.Int(0, 364));
                var sen = f.Random.Double() switch { < 0.04 => SenProvision.E, < 0.17 => SenProvision.K, _ => SenProvision.N };
                var pupil = new Pupil
                {
                    SchoolId = school.Id, YearGroupId = year.Id, FormId = form.Id,
                    Upn = Upn.Generate(int.Parse(school.LaNumber), int.Parse(school.EstablishmentNumber), (ageStart - (year.NcYear - 7)) % 100, n / years.Count + 1),
                    LegalSurname = surname, LegalForename = names.Name.FirstName(sex == 'F' ? Bogus.DataSets.Name.Gender.Female : Bogus.DataSets.Name.Gender.Male),
                    PreferredForename = f.Random.Double() < 0.06 ? names.Name.FirstName(sex == 'F' ? Bogus.DataSets.Name.Gender.Female : Bogus.DataSets.Name.Gender.Male) : null,
                    DateOfBirth = dob, Sex = sex,
                    OnRollFrom = new DateOnly(ageStart - (year.NcYear - 7), 9, 1).AddDays(f.Random.Double() < 0.08 ? f.Random.Int(20, 300) : 0),
                    SenProvision = sen,
                    Fsm = f.Random.Double() < 0.24, Eal = f.Random.Double() < 0.17, YoungCarer = f.Random.Double() < 0.02,
                    LookedAfter = f.Random.Double() switch { < 0.007 => LookedAfterStatus.Lac, < 0.012 => LookedAfterStatus.Plac, _ => LookedAfterStatus.None },
                };
                _ = f.Random.Double(); // was the CP/CIN draw (now SafeguardingDemoData): keeps the seeded demo the same pupils
                pupil.PupilPremium = pupil.Fsm || pupil.LookedAfter != LookedAfterStatus.None || f.Random.Double() < 0.04;
                if (pupil.LookedAfter == LookedAfterStatus.Lac) pupil.CareAuthority = "Demo County Council";
                if (sen != SenProvision.N)
                    pupil.SenNeeds.Add(new PupilSenNeed { Code = f.PickRandom(NeedCodes), Rank = 1 });
                AddContacts(f, names, pupil, surname);
                pupil.RefreshSearchText();
                batch.Add(pupil);
            }
            demo.Db.Pupils.AddRange(batch);
            await demo.FlushAsync(ct);
            made += batch.Count;
            demo.Count("pupils", batch.Count);
            demo.Count("contacts", batch.Sum(p => p.Contacts.Count));
            demo.Report("Pupils", made, total);
        }
    }

    private static void AddContacts(Faker f, Faker names, Pupil pupil, string surname)
    {
        var mother = new PupilContact
        {
            Priority = 1, Title = "Ms", Forename = names.Name.FirstName(Bogus.DataSets.Name.Gender.Female),
            Surname = f.Random.Double() < 0.8 ? surname : f.Name.LastName(), Relationship = "Mother", ParentalResponsibility = true,
            MobilePhone = "07700 900" + f.Random.Int(0, 999).ToString("D3"), Email = $"parent{f.Random.Int(1000, 999999)}@example.org",
            AddressAsPupil = true,
        };
        // The pupil's home address (home visits need it); the parents live there. The same draws as before, so the seeded
        // demo keeps the same pupils; the postcode is in ZZ99, which no real address uses.
        var house = f.Random.Int(1, 180);
        pupil.AddressLine1 = $"{house} {f.Address.StreetName()}";
        pupil.Town = f.Address.City();
        pupil.Postcode = $"ZZ99 {house % 10}{(char)('A' + house % 26)}{(char)('A' + pupil.Town.Length % 26)}";
        pupil.Contacts.Add(mother);
        if (f.Random.Double() < 0.7)
            pupil.Contacts.Add(new PupilContact
            {
                Priority = 2, Title = "Mr", Forename = names.Name.FirstName(Bogus.DataSets.Name.Gender.Male), Surname = surname,
                Relationship = "Father", ParentalResponsibility = f.Random.Double() < 0.9,
                MobilePhone = "07700 900" + f.Random.Int(0, 999).ToString("D3"), AddressAsPupil = true,
            });
        if (f.Random.Double() < 0.25)
        {
            var relationship = f.PickRandom("Grandmother", "Grandfather", "Aunt", "Uncle", "Family friend");
            var gender = relationship is "Grandfather" or "Uncle" ? Bogus.DataSets.Name.Gender.Male : Bogus.DataSets.Name.Gender.Female;
            pupil.Contacts.Add(new PupilContact
            {
                Priority = pupil.Contacts.Count + 1, Forename = names.Name.FirstName(gender), Surname = f.Name.LastName(),
                Relationship = relationship, Phone = "01632 960" + f.Random.Int(0, 999).ToString("D3"),
            });
        }
    }
}
