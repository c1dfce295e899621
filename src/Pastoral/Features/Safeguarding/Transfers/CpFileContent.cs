using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Safeguarding.Chronology;
using Pastoral.Features.Safeguarding.Concerns;
using Pastoral.Features.Safeguarding.Meetings;
using Pastoral.Features.Safeguarding.Orders;
using Pastoral.Features.Safeguarding.Triage;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Attachments;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Transfers;

public sealed record PackageItem(string Title, IReadOnlyList<(string Label, string Value)> Fields);

public sealed record PackageSection(string Heading, IReadOnlyList<PackageItem> Items);

/// <summary>Everything the CP file holds: the chronology, every safeguarding record in full, and the list of attachments.</summary>
public sealed record CpFileContent(ChronologyView Chronology, IReadOnlyList<PackageSection> Sections, IReadOnlyList<AttachmentItem> Attachments)
{
    /// <summary>Every piece of text in it: what redactions are proposed from and applied to.</summary>
    public IEnumerable<string> Texts => Chronology.Entries.SelectMany(e => new[] { e.Title, e.Summary })
        .Concat(Sections.SelectMany(s => s.Items).SelectMany(i => i.Fields.Select(f => f.Value).Prepend(i.Title)))
        .Concat(Attachments.Select(a => a.Title)).OfType<string>();
}

