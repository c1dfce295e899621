using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Admin.Responsibilities;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Security;

namespace Pastoral.Features.Plans;

public sealed record ReadStatus(Guid StaffId, string Name, string Why, DateTime? ConfirmedAt);

/// <summary>
/// Read and understood: when a plan whose type asks for it becomes active (or an active one gets a new version), the staff who teach
/// the pupil and support them are asked to confirm they have read it, with a notice of kind <see cref="Kind"/>. Sign-offs live here too.
/// </summary>
public sealed class PlanReads(PastoralDbContext db, TeachingGroups teaching, Responsibilities responsibilities, Caseloads caseloads,
    INotifier notifier, SchoolClock clock)
{
    public static readonly NotificationKind Kind = new("plan-read", "Plans to read",
        "A behaviour plan or risk assessment for a pupil you teach or support is active or has changed: please read it and confirm.");

    /// <summary>Who teaches the pupil and who supports them (head of year, pastoral officers, tutor, caseload mentor), each once with why.</summary>
    public async Task<IReadOnlyList<(Guid Id, string Name, string Why)>> AudienceAsync(int pupilId, CancellationToken ct)
    {
        var people = new Dictionary<Guid, (string Name, string Why)>();
        foreach (var r in await responsibilities.ForPupilAsync(pupilId, ct)) people.TryAdd(r.StaffId, (r.Name, r.Why));
        var today = clock.Today();
        var mentors = await caseloads.CurrentOn(today).Where(c => c.PupilId == pupilId)
            .Join(db.Users.Where(u => u.IsActive), c => c.StaffId, u => u.Id, (c, u) => new { u.Id, u.FullName }).ToListAsync(ct);
        foreach (var m in mentors) people.TryAdd(m.Id, (m.FullName, "Mentor (caseload)"));
        var teachers = await teaching.TeachersOf(pupilId).Distinct()
            .Join(db.Users.Where(u => u.IsActive), id => id, u => u.Id, (id, u) => new { u.Id, u.FullName }).ToListAsync(ct);
        foreach (var t in teachers) people.TryAdd(t.Id, (t.FullName, "Teaches the pupil"));
        return [.. people.Select(p => (p.Key, p.Value.Name, p.Value.Why)).OrderBy(p => p.Name, StringComparer.Ordinal)];
    }

    /// <summary>Adds the requests for the plan's current version and their notices to the caller's unit of work (not saved here).</summary>
    public async Task AskAsync(Plan plan, PlanType type, Pupil pupil, StaffContext by, CancellationToken ct)
    {
        var audience = (await AudienceAsync(plan.PupilId, ct)).Where(a => a.Id != by.UserId).ToList();
        plan.ReadNumber = plan.Number;
        var now = clock.UtcNow;
        foreach (var (id, name, why) in audience)
            db.Add(new PlanRead { PlanId = plan.Id, PupilId = plan.PupilId, SchoolId = plan.SchoolId, Number = plan.Number, StaffId = id, StaffName = name, Why = why, AskedAt = now });
        if (audience.Count > 0)
            notifier.Notify(db, audience.Select(a => a.Id), new StaffNotice(Kind.Name,
                $"Please read and confirm: {type.Name} for {pupil.DisplayName}", $"/pupils/{plan.PupilId}/plans/{plan.Id}") { SchoolId = plan.SchoolId });
    }

    /// <summary>Who was asked to read the plan's current version, and who has confirmed.</summary>
    public async Task<IReadOnlyList<ReadStatus>> StatusAsync(Plan plan, CancellationToken ct) => plan.ReadNumber is not { } n ? [] :
        await db.Set<PlanRead>().AsNoTracking().Where(r => r.PlanId == plan.Id && r.Number == n).OrderBy(r => r.ConfirmedAt != null).ThenBy(r => r.StaffName)
            .Select(r => new ReadStatus(r.StaffId, r.StaffName, r.Why, r.ConfirmedAt)).ToListAsync(ct);

    /// <summary>The viewer confirms they have read the current version. False if they were not asked (or already confirmed).</summary>
    public async Task<bool> ConfirmAsync(StaffContext staff, Plan plan, CancellationToken ct)
    {
        var request = await db.Set<PlanRead>().FirstOrDefaultAsync(r => r.PlanId == plan.Id && r.Number == plan.ReadNumber && r.StaffId == staff.UserId && r.ConfirmedAt == null, ct);
        if (request is null) return false;
        request.ConfirmedAt = clock.UtcNow;
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Records a sign-off of the plan's current version. A parent is one of the pupil's contacts or a named person; staff is the viewer.</summary>
    public async Task<IReadOnlyList<(string Field, string Message)>> SignOffAsync(StaffContext staff, Plan plan, SignOffBy by, int? contactId, string? name,
        DateOnly? signedOn, CancellationToken ct)
    {
        var problems = new List<(string, string)>();
        if (signedOn is not { } day) problems.Add(("signedOn", "Enter the date it was signed"));
        else if (day > clock.Today()) problems.Add(("signedOn", "The date it was signed cannot be in the future"));
        string? who = null;
        Guid? staffId = null;
        switch (by)
        {
            case SignOffBy.Pupil: who = plan.Pupil!.DisplayName; break;
            case SignOffBy.Staff: who = staff.Name; staffId = staff.UserId; break;
            case SignOffBy.Parent when contactId is { } c:
                who = (await db.PupilContacts.AsNoTracking().FirstOrDefaultAsync(x => x.Id == c && x.PupilId == plan.PupilId, ct))?.DisplayName;
                if (who is null) problems.Add(("contactId", "Choose one of the pupil's contacts, or enter the person's name"));
                break;
            case SignOffBy.Parent:
                who = name?.Trim();
                if (string.IsNullOrEmpty(who)) problems.Add(("name", "Choose one of the pupil's contacts, or enter the person's name"));
                else if (who.Length > 200) problems.Add(("name", "The name can be at most 200 characters"));
                break;
        }
        if (problems.Count > 0) return problems;
        db.Add(new PlanSignOff
        {
            PlanId = plan.Id, PupilId = plan.PupilId, SchoolId = plan.SchoolId, By = by, Name = who!, ContactId = by == SignOffBy.Parent ? contactId : null,
            StaffId = staffId, SignedOn = signedOn!.Value, Number = plan.Number, RecordedAt = clock.UtcNow, RecordedByName = staff.Name,
        });
        await db.SaveChangesAsync(ct);
        return [];
    }
}
