using Pastoral.Data;
using Pastoral.Features.Schools;

namespace Pastoral.Features.Pupils;

public enum SenProvision { N, K, E }
public enum LookedAfterStatus { None, Lac, Plac }

public sealed class Pupil : IAudited, IVersioned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public School? School { get; set; }
    public required string Upn { get; set; }
    public required string LegalSurname { get; set; }
    public required string LegalForename { get; set; }
    public string? PreferredSurname { get; set; }
    public string? PreferredForename { get; set; }
    public string? MiddleNames { get; set; }
    public DateOnly DateOfBirth { get; set; }
    /// <summary>M, F or U (unknown), as the census records it.</summary>
    public char Sex { get; set; } = 'U';
    public int? YearGroupId { get; set; }
    public YearGroup? YearGroup { get; set; }
    public int? FormId { get; set; }
    public Form? Form { get; set; }
    public DateOnly OnRollFrom { get; set; }
    public DateOnly? OnRollTo { get; set; }

    public SenProvision SenProvision { get; set; } = SenProvision.N;
    /// <summary>Has an education, health and care plan: SEN provision E is the one source of truth.</summary>
    public bool Ehcp => SenProvision == SenProvision.E;
    public bool PupilPremium { get; set; }
    public bool Fsm { get; set; }
    public LookedAfterStatus LookedAfter { get; set; }
    public string? CareAuthority { get; set; }
    public bool YoungCarer { get; set; }
    public bool Eal { get; set; }

    /// <summary>Home address, as the MIS or CTF gives it; home visits need it.</summary>
    public string? AddressLine1 { get; set; }
    public string? AddressLine2 { get; set; }
    public string? AddressLine3 { get; set; }
    public string? Town { get; set; }
    /// <summary>The county, or for an address outside the UK its country (a CTF's "Channel Islands").</summary>
    public string? County { get; set; }
    public string? Postcode { get; set; }

    public List<PupilSenNeed> SenNeeds { get; set; } = [];
    public List<PupilContact> Contacts { get; set; } = [];

    /// <summary>Lower-case names and UPN, kept by the DbContext so search is case-insensitive on every provider.</summary>
    public string SearchText { get; set; } = "";
    public int Version { get; set; }

    int? IAudited.AuditPupilId => Id;
    int? IAudited.AuditSchoolId => SchoolId;

    public string Forename => Preferred(PreferredForename, LegalForename);
    public string Surname => Preferred(PreferredSurname, LegalSurname);
    public string DisplayName => NameOf(Forename, Surname);

    /// <summary>The preferred name where one is given (a blank one is not), else the legal one: for a query that projects the name columns.</summary>
    public static string Preferred(string? preferred, string legal) => string.IsNullOrWhiteSpace(preferred) ? legal : preferred;

    /// <summary>How a pupil is named to staff (<see cref="DisplayName"/>), from the forename and surname <see cref="Preferred"/> chose.</summary>
    public static string NameOf(string forename, string surname) => $"{forename} {surname}";
    /// <summary>One line ("14 Example Road, Sampletown, ZZ99 9ZZ"); null when no address is recorded.</summary>
    public string? HomeAddress => JoinAddress(AddressLine1, AddressLine2, AddressLine3, Town, County, Postcode);

    public static string? JoinAddress(params string?[] parts)
    {
        var joined = string.Join(", ", parts.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!.Trim()));
        return joined.Length == 0 ? null : joined;
    }

    public bool OnRoll(DateOnly day) => OnRollFrom <= day && (OnRollTo is null || OnRollTo >= day);

    public void RefreshSearchText() =>
        SearchText = string.Join(' ', new[] { LegalForename, PreferredForename, LegalSurname, PreferredSurname, Upn }
            .Where(s => !string.IsNullOrWhiteSpace(s))).ToLowerInvariant();
}

public sealed class PupilSenNeed : IAudited, Security.IPupilOwned
{
    public int Id { get; set; }
    public int PupilId { get; set; }
    /// <summary>Code from the census list (Reference/sen-need-codes.csv).</summary>
    public required string Code { get; set; }
    /// <summary>1 = primary need.</summary>
    public int Rank { get; set; } = 1;
    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => null;
}

public sealed class PupilContact : IAudited, IVersioned, Security.IPupilOwned
{
    public int Id { get; set; }
    public int PupilId { get; set; }
    public int Priority { get; set; } = 1;
    public string? Title { get; set; }
    public required string Forename { get; set; }
    public required string Surname { get; set; }
    public required string Relationship { get; set; }
    public bool ParentalResponsibility { get; set; }
    public string? Phone { get; set; }
    public string? MobilePhone { get; set; }
    public string? Email { get; set; }
    public string? Address { get; set; }
    /// <summary>The contact lives with the pupil (a CTF's AddressAsPupil): the pupil's home address is shown, kept in one place.</summary>
    public bool AddressAsPupil { get; set; }
    public int Version { get; set; }
    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => null;

    /// <summary>The address to show: the pupil's when the contact lives with them.</summary>
    public string? AddressFor(Pupil pupil) => AddressAsPupil ? pupil.HomeAddress ?? Address : Address;

    public string DisplayName => string.IsNullOrWhiteSpace(Title) ? $"{Forename} {Surname}" : $"{Title} {Forename} {Surname}";
}
