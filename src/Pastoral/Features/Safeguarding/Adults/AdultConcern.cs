using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Adults;

/// <summary>How the adult is connected to the school.</summary>
public enum AdultRelationship { StaffMember, Volunteer, Contractor, Supply, Other }

/// <summary>A low-level concern, or an allegation that meets the harm threshold (KCSIE Part 4).</summary>
public enum AdultConcernKind { LowLevel, Allegation }

/// <summary>KCSIE Part 4's harm threshold: an allegation names at least one.</summary>
[Flags]
public enum HarmGround
{
    None = 0,
    HarmedChild = 1,
    PossibleOffence = 2,
    PossibleRisk = 4,
    NotSuitable = 8,
}

/// <summary>KCSIE's outcome terms for an allegation, and the usual outcomes of a low-level concern.</summary>
public enum AdultConcernOutcome
{
    Substantiated, Malicious, False, Unsubstantiated, Unfounded,
    NoFurtherAction, AddressedWithIndividual, PatternReview,
}

/// <summary>
/// A concern about an adult who works with the school's children (issue 10 item 9): a separate log, never on any pupil's record.
/// Restricted: read only through <see cref="RestrictedAccess"/> as <see cref="RecordOf"/>: the school's headteacher and DSL (not
/// deputies), a case manager it is shared with, and for one about the headteacher only the chair of governors it is shared with.
/// The adult it is about (when linked to their staff account) never reads it.
/// </summary>
public sealed class AdultConcern : IAudited, IVersioned, ISchoolOwned, IRestrictedContent
{
    public const string RecordType = "AdultConcern";
    public const int TextMax = 4000;
    public const int NameMax = 200;
    public const int ShortMax = 100;

    public int Id { get; set; }
    public int SchoolId { get; set; }
    public required string AdultName { get; set; }
    public string? AdultRole { get; set; }
    public AdultRelationship Relationship { get; set; }
    /// <summary>The adult's staff account, when they have one: they never read the record, nor hear of it.</summary>
    public Guid? AdultStaffId { get; set; }
    /// <summary>About the headteacher: read by the chair of governors it is shared with, not by the school's headteacher or DSL.</summary>
    public bool AboutHeadteacher { get; set; }
    /// <summary>Only for the retention rule (normal pension age).</summary>
    public DateOnly? AdultDateOfBirth { get; set; }
    public AdultConcernKind Kind { get; set; }
    public HarmGround Grounds { get; set; }
    /// <summary>What was reported.</summary>
    public required string Reported { get; set; }
    /// <summary>Who reported it to the school (may be the person recording it).</summary>
    public required string ReportedBy { get; set; }
    public DateOnly ReportedOn { get; set; }
    /// <summary>Children involved, as free text only: never linked to pupil records.</summary>
    public string? ChildrenInvolved { get; set; }
    public Guid RaisedById { get; set; }
    public required string RaisedByName { get; set; }
    public DateTime RaisedAt { get; set; }
    public DateOnly? LadoReferredOn { get; set; }
    public string? LadoReference { get; set; }
    public string? LadoAdvice { get; set; }
    public string? LadoOutcome { get; set; }
    public AdultConcernOutcome? Outcome { get; set; }
    /// <summary>Worked out by <see cref="AdultConcernRetention"/> whenever the record changes; null: until the adult leaves, then review.</summary>
    public DateOnly? KeepUntil { get; set; }
    public int Version { get; set; }
    public List<AdultConcernAction> Actions { get; set; } = [];

    /// <summary>
    /// The record as <see cref="RestrictedAccess"/> knows it: the school's headteacher and DSL read it by role, except one about the
    /// headteacher (only those it is shared with); the adult it is about never reads it.
    /// </summary>
    public static RestrictedRecord RecordOf(int id, int schoolId, bool aboutHeadteacher, Guid? adultStaffId) =>
        RestrictedRecord.OfSchool(RecordType, id, schoolId, aboutHeadteacher ? null : AdultsModule.ReadAdultConcerns, adultStaffId);

    int? IAudited.AuditPupilId => null;
    int? IAudited.AuditSchoolId => SchoolId;
}

/// <summary>One action or decision on a concern about an adult, with its reason (KCSIE: decisions recorded with reasons).</summary>
public sealed class AdultConcernAction : IAudited, IRestrictedContent
{
    public int Id { get; set; }
    public int ConcernId { get; set; }
    public int SchoolId { get; set; }
    public DateOnly On { get; set; }
    public required string What { get; set; }
    public string? Reason { get; set; }
    public required string ByName { get; set; }
    public DateTime RecordedAt { get; set; }

    int? IAudited.AuditPupilId => null;
    int? IAudited.AuditSchoolId => SchoolId;
}

/// <summary>Words staff use for the choices above.</summary>
public static class AdultConcernWords
{
    public static string Of(AdultRelationship r) => r switch
    {
        AdultRelationship.StaffMember => "Member of staff",
        AdultRelationship.Volunteer => "Volunteer",
        AdultRelationship.Contractor => "Contractor",
        AdultRelationship.Supply => "Supply staff",
        _ => "Other",
    };

    public static string Of(AdultConcernKind k) => k == AdultConcernKind.Allegation ? "Allegation" : "Low-level concern";

    public static string Of(HarmGround g) => g switch
    {
        HarmGround.HarmedChild => "Behaved in a way that has harmed a child, or may have harmed a child",
        HarmGround.PossibleOffence => "Possibly committed a criminal offence against or related to a child",
        HarmGround.PossibleRisk => "Behaved towards a child or children in a way that indicates they may pose a risk of harm to children",
        HarmGround.NotSuitable => "Behaved or may have behaved in a way that indicates they may not be suitable to work with children",
        _ => "",
    };

    public static readonly HarmGround[] Grounds = [HarmGround.HarmedChild, HarmGround.PossibleOffence, HarmGround.PossibleRisk, HarmGround.NotSuitable];

    public static string Of(AdultConcernOutcome o) => o switch
    {
        AdultConcernOutcome.NoFurtherAction => "No further action",
        AdultConcernOutcome.AddressedWithIndividual => "Addressed with the individual",
        AdultConcernOutcome.PatternReview => "Pattern review (a pattern of concerns: consider the harm threshold)",
        _ => o.ToString(),
    };

    /// <summary>The outcomes that fit a kind: KCSIE's five for an allegation; for a low-level concern, the school's usual three.</summary>
    public static IReadOnlyList<AdultConcernOutcome> OutcomesFor(AdultConcernKind kind) => kind == AdultConcernKind.Allegation
        ? [AdultConcernOutcome.Substantiated, AdultConcernOutcome.Malicious, AdultConcernOutcome.False, AdultConcernOutcome.Unsubstantiated, AdultConcernOutcome.Unfounded]
        : [AdultConcernOutcome.NoFurtherAction, AdultConcernOutcome.AddressedWithIndividual, AdultConcernOutcome.PatternReview];
}
