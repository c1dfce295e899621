using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Orders;

/// <summary>A record its reader may see, with the form that describes it.</summary>
public sealed record ReadableRecord(RecordForm Form, RestrictedPupilRecord Record, string Title);

public enum RecordSaveOutcome { Saved, Unchanged, Invalid, Conflict, NotFound }

/// <param name="Saved">On a conflict: the record as saved now (cleaned text fields), and its version to rebase the form on.</param>
public sealed record RecordSave(RecordSaveOutcome Outcome, int? Id = null, IReadOnlyDictionary<string, string>? Errors = null,
    PupilEditOutcome? Edit = null, IReadOnlyDictionary<string, string?>? Saved = null, int Version = 0);

/// <summary>
/// Court orders, looked-after care details and Operation Encompass notifications: every read goes through
/// <see cref="RestrictedAccess.ReadAsync"/> (checked and audited), every change is made by a DSL or deputy of the pupil's school
/// (<see cref="RestrictedAccess.TierSchoolAsync"/>) and is audited with the row (<see cref="IAudited"/>).
/// </summary>
public sealed class PupilSafeguardingRecords(PastoralDbContext db, RestrictedAccess restricted, SchoolClock clock)
{
    public static readonly IReadOnlyList<RecordForm> Forms = [new CourtOrderForm(), new CareForm(), new EncompassForm(), new Referrals.ReferralForm(),
        new Transfers.CpTransferForm(), new Transfers.ReceivedCpFileForm()];
    public static readonly IReadOnlyList<string> RecordTypes = [.. Forms.Select(f => f.RecordType)];

    /// <summary>For a form preparing its choices (<see cref="RecordForm.ForPupilAsync"/>).</summary>
    public PastoralDbContext Db => db;

    public static RecordForm? FormFor(string? slug) => Forms.FirstOrDefault(f => f.Slug == slug);
    public static RestrictedRecord RecordOf(RecordForm form, int pupilId, int id) => new(form.RecordType, id, pupilId);

    /// <summary>The pupil with their contacts, when visible to this member of staff.</summary>
    public async Task<OrderPupil?> PupilAsync(StaffContext staff, int pupilId, CancellationToken ct)
    {
        var p = await db.Pupils.AsNoTracking().VisibleTo(staff).Where(x => x.Id == pupilId)
            .Select(x => new { x.Id, x.SchoolId, x.LegalForename, x.PreferredForename, x.LegalSurname, x.PreferredSurname, x.LookedAfter }).FirstOrDefaultAsync(ct);
        if (p is null) return null;
        var contacts = await db.PupilContacts.AsNoTracking().Where(c => c.PupilId == pupilId).OrderBy(c => c.Priority).ThenBy(c => c.Id)
            .Select(c => new { c.Id, c.Title, c.Forename, c.Surname, c.Relationship }).ToListAsync(ct);
        var name = $"{(string.IsNullOrWhiteSpace(p.PreferredForename) ? p.LegalForename : p.PreferredForename)} {(string.IsNullOrWhiteSpace(p.PreferredSurname) ? p.LegalSurname : p.PreferredSurname)}";
        return new OrderPupil(p.Id, p.SchoolId, name, p.LookedAfter == LookedAfterStatus.Lac,
            [.. contacts.Select(c => (c.Id, $"{(string.IsNullOrWhiteSpace(c.Title) ? "" : c.Title + " ")}{c.Forename} {c.Surname} ({c.Relationship})"))]);
    }

    /// <summary>Every record of the pupil this member of staff may read, each read audited once.</summary>
    public async Task<List<ReadableRecord>> ReadAllAsync(StaffContext staff, OrderPupil pupil, string detail, CancellationToken ct)
    {
        var readable = new List<ReadableRecord>();
        var tier = RestrictedAccess.HoldsTier(staff, pupil.SchoolId);
        var now = clock.UtcNow;
        // Someone outside the tier reads only what is shared with them: look no further when nothing is.
        if (!tier && !await db.RecordShares.AnyAsync(s => s.PupilId == pupil.Id && s.SharedWithId == staff.UserId && RecordTypes.Contains(s.RecordType)
                && s.RevokedAt == null && (s.ExpiresAt == null || s.ExpiresAt > now), ct)) return readable;
        foreach (var template in Forms)
        {
            RecordForm? form = null;
            foreach (var id in await template.IdsAsync(db, pupil.Id, ct))
                if (await ReadAsync(staff, template, pupil.Id, id, detail, ct) is { } record)
                {
                    form ??= await template.ForPupilAsync(db, staff, pupil, ct);
                    readable.Add(new(form, record, form.Title(record, pupil)));
                }
        }
        return readable;
    }

