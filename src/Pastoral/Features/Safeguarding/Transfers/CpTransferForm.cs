using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Admissions;
using Pastoral.Features.Attendance;
using Pastoral.Features.Safeguarding.Orders;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Transfers;

/// <summary>
/// A CP file transfer as text fields by key (the records page and the API fill the same ones): the receiving school, the route and
/// its detail, the dates. A new one is pre-filled from the pupil's deletion from roll (last day, destination). The send-by and
/// receipt-due days are worked out on save from the school's calendar (<see cref="CpFileDeadline"/>).
/// </summary>
public sealed class CpTransferForm : RecordForm<CpFileTransfer>
{
    public const string LastDay = "lastDayOnRoll", School = "receivingSchool", Urn = "receivingUrn", RouteKey = "route", Detail = "routeDetail",
        Sent = "sentOn", Received = "receiptConfirmedOn", ReceivedBy = "receiptConfirmedBy", NotesKey = "notes";

    private readonly (DateOnly? LastDay, string? Destination) _leaving;

    public CpTransferForm() : this((null, null)) { }

    private CpTransferForm((DateOnly?, string?) leaving) => _leaving = leaving;

    public override string Slug => "cp-transfers";
    public override string RecordType => CpFileTransfer.RecordType;
    public override string Noun => "CP file transfer";

    public static readonly IReadOnlyList<(string Value, string Words)> Routes =
        [.. Enum.GetValues<TransferRoute>().Select(r => (r.ToString(), char.ToUpperInvariant(CpFileTransfer.RouteWords(r)[0]) + CpFileTransfer.RouteWords(r)[1..]))];

    public override IReadOnlyList<FormField> Fields(OrderPupil pupil) =>
    [
        new(LastDay, "Last day on roll", FieldKind.Date, "From the deletion from roll when there is one. The file must go within 5 school days of it."),
        new(School, "Receiving school", FieldKind.Text, Max: CpFileTransfer.SchoolMax),
        new(Urn, "Receiving school's URN", FieldKind.Text, "If known: six digits.", Max: CpFileTransfer.UrnMax),
        new(RouteKey, "How the file goes", FieldKind.Choice, "Separately from the main pupil file.", Routes),
        new(Detail, "Address, portal or person", FieldKind.Text, "The secure e-mail address, the portal, who it was handed to, or the postal address.", Max: CpFileTransfer.DetailMax),
        new(Sent, "Date sent", FieldKind.Date, "Leave empty until the file has gone."),
        new(Received, "Date receipt was confirmed", FieldKind.Date, "Leave empty until the new school confirms they have it."),
        new(ReceivedBy, "Receipt confirmed by", FieldKind.Text, "Who at the new school confirmed it (name and role).", Max: 200),
        new(NotesKey, "Notes", FieldKind.LongText, Max: CpFileTransfer.NotesMax),
    ];

    /// <summary>The pupil's last day on roll and destination from their (not undone) deletion from roll, to pre-fill a new transfer.</summary>
    public override async Task<RecordForm> ForPupilAsync(PastoralDbContext db, StaffContext staff, OrderPupil pupil, CancellationToken ct)
    {
        var leaving = await db.Set<RollDeletion>().AsNoTracking().Where(d => d.PupilId == pupil.Id && d.UndoneAt == null)
            .OrderByDescending(d => d.RecordedAt).Select(d => new { d.LastDayOnRoll, d.DestinationSchool }).FirstOrDefaultAsync(ct);
        var onRollTo = await db.Pupils.AsNoTracking().Where(p => p.Id == pupil.Id).Select(p => p.OnRollTo).SingleAsync(ct);
        return new CpTransferForm((leaving?.LastDayOnRoll ?? onRollTo, leaving?.DestinationSchool));
    }

    public override Dictionary<string, string?> Defaults(DateTime localNow) => new() { [LastDay] = Date(_leaving.LastDay), [School] = _leaving.Destination };

    public override RestrictedPupilRecord New(int pupilId, string byName, DateTime at) =>
        new CpFileTransfer { PupilId = pupilId, RecordedByName = byName, RecordedAt = at, ReceivingSchool = "" };

    public override Dictionary<string, string?> Values(RestrictedPupilRecord record)
    {
        var t = (CpFileTransfer)record;
        return new()
        {
            [LastDay] = Date(t.LastDayOnRoll), [School] = t.ReceivingSchool, [Urn] = t.ReceivingUrn, [RouteKey] = t.Route.ToString(), [Detail] = t.RouteDetail,
            [Sent] = Date(t.SentOn), [Received] = Date(t.ReceiptConfirmedOn), [ReceivedBy] = t.ReceiptConfirmedBy, [NotesKey] = t.Notes,
        };
    }

