using System.Globalization;

namespace Pastoral.Features.Safeguarding.Orders;

/// <summary>A looked-after pupil's care details: one record per pupil, for pupils whose LAC flag is set. All restricted.</summary>
public sealed class CareForm : RecordForm<LookedAfterCare>
{
    public const string Authority = "careAuthority", WorkerName = "socialWorkerName", WorkerPhone = "socialWorkerPhone", WorkerEmail = "socialWorkerEmail",
        VirtualSchool = "virtualSchoolContact", PepDates = "pepDates", NextPep = "nextPepDue", Placement = "placementType";

    public override string Slug => "care";
    public override string RecordType => LookedAfterCare.RecordType;
    public override string Noun => "looked-after care details";

    public override IReadOnlyList<FormField> Fields(OrderPupil pupil) =>
    [
        new(Authority, "Care authority", FieldKind.Text, "The local authority that looks after the child, for example 999 Demo County Council.", Max: 100),
        new(WorkerName, "Social worker's name", FieldKind.Text, Max: 100),
        new(WorkerPhone, "Social worker's phone", FieldKind.Text, Max: 30),
        new(WorkerEmail, "Social worker's email", FieldKind.Text, Max: 200),
        new(VirtualSchool, "Virtual school contact", FieldKind.Text, "Name, phone or email of the virtual school head or their officer.", Max: 200),
        new(PepDates, "PEP meetings held", FieldKind.Text, "Dates separated by commas, for example 2026-09-15, 2026-11-20.", Max: 400),
        new(NextPep, "Next PEP due", FieldKind.Date),
        new(Placement, "Placement type", FieldKind.Text, "For example foster care with a local authority carer, kinship care, residential home.", Max: 200),
    ];

    public override RestrictedPupilRecord New(int pupilId, string byName, DateTime at) => new LookedAfterCare { PupilId = pupilId, RecordedByName = byName, RecordedAt = at };

    public override Dictionary<string, string?> Values(RestrictedPupilRecord record)
    {
        var c = (LookedAfterCare)record;
        return new()
        {
            [Authority] = c.CareAuthority, [WorkerName] = c.SocialWorkerName, [WorkerPhone] = c.SocialWorkerPhone, [WorkerEmail] = c.SocialWorkerEmail,
            [VirtualSchool] = c.VirtualSchoolContact, [PepDates] = c.PepDates, [NextPep] = Date(c.NextPepDue), [Placement] = c.PlacementType,
        };
    }

    public override Dictionary<string, string> Check(OrderPupil pupil, IReadOnlyDictionary<string, string?> v, DateOnly today)
    {
        var errors = new Dictionary<string, string>();
        if (!pupil.LookedAfter) errors[Authority] = "Care details are kept only for a looked-after pupil: set the pupil's looked-after flag first.";
        if (v.Values.All(x => x is null)) errors[Authority] = "Enter at least the care authority.";
        if (v[WorkerPhone] is { } p && !p.All(ch => char.IsAsciiDigit(ch) || ch is ' ' or '+' or '(' or ')' or '-'))
            errors[WorkerPhone] = "Enter a phone number using digits, spaces and + ( ) - only.";
        if (v[WorkerEmail] is { } m && (!m.Contains('@', StringComparison.Ordinal) || m.Contains(' ', StringComparison.Ordinal)))
            errors[WorkerEmail] = "Enter an email address like name@example.org.";
        if (v[PepDates] is { } dates && ParsePepDates(dates) is null)
            errors[PepDates] = "Enter each PEP date like 2026-09-15, separated by commas.";
        CheckCommon(pupil, v, errors);
        return errors;
    }

    /// <summary>The PEP dates, oldest first; null when one is not a date.</summary>
    public static List<DateOnly>? ParsePepDates(string text)
    {
        var dates = new List<DateOnly>();
        foreach (var part in text.Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!DateOnly.TryParseExact(part, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return null;
            dates.Add(d);
        }
        return [.. dates.Distinct().Order()];
    }

    public override void Apply(RestrictedPupilRecord record, IReadOnlyDictionary<string, string?> v)
    {
        var c = (LookedAfterCare)record;
        (c.CareAuthority, c.SocialWorkerName, c.SocialWorkerPhone, c.SocialWorkerEmail) = (Clip(v[Authority]), Clip(v[WorkerName]), Clip(v[WorkerPhone]), Clip(v[WorkerEmail]));
        c.VirtualSchoolContact = Clip(v[VirtualSchool]);
        c.PepDates = v[PepDates] is { } d ? string.Join(", ", ParsePepDates(d)!.Select(x => x.ToString(DateFormat, Invariant))) : null;
        c.NextPepDue = ParseDate(v[NextPep]);
        c.PlacementType = Clip(v[Placement]);
    }

    public override string Title(RestrictedPupilRecord record, OrderPupil pupil) =>
        $"Looked-after care details{(((LookedAfterCare)record).CareAuthority is { } a ? $": {a}" : "")}";
}