/// <summary>
/// Gathers a pupil's whole safeguarding file for the CP file package (issue 10, item 8): the chronology through
/// <see cref="PupilChronology"/> (which audits the records it lists), and every record in full — concerns with their body-map
/// marks, triage, decisions and actions, CP/CIN history, meetings, and every record of <see cref="PupilSafeguardingRecords.Forms"/>
/// in the words its own form gives. Only for a DSL or deputy of the pupil's school (the caller found the pupil through
/// <see cref="PupilChronology.PupilAsync"/>); the whole read is audited in one entry naming every record.
/// </summary>
public sealed class CpFileContents(PastoralDbContext db, PupilChronology chronology, PupilSafeguardingRecords records, RestrictedAccess restricted)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static string Day(DateTime utc) => SchoolClock.ToLocal(utc).ToString("ddd d MMM yyyy, HH:mm", Invariant);
    private static string Day(DateOnly d) => d.ToString("ddd d MMM yyyy", Invariant);

    /// <summary>Each form's section, as the safeguarding records page heads it.</summary>
    private static readonly Dictionary<string, string> Headings = new()
    {
        ["referrals"] = "Referrals", ["orders"] = "Court orders and contact restrictions", ["care"] = "Looked-after care details",
        ["encompass"] = "Operation Encompass notifications", ["cp-files-received"] = "CP files received from previous schools",
    };

    public async Task<CpFileContent> ReadAsync(StaffContext staff, ChronologyPupil pupil, string detail, CancellationToken ct)
    {
        var view = await chronology.ReadAsync(pupil, new ChronologyFilter(null, null, null), detail, ct);
        var shown = new List<RestrictedRecord>();
        var sections = new List<PackageSection>
        {
            new("Concerns", await ConcernsAsync(pupil.Id, shown, ct)),
            new("Actions", await ActionsAsync(pupil.Id, shown, ct)),
            new("CP and CIN status", await StatusAsync(pupil.Id, shown, ct)),
            new("Multi-agency meetings", await MeetingsAsync(pupil.Id, shown, ct)),
        };
        var orderPupil = await records.PupilAsync(staff, pupil.Id, ct);
        foreach (var template in PupilSafeguardingRecords.Forms.Where(f => f is not CpTransferForm))
        {
            var form = await template.ForPupilAsync(db, staff, orderPupil!, ct);
            var items = new List<PackageItem>();
            foreach (var id in (await form.IdsAsync(db, pupil.Id, ct)).AsEnumerable().Reverse())
            {
                if (await form.FindAsync(db, pupil.Id, id, false, ct) is not { } record) continue;
                shown.Add(PupilSafeguardingRecords.RecordOf(form, pupil.Id, id));
                var values = form.Values(record);
                items.Add(new(form.Title(record, orderPupil!), [.. form.Fields(orderPupil!).Where(f => values.GetValueOrDefault(f.Key) is not null
                    && !(f.Kind == FieldKind.Check && values[f.Key] == "false")).Select(f => (f.Label, form.Words(orderPupil!, f.Key, values[f.Key])))]));
            }
            sections.Add(new(Headings.GetValueOrDefault(form.Slug, form.Noun), items));
        }
        var files = await db.Set<Attachment>().AsNoTracking().Where(a => a.PupilId == pupil.Id && a.Restricted && a.RemovedAt == null)
            .OrderBy(a => a.AddedAt).ThenBy(a => a.Id)
            .Select(a => new AttachmentItem(a.Id, a.Title, a.Kind, a.FileName, a.ContentType, a.Size, a.AddedAt, a.AddedByName)).ToListAsync(ct);
        await restricted.AuditListedRecordsAsync([.. shown.Distinct().Select(r => (r, pupil.SchoolId))], detail + " (every record in full)", ct);
        return new(view, [.. sections.Where(s => s.Items.Count > 0)], files);
    }

    private async Task<List<PackageItem>> ConcernsAsync(int pupilId, List<RestrictedRecord> shown, CancellationToken ct)
    {
        var concerns = await db.Set<SafeguardingConcern>().AsNoTracking().Where(c => c.PupilId == pupilId).OrderBy(c => c.RaisedAt)
            .Select(c => new
            {
                c.Id, c.RaisedAt, c.RaisedByName, c.Urgent, c.Description, c.ChildsWords, c.OccurredAt, c.Location, c.ActionTaken, c.Status,
                Categories = c.Categories.OrderBy(k => k.Category!.Order).Select(k => k.Category!.Name).ToList(),
                Marks = c.Marks.OrderBy(m => m.Id).Select(m => new BodyMarkView(m.Side, m.X, m.Y, m.Description)).ToList(),
            }).ToListAsync(ct);
        var triage = await db.Set<ConcernTriage>().AsNoTracking().Where(t => t.PupilId == pupilId).ToListAsync(ct);
        var decisions = await db.Set<SafeguardingDecision>().AsNoTracking().Where(d => d.PupilId == pupilId).OrderBy(d => d.At).ToListAsync(ct);
        var items = new List<PackageItem>();
        foreach (var c in concerns)
        {
            shown.Add(SafeguardingConcern.RecordOf(c.Id, pupilId));
            var fields = new List<(string, string)>
            {
                ("Categories", string.Join(", ", c.Categories)), ("What was seen or heard", c.Description), ("The child's own words", c.ChildsWords ?? ""),
                ("When", Day(c.OccurredAt)), ("Where", c.Location ?? ""), ("Action already taken", c.ActionTaken ?? ""),
            };
            fields.AddRange(c.Marks.Select((m, i) => ($"Body map mark {i + 1} ({m.Side.ToString().ToLowerInvariant()}, {m.Region})", m.Description)));
            if (triage.FirstOrDefault(t => t.ConcernId == c.Id) is { } t)
                fields.AddRange([("Summary of the concern", t.Summary ?? ""), ("How it was followed up", t.FollowUp ?? ""), ("Outcome", t.Outcome ?? "")]);
            fields.AddRange(decisions.Where(d => d.ConcernId == c.Id).Select(d => ($"{d.Kind} by {d.ByName}, {Day(d.At)}",
                string.Join(" ", new[] { d.Decision, d.EscalatedTo is null ? null : $"Escalated to {d.EscalatedTo}.", $"Reason: {d.Reason}" }.OfType<string>()))));
            fields.Add(("Status", c.Status.ToString()));
            items.Add(new($"Concern raised {Day(c.RaisedAt)} by {c.RaisedByName}{(c.Urgent ? " (urgent)" : "")}", [.. fields.Where(f => f.Item2.Length > 0)]));
        }
        return items;
    }

    private async Task<List<PackageItem>> ActionsAsync(int pupilId, List<RestrictedRecord> shown, CancellationToken ct) =>
        [.. (await db.Set<SafeguardingAction>().AsNoTracking().Where(a => a.PupilId == pupilId).OrderBy(a => a.CreatedAt).ToListAsync(ct)).Select(a =>
        {
            shown.Add(new RestrictedRecord(SafeguardingAction.RecordType, a.Id, pupilId));
            return new PackageItem($"Action for {a.OwnerName}, due {Day(a.DueOn)}", [("Action", a.Text),
                ("Done", a.DoneAt is { } done ? $"{Day(done)} by {a.DoneByName}" : "Not done"), .. a.Note is null ? Array.Empty<(string, string)>() : [("Note", a.Note)]]);
        })];

    private async Task<List<PackageItem>> StatusAsync(int pupilId, List<RestrictedRecord> shown, CancellationToken ct) =>
        [.. (await db.Set<ChildProtectionRecord>().AsNoTracking().Where(r => r.PupilId == pupilId).OrderBy(r => r.RecordedAt).ToListAsync(ct)).Select(r =>
        {
            shown.Add(new RestrictedRecord(ChildProtectionRecord.RecordType, r.Id, pupilId));
            var v = new ChildProtectionView(r.Id, r.Status, r.StartDate, r.EndDate, r.LocalAuthority, r.SocialWorkerName, r.SocialWorkerPhone, r.SocialWorkerEmail,
                r.RecordedAt, r.RecordedByName, r.ClosedAt, r.Version);
            return new PackageItem(v.StatusWords, [.. new (string, string?)[]
            {
                ("From", v.StartDate is { } s ? Day(s) : null), ("To", v.EndDate is { } e ? Day(e) : null), ("Local authority", v.LocalAuthority),
                ("Social worker", string.Join(", ", new[] { v.SocialWorkerName, v.SocialWorkerPhone, v.SocialWorkerEmail }.OfType<string>())),
                ("Recorded", $"{Day(v.RecordedAt)} by {v.RecordedByName}"),
            }.Where(f => !string.IsNullOrEmpty(f.Item2)).Select(f => (f.Item1, f.Item2!))]);
        })];

    private async Task<List<PackageItem>> MeetingsAsync(int pupilId, List<RestrictedRecord> shown, CancellationToken ct) =>
        [.. (await db.Set<SafeguardingMeeting>().AsNoTracking().Where(m => m.PupilId == pupilId).OrderBy(m => m.HeldAt)
            .Select(m => new { m.Id, m.Type, m.TypeOther, m.HeldAt, m.Contribution, m.Minutes, m.Decisions, Attendees = m.Attendees.Select(a => a.Name).ToList() }).ToListAsync(ct)).Select(m =>
        {
            shown.Add(new RestrictedRecord(SafeguardingMeeting.RecordType, m.Id, pupilId));
            return new PackageItem($"{m.TypeOther ?? MeetingTypes.Words(m.Type)}, {Day(m.HeldAt)}", [.. new (string, string?)[]
            {
                ("Attendees", m.Attendees.Count == 0 ? null : string.Join(", ", m.Attendees)), ("The school's contribution", m.Contribution),
                ("Minutes", m.Minutes), ("Decisions", m.Decisions),
            }.Where(f => !string.IsNullOrEmpty(f.Item2)).Select(f => (f.Item1, f.Item2!))]);
        })];
}