    public override Dictionary<string, string> Check(OrderPupil pupil, IReadOnlyDictionary<string, string?> v, DateOnly today)
    {
        var errors = new Dictionary<string, string>();
        if (v[LastDay] is null) errors[LastDay] = "Enter the pupil's last day on roll.";
        if (v[School] is null) errors[School] = "Enter the school the file goes to.";
        if (v[RouteKey] is null) errors[RouteKey] = "Choose how the file goes: secure e-mail, hand delivery, the new school's portal or post.";
        CheckCommon(pupil, v, errors);
        if (!errors.ContainsKey(Urn) && v[Urn] is { } urn && (urn.Length != 6 || !urn.All(char.IsAsciiDigit))) errors[Urn] = "A URN is six digits, like 123456.";
        var sent = errors.ContainsKey(Sent) ? null : ParseDate(v[Sent]);
        if (sent is { } s && s > today) errors[Sent] = "The date sent cannot be in the future.";
        if (!errors.ContainsKey(Received) && ParseDate(v[Received]) is { } received)
        {
            if (sent is null && !errors.ContainsKey(Sent)) errors[Received] = "Enter the date sent before the date receipt was confirmed.";
            else if (received > today) errors[Received] = "The date receipt was confirmed cannot be in the future.";
            else if (sent is { } s2 && received < s2) errors[Received] = "The date receipt was confirmed cannot be before the date sent.";
            else if (v[ReceivedBy] is null) errors[ReceivedBy] = "Enter who at the new school confirmed receipt.";
        }
        return errors;
    }

    public override void Apply(RestrictedPupilRecord record, IReadOnlyDictionary<string, string?> v)
    {
        var t = (CpFileTransfer)record;
        t.LastDayOnRoll = ParseDate(v[LastDay])!.Value;
        t.ReceivingSchool = v[School]!;
        t.ReceivingUrn = Clip(v[Urn]);
        t.Route = Enum.Parse<TransferRoute>(v[RouteKey]!);
        t.RouteDetail = Clip(v[Detail]);
        (t.SentOn, t.ReceiptConfirmedOn, t.ReceiptConfirmedBy) = (ParseDate(v[Sent]), ParseDate(v[Received]), Clip(v[ReceivedBy]));
        t.Notes = Clip(v[NotesKey]);
    }

    /// <summary>The send-by and receipt-due days from the school's calendar; a new sent date (or last day) starts the notice over.</summary>
    public override async Task SavingAsync(PastoralDbContext db, StaffContext staff, RestrictedPupilRecord record, OrderPupil pupil, bool added, CancellationToken ct)
    {
        var t = (CpFileTransfer)record;
        var days = new AttendanceDays(db, new SchoolClock(TimeProvider.System)); // only its calendar query, which reads no clock
        var sendBy = await CpFileDeadline.AfterAsync(db, days, pupil.SchoolId, t.LastDayOnRoll, ct);
        DateOnly? receiptDue = t.SentOn is { } sent ? await CpFileDeadline.AfterAsync(db, days, pupil.SchoolId, sent, ct) : null;
        if (added || sendBy != t.SendBy || receiptDue != t.ReceiptDueBy) (t.SendBy, t.ReceiptDueBy, t.OverdueNotifiedAt) = (sendBy, receiptDue, null);
    }

    public override string? Flag(RestrictedPupilRecord record, DateTime utcNow)
    {
        var t = (CpFileTransfer)record;
        var today = DateOnly.FromDateTime(SchoolClock.ToLocal(utcNow));
        if (t.State(today) != TransferState.Overdue) return null;
        return t.SentOn is null
            ? $"Not sent within 5 school days of the last day on roll (due by {t.SendBy.ToString("ddd d MMM yyyy", Invariant)})"
            : $"Receipt not confirmed within 5 school days of sending (due by {t.ReceiptDueBy!.Value.ToString("ddd d MMM yyyy", Invariant)})";
    }

    public override string Title(RestrictedPupilRecord record, OrderPupil pupil)
    {
        var t = (CpFileTransfer)record;
        var stage = t.ReceiptConfirmedOn is { } r ? $"receipt confirmed {r.ToString("ddd d MMM yyyy", Invariant)}"
            : t.SentOn is { } s ? $"sent {s.ToString("ddd d MMM yyyy", Invariant)}, awaiting receipt" : "not sent yet";
        return $"CP file to {t.ReceivingSchool} (last day on roll {t.LastDayOnRoll.ToString("ddd d MMM yyyy", Invariant)}): {stage}";
    }
}
