using Pastoral.Features.Safeguarding.Orders;

namespace Pastoral.Features.Safeguarding.Transfers;

/// <summary>
/// A CP file received from a previous school, as text fields by key: the sending school and the date received. The file itself is
/// added through the shared attachment store on the page <c>/pupils/{id}/safeguarding/cp-files/received</c> (restricted, on this record).
/// </summary>
public sealed class ReceivedCpFileForm : RecordForm<ReceivedCpFile>
{
    public const string School = "sendingSchool", Urn = "sendingUrn", On = "receivedOn", NoteKey = "note";

    public override string Slug => "cp-files-received";
    public override string RecordType => ReceivedCpFile.RecordType;
    public override string Noun => "CP file received";

    public override IReadOnlyList<FormField> Fields(OrderPupil pupil) =>
    [
        new(School, "Sending school", FieldKind.Text, "The previous school the file came from.", Max: CpFileTransfer.SchoolMax),
        new(Urn, "Sending school's URN", FieldKind.Text, "If known: six digits.", Max: CpFileTransfer.UrnMax),
        new(On, "Date received", FieldKind.Date),
        new(NoteKey, "Note", FieldKind.LongText, "What came, and anything still to ask the previous school for.", Max: CpFileTransfer.NotesMax),
    ];

    public override RestrictedPupilRecord New(int pupilId, string byName, DateTime at) =>
        new ReceivedCpFile { PupilId = pupilId, RecordedByName = byName, RecordedAt = at, SendingSchool = "" };

    public override Dictionary<string, string?> Defaults(DateTime localNow) => new() { [On] = localNow.ToString(DateFormat, Invariant) };

    public override Dictionary<string, string?> Values(RestrictedPupilRecord record)
    {
        var r = (ReceivedCpFile)record;
        return new() { [School] = r.SendingSchool, [Urn] = r.SendingUrn, [On] = Date(r.ReceivedOn), [NoteKey] = r.Note };
    }

    public override Dictionary<string, string> Check(OrderPupil pupil, IReadOnlyDictionary<string, string?> v, DateOnly today)
    {
        var errors = new Dictionary<string, string>();
        if (v[School] is null) errors[School] = "Enter the school the file came from.";
        if (v[On] is null) errors[On] = "Enter the date the file was received.";
        CheckCommon(pupil, v, errors);
        if (!errors.ContainsKey(Urn) && v[Urn] is { } urn && (urn.Length != 6 || !urn.All(char.IsAsciiDigit))) errors[Urn] = "A URN is six digits, like 123456.";
        if (!errors.ContainsKey(On) && ParseDate(v[On]) is { } on && on > today) errors[On] = "The date received cannot be in the future.";
        return errors;
    }

    public override void Apply(RestrictedPupilRecord record, IReadOnlyDictionary<string, string?> v)
    {
        var r = (ReceivedCpFile)record;
        (r.SendingSchool, r.SendingUrn, r.ReceivedOn, r.Note) = (v[School]!, Clip(v[Urn]), ParseDate(v[On])!.Value, Clip(v[NoteKey]));
    }

    public override string Title(RestrictedPupilRecord record, OrderPupil pupil)
    {
        var r = (ReceivedCpFile)record;
        return $"CP file received from {r.SendingSchool}, {r.ReceivedOn.ToString("ddd d MMM yyyy", Invariant)}";
    }
}
