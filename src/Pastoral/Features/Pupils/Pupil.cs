using Pastoral.Data;
using Pastoral.Features.Schools;

namespace Pastoral.Features.Pupils;

public enum SenProvision { N, K, E }
public enum LookedAfterStatus { None, Lac, Plac }
/// <summary>Child protection / child in need status. Restricted: only staff who may read safeguarding records see it.</summary>
public enum ChildProtectionStatus { None, Cin, Cp }

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
    public ChildProtectionStatus ChildProtection { get; set; }
    public bool YoungCarer { get; set; }
    public bool Eal { get; set; }

    public List<PupilSenNeed> SenNeeds { get; set; } = [];
    public List<PupilContact> Contacts { get; set; } = [];

    /// <summary>Lower-case names and UPN, kept by the DbContext so search is case-insensitive on every provider.</summary>
    public string SearchText { get; set; } = "";
    public int Version { get; set; }

    int? IAudited.AuditPupilId => Id;
    int? IAudited.AuditSchoolId => SchoolId;

    public string Forename => string.IsNullOrWhiteSpace(PreferredForename) ? LegalForename : PreferredForename;
    public string Surname => string.IsNullOrWhiteSpace(PreferredSurname) ? LegalSurname : PreferredSurname;
    public string DisplayName => $"{Forename} {Surname}";
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
    public int Version { get; set; }
    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => null;

    public string DisplayName => string.IsNullOrWhiteSpace(Title) ? $"{Forename} {Surname}" : $"{Title} {Forename} {Surname}";
}
