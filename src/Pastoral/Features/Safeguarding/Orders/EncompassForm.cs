
namespace Pastoral.Features.Safeguarding.Orders;

/// <summary>An Operation Encompass notification from the police, with who was told in school and the support given. All restricted.</summary>
public sealed class EncompassForm : RecordForm<EncompassNotification>
{
    public const string Received = "receivedAt", Incident = "incidentDate", Content = "content", Told = "toldInSchool", Support = "supportGiven", FollowUp = "followUp";
    public const int TextMax = 4000;

    public override string Slug => "encompass";
    public override string RecordType => EncompassNotification.RecordType;
    public override string Noun => "Operation Encompass notification";

    public override IReadOnlyList<FormField> Fields(OrderPupil pupil) =>
    [
        new(Received, "Received at", FieldKind.DateTime, "When the police notification reached school."),
        new(Incident, "Date of the incident", FieldKind.Date),
        new(Content, "What the police said", FieldKind.LongText, "The notification's content, as given.", Max: TextMax),
        new(Told, "Who was told in school", FieldKind.Text, "The key adults told, on a need-to-know basis.", Max: 400),
        new(Support, "Support given", FieldKind.LongText, Max: TextMax),
        new(FollowUp, "Follow-up", FieldKind.LongText, "What happens next, and who does it.", Max: TextMax),
    ];

    public override RestrictedPupilRecord New(int pupilId, string byName, DateTime at) =>
        new EncompassNotification { PupilId = pupilId, RecordedByName = byName, RecordedAt = at, Content = "" };

    public override Dictionary<string, string?> Defaults(DateTime localNow) => new()
    {
        [Received] = localNow.ToString(LocalFormat, Invariant), [Incident] = DateOnly.FromDateTime(localNow).AddDays(-1).ToString(DateFormat, Invariant),
    };

    public override Dictionary<string, string?> Values(RestrictedPupilRecord record)
    {
        var e = (EncompassNotification)record;
        return new()
        {
            [Received] = Local(e.ReceivedAt), [Incident] = Date(e.IncidentDate), [Content] = e.Content, [Told] = e.ToldInSchool,
            [Support] = e.SupportGiven, [FollowUp] = e.FollowUp,
        };
    }

    public override Dictionary<string, string> Check(OrderPupil pupil, IReadOnlyDictionary<string, string?> v, DateOnly today)
    {
        var errors = new Dictionary<string, string>();
        if (v[Received] is null) errors[Received] = "Enter when the notification was received.";
        if (v[Incident] is null) errors[Incident] = "Enter the date of the incident.";
        if (v[Content] is null) errors[Content] = "Enter what the police said.";
        CheckCommon(pupil, v, errors);
        if (!errors.ContainsKey(Incident) && ParseDate(v[Incident]) > today) errors[Incident] = "The incident date cannot be in the future.";
        if (!errors.ContainsKey(Received) && !errors.ContainsKey(Incident) && ParseLocal(v[Received]) is { } r && ParseDate(v[Incident]) is { } i
            && DateOnly.FromDateTime(Infrastructure.SchoolClock.ToLocal(r)) < i)
            errors[Received] = "The notification cannot arrive before the incident.";
        return errors;
    }

    public override void Apply(RestrictedPupilRecord record, IReadOnlyDictionary<string, string?> v)
    {
        var e = (EncompassNotification)record;
        e.ReceivedAt = ParseLocal(v[Received])!.Value;
        e.IncidentDate = ParseDate(v[Incident])!.Value;
        e.Content = v[Content]!;
        (e.ToldInSchool, e.SupportGiven, e.FollowUp) = (Clip(v[Told]), Clip(v[Support]), Clip(v[FollowUp]));
    }

    public override string Title(RestrictedPupilRecord record, OrderPupil pupil) =>
        $"Operation Encompass notification: incident on {((EncompassNotification)record).IncidentDate.ToString("ddd d MMM yyyy", Invariant)}";
}
