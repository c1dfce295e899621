using System.Globalization;

namespace Pastoral.Features.Safeguarding.Orders;

/// <summary>A court order or contact restriction: who it concerns, what is restricted, its dates (plain) and the order's detail (restricted).</summary>
public sealed class CourtOrderForm : RecordForm<CourtOrder>
{
    public const string Kind = "kind", KindOther = "kindOther", Contact = "contact", Person = "personName", MayNotCollect = "mayNotCollect",
        NoInformation = "noInformation", NoContact = "noContact", Start = "startDate", End = "endDate", Court = "court", Reference = "reference", Terms = "terms";

    public override string Slug => "orders";
    public override string RecordType => CourtOrder.RecordType;
    public override string Noun => "court order or contact restriction";

    public static readonly IReadOnlyList<(CourtOrderKind Kind, string Words)> Kinds =
    [
        (CourtOrderKind.NonMolestation, "Non-molestation order"), (CourtOrderKind.ProhibitedSteps, "Prohibited steps order"),
        (CourtOrderKind.ChildArrangements, "Child arrangements order"), (CourtOrderKind.SpecialGuardianship, "Special guardianship order"),
        (CourtOrderKind.Injunction, "Injunction"), (CourtOrderKind.Other, "Other order or restriction"),
    ];

    public static string KindWords(CourtOrderKind kind) => Kinds.First(k => k.Kind == kind).Words;

    public override IReadOnlyList<FormField> Fields(OrderPupil pupil) =>
    [
        new(Kind, "Kind of order", FieldKind.Choice, Options: [.. Kinds.Select(k => (k.Kind.ToString(), k.Words))]),
        new(KindOther, "What the order is", FieldKind.Text, "Only for another kind of order.", Max: 200),
        new(Contact, "Which of the pupil's contacts it concerns", FieldKind.Choice, "Or name someone not on the contact list below.",
            [("", "Nobody on the contact list"), .. pupil.Contacts.Select(c => (c.Id.ToString(CultureInfo.InvariantCulture), c.Name))], Plain: true),
        new(Person, "Someone not on the contact list", FieldKind.Text, "Their full name, as staff would be told it at the door.", Max: 200, Plain: true),
        new(MayNotCollect, "May not collect the child", FieldKind.Check, Plain: true),
        new(NoInformation, "May not be given information about the child", FieldKind.Check, Plain: true),
        new(NoContact, "No contact at all", FieldKind.Check, Plain: true),
        new(Start, "Start date", FieldKind.Date),
        new(End, "End date", FieldKind.Date, "Leave blank if the order has no end date. Staff stop seeing the warning after it.", Plain: true),
        new(Court, "Court", FieldKind.Text, Max: 200),
        new(Reference, "Court reference", FieldKind.Text, Max: 100),
        new(Terms, "Terms of the order", FieldKind.LongText, "What the order says, in its own words where it matters.", Max: 4000),
    ];

    public override RestrictedPupilRecord New(int pupilId, string byName, DateTime at) => new CourtOrder { PupilId = pupilId, RecordedByName = byName, RecordedAt = at };

    public override Dictionary<string, string?> Defaults(DateTime localNow) => new() { [Start] = DateOnly.FromDateTime(localNow).ToString(DateFormat, Invariant) };

    public override Dictionary<string, string?> Values(RestrictedPupilRecord record)
    {
        var o = (CourtOrder)record;
        return new()
        {
            [Kind] = o.Kind.ToString(), [KindOther] = o.KindOther, [Contact] = o.ContactId?.ToString(Invariant), [Person] = o.PersonName,
            [MayNotCollect] = o.MayNotCollect ? "true" : "false", [NoInformation] = o.NoInformation ? "true" : "false", [NoContact] = o.NoContact ? "true" : "false",
            [Start] = Date(o.StartDate), [End] = Date(o.EndDate), [Court] = o.Court, [Reference] = o.Reference, [Terms] = o.Terms,
        };
    }

    public override Dictionary<string, string> Check(OrderPupil pupil, IReadOnlyDictionary<string, string?> v, DateOnly today)
    {
        var errors = new Dictionary<string, string>();
        if (v[Kind] is null) errors[Kind] = "Choose the kind of order.";
        if (v[Kind] == nameof(CourtOrderKind.Other) && v[KindOther] is null) errors[KindOther] = "Say what the order is.";
        if (v[Contact] is { } c && pupil.Contacts.All(x => x.Id.ToString(Invariant) != c))
            errors[Contact] = "Choose one of this pupil's contacts, or name the person below.";
        if (v[Contact] is null && v[Person] is null) errors[Contact] = "Choose the contact the order concerns, or name the person.";
        if (v[MayNotCollect] != "true" && v[NoInformation] != "true" && v[NoContact] != "true")
            errors[MayNotCollect] = "Choose what is restricted: collecting the child, being given information, or all contact.";
        if (v[Start] is null) errors[Start] = "Enter the date the order starts.";
        CheckCommon(pupil, v, errors);
        if (!errors.ContainsKey(Start) && !errors.ContainsKey(End) && ParseDate(v[Start]) is { } s && ParseDate(v[End]) is { } e && e < s)
            errors[End] = "The end date must be on or after the start date.";
        return errors;
    }

    public override void Apply(RestrictedPupilRecord record, IReadOnlyDictionary<string, string?> v)
    {
        var o = (CourtOrder)record;
        o.Kind = Enum.Parse<CourtOrderKind>(v[Kind]!);
        o.KindOther = o.Kind == CourtOrderKind.Other ? Clip(v[KindOther]) : null;
        o.ContactId = v[Contact] is { } c ? int.Parse(c, Invariant) : null;
        o.PersonName = Clip(v[Person]);
        (o.MayNotCollect, o.NoInformation, o.NoContact) = (v[MayNotCollect] == "true", v[NoInformation] == "true", v[NoContact] == "true");
        o.StartDate = ParseDate(v[Start])!.Value;
        o.EndDate = ParseDate(v[End]);
        (o.Court, o.Reference, o.Terms) = (Clip(v[Court]), Clip(v[Reference]), Clip(v[Terms]));
    }

    public override string Title(RestrictedPupilRecord record, OrderPupil pupil)
    {
        var o = (CourtOrder)record;
        var who = o.ContactId is { } id ? pupil.Contacts.FirstOrDefault(c => c.Id == id).Name : o.PersonName;
        return $"{(o.Kind == CourtOrderKind.Other ? o.KindOther ?? KindWords(o.Kind) : KindWords(o.Kind))}: {who}";
    }
}
