namespace Pastoral.Features.Schools;

/// <summary>A multi-academy trust, or the one-school "trust" a single school runs as.</summary>
public sealed class Trust
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public List<School> Schools { get; set; } = [];
}

public enum SchoolPhase { Primary, Secondary, AllThrough, Special, AlternativeProvision }

public sealed class School : Data.IVersioned
{
    public int Id { get; set; }
    public int TrustId { get; set; }
    public Trust? Trust { get; set; }
    public required string Name { get; set; }
    /// <summary>Unique reference number (6 digits).</summary>
    public required string Urn { get; set; }
    /// <summary>Local authority number, 3 digits (the LA part of DfE number and UPN).</summary>
    public required string LaNumber { get; set; }
    /// <summary>Establishment number, 4 digits.</summary>
    public required string EstablishmentNumber { get; set; }
    public SchoolPhase Phase { get; set; }
    public string TimeZone { get; set; } = "Europe/London";
    public List<YearGroup> YearGroups { get; set; } = [];
    public List<AcademicYear> AcademicYears { get; set; } = [];
    public List<SchoolPeriod> Periods { get; set; } = [];
    public List<Location> Locations { get; set; } = [];
    /// <summary>Bumped by every set-up save (details, calendar, periods, locations, forms), so two administrators saving at once are told.</summary>
    public int Version { get; set; }

    public string DfeNumber => $"{LaNumber}/{EstablishmentNumber}";
}

public sealed class YearGroup : Security.ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public School? School { get; set; }
    /// <summary>National curriculum year: 0 = Reception, 1..13.</summary>
    public int NcYear { get; set; }
    public required string Name { get; set; }
    public List<Form> Forms { get; set; } = [];
}

public sealed class Form
{
    public int Id { get; set; }
    public int YearGroupId { get; set; }
    public YearGroup? YearGroup { get; set; }
    public required string Name { get; set; }
}
