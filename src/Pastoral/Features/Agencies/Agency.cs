using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Agencies;

/// <summary>
/// A service outside school that staff signpost families to or refer pupils to (Early Help, CAMHS, a food bank). It belongs to
/// the trust; when <see cref="Schools"/> is empty every school of the trust uses it, otherwise only those schools.
/// </summary>
public sealed class Agency : IAudited, IVersioned
{
    public const int NameMaxLength = 150;
    public const int TextMaxLength = 400;
    public const int NotesMaxLength = 2000;

    public int Id { get; set; }
    public int TrustId { get; set; }
    public required string Name { get; set; }
    /// <summary>The team or service within the organisation ("0-19 Emotional Wellbeing Team").</summary>
    public string? Team { get; set; }
    /// <summary>A code from Reference/agency-kinds.csv (<see cref="AgencyKinds"/>).</summary>
    public required string Kind { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    /// <summary>A secure e-mail address for safeguarding referrals (a CJSM or council secure mailbox), when the agency has one.</summary>
    public string? SecureEmail { get; set; }
    public string? Address { get; set; }
    public string? Website { get; set; }
    /// <summary>How to refer: the form, portal or phone line, and what the agency asks for.</summary>
    public string? HowToRefer { get; set; }
    /// <summary>Working days the agency aims to answer a referral in; a referral with no answer after this is overdue.</summary>
    public int? ResponseDays { get; set; }
    /// <summary>Or hours, for agencies that answer within a day (MASH: 24 hours); an agency gives days or hours, not both.</summary>
    public int? ResponseHours { get; set; }
    public string? Notes { get; set; }
    public bool Archived { get; set; }
    public List<AgencySchool> Schools { get; set; } = [];
    public int Version { get; set; }

    int? IAudited.AuditPupilId => null;
    int? IAudited.AuditSchoolId => null;
}

/// <summary>An agency limited to some schools of the trust: one row per school that uses it.</summary>
public sealed class AgencySchool
{
    public int AgencyId { get; set; }
    public int SchoolId { get; set; }
}

/// <summary>The kinds of agency, loaded as data from Reference/agency-kinds.csv so a trust can add its own.</summary>
public static class AgencyKinds
{
    private static readonly Lazy<IReadOnlyList<AgencyKind>> Loaded = new(() => ReferenceData.Load<AgencyKind>("agency-kinds.csv"));
    public static IReadOnlyList<AgencyKind> All => Loaded.Value;

    /// <summary>The code for a code or a name typed in any case; null when it is neither.</summary>
    public static string? Find(string? codeOrName) => string.IsNullOrWhiteSpace(codeOrName) ? null
        : All.FirstOrDefault(k => string.Equals(k.Code, codeOrName.Trim(), StringComparison.OrdinalIgnoreCase)
                                || string.Equals(k.Name, codeOrName.Trim(), StringComparison.OrdinalIgnoreCase))?.Code;

    public static string Name(string code) => All.FirstOrDefault(k => k.Code == code)?.Name ?? code;
}

public sealed class AgencyKind
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
}