    public Task<RestrictedPupilRecord?> ReadAsync(StaffContext staff, RecordForm form, int pupilId, int id, string detail, CancellationToken ct, bool tracked = false) =>
        restricted.ReadAsync(staff, RecordOf(form, pupilId, id), c => form.FindAsync(db, pupilId, id, tracked, c), ct, detail);

    public async Task<RecordSave> AddAsync(StaffContext staff, RecordForm form, OrderPupil pupil, IReadOnlyDictionary<string, string?> values, CancellationToken ct)
    {
        if (await restricted.TierSchoolAsync(staff, pupil.Id, ct) is null) return new(RecordSaveOutcome.NotFound);
        var clean = form.Clean(pupil, values);
        var errors = form.Check(pupil, clean, clock.Today());
        if (form is CareForm && errors.Count == 0 && await form.AnyAsync(db, pupil.Id, ct))
            errors[CareForm.Authority] = "Care details are already recorded for this pupil: change them instead.";
        if (errors.Count > 0) return new(RecordSaveOutcome.Invalid, Errors: errors);
        var record = form.New(pupil.Id, staff.Name, clock.UtcNow);
        form.Apply(record, clean);
        await form.SavingAsync(db, staff, record, pupil, added: true, ct);
        db.Add(record);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (form is CareForm)
        {
            db.ChangeTracker.Clear(); // another DSL recorded the care details a moment ago (one row per pupil)
            return new(RecordSaveOutcome.Invalid, Errors: new Dictionary<string, string> { [CareForm.Authority] = "Care details were recorded by someone else a moment ago: change them instead." });
        }
        return new(RecordSaveOutcome.Saved, record.Id);
    }

    /// <summary>
    /// Writes only the fields this DSL changed from <paramref name="started"/>. If someone saved since (<paramref name="version"/>),
    /// a change to a field they also changed is a conflict, answered with their values; nothing is saved then.
    /// </summary>
    public async Task<RecordSave> ChangeAsync(StaffContext staff, RecordForm form, OrderPupil pupil, int id, IReadOnlyDictionary<string, string?> started,
        IReadOnlyDictionary<string, string?> submitted, int version, CancellationToken ct)
    {
        if (await restricted.TierSchoolAsync(staff, pupil.Id, ct) is null) return new(RecordSaveOutcome.NotFound);
        var start = form.Clean(pupil, started);
        var mineIn = form.Clean(pupil, submitted);
        for (var attempt = 0; ; attempt++)
        {
            if (await ReadAsync(staff, form, pupil.Id, id, "editing", ct, tracked: true) is not { } record) return new(RecordSaveOutcome.NotFound);
            var saved = form.Clean(pupil, form.Values(record));
            var edit = PupilEdit.Compare(start, mineIn, saved);
            if (version != record.Version && edit.Theirs.Count > 0) return new(RecordSaveOutcome.Conflict, id, Edit: edit, Saved: saved, Version: record.Version);
            var errors = form.Check(pupil, edit.Merged, clock.Today());
            if (errors.Count > 0) return new(RecordSaveOutcome.Invalid, id, errors);
            if (edit.Mine.Count == 0) return new(RecordSaveOutcome.Unchanged, id);
            form.Apply(record, edit.Merged);
            await form.SavingAsync(db, staff, record, pupil, added: false, ct);
            (record.ChangedAt, record.ChangedByName) = (clock.UtcNow, staff.Name);
            try
            {
                await db.SaveChangesAsync(ct);
                return new(RecordSaveOutcome.Saved, id);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                db.ChangeTracker.Clear(); // saved by someone else between the read and the write: compare again with theirs
            }
        }
    }
}
