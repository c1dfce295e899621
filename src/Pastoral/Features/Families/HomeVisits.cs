using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Admin.Responsibilities;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Families;

/// <summary>How much of a visit someone may see: all of it (the pupil is in their scope), or only what keeps the visitors safe.</summary>
public enum VisitReach { None, Safety, Full }

public sealed record VisitPlan(string? Start, string? Minutes, string? AddressChoice, string? Purpose, IReadOnlyList<Guid> Visitors);

public sealed record VisitResult(HomeVisit? Visit, IReadOnlyDictionary<string, string[]> Errors)
{
    public static VisitResult Problem(string field, string message) => new(null, new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>
/// Planning home visits, checking in and out, and acknowledging a missed check-out alert. Every change is one audited save
/// (the DbContext audits <see cref="HomeVisit"/>); a save that races the alert job is tried again on the fresh record.
/// </summary>
public sealed class HomeVisits(PastoralDbContext db, SchoolClock clock, Responsibilities responsibilities)
{
    public const string PupilAddress = "pupil";
    public const int MinMinutes = 15, MaxMinutes = 480;

    /// <summary>Staff who may go on a visit to a pupil of <paramref name="schoolId"/>: active, reaching that school, in a role that logs family contact.</summary>
    public IQueryable<StaffOption> VisitorOptions(int schoolId, int trustId) =>
        Visitors(schoolId, trustId).OrderBy(u => u.FullName).Select(u => new StaffOption(u.Id, u.FullName));

    private IQueryable<StaffUser> Visitors(int schoolId, int trustId)
    {
        var roles = Roles.All.Where(r => Permissions.ByRole[r].Contains(FamiliesModule.LogFamilyContact)).ToList();
        return db.Users.AsNoTracking().Where(u => u.IsActive && u.TrustId == trustId
                && db.StaffScopes.Any(s => s.UserId == u.Id && (s.Kind == ScopeKind.Trust || s.SchoolId == schoolId))
                && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && roles.Contains(r.Name!))));
    }

    public Task<bool> RequiresTwoAsync(int schoolId, CancellationToken ct) =>
        db.Set<HomeVisitPolicy>().AsNoTracking().AnyAsync(p => p.SchoolId == schoolId && p.RequireTwoStaff, ct);

    public async Task<VisitResult> PlanAsync(StaffContext staff, int pupilId, VisitPlan plan, CancellationToken ct)
    {
        var pupil = await db.Pupils.AsNoTracking().VisibleTo(staff).Include(p => p.Contacts).FirstOrDefaultAsync(p => p.Id == pupilId, ct);
        if (pupil is null) return VisitResult.Problem("pupil", "No such pupil that you may see");
        var errors = new Dictionary<string, string[]>();
        void Add(string key, string message) => errors[key] = [message];

        DateTime start = default;
        if (plan.Start is not { Length: > 0 } s) Add("start", "Enter the date and time of the visit");
        else if (!DateTime.TryParseExact(s.Trim(), [ContactFields.LocalFormat, "yyyy-MM-dd HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
                 || SchoolClock.London.IsInvalidTime(local))
            Add("start", "Enter the date and time of the visit as a date and a 24-hour time, for example 24/11/2026 14:30");
        else if (DateOnly.FromDateTime(local) < clock.Today())
            Add("start", "A visit is planned for today or a later day");
        else start = TimeZoneInfo.ConvertTimeToUtc(local, SchoolClock.London);

        if (!int.TryParse(plan.Minutes, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) || minutes is < MinMinutes or > MaxMinutes)
            Add("minutes", $"Enter how long the visit should take, in minutes, from {MinMinutes} to {MaxMinutes}");

        string? address = null, addressOf = null;
        if (plan.AddressChoice is null or PupilAddress)
        {
            address = pupil.HomeAddress;
            addressOf = "Pupil's home";
        }
        else if (int.TryParse(plan.AddressChoice, out var contactId) && pupil.Contacts.FirstOrDefault(c => c.Id == contactId) is { } contact)
        {
            address = contact.AddressFor(pupil);
            addressOf = $"{contact.DisplayName} ({contact.Relationship})";
        }
        else Add("address", $"Choose the pupil's home or one of {pupil.Forename}'s contacts");
        if (addressOf is not null && address is null)
            Add("address", $"There is no address for the {(plan.AddressChoice is null or PupilAddress ? "pupil's home" : addressOf)}: add it to {pupil.DisplayName}'s record, or choose an address that is recorded");
        else if (address is { Length: > HomeVisit.AddressMax }) Add("address", $"The address can be at most {HomeVisit.AddressMax} characters");

        if (plan.Purpose?.Trim() is not { Length: > 0 } purpose) { Add("purpose", "Enter the purpose of the visit"); purpose = ""; }
        else if (purpose.Length > HomeVisit.PurposeMax) Add("purpose", $"The purpose can be at most {HomeVisit.PurposeMax} characters");

        var chosen = plan.Visitors.Distinct().ToList();
        var visitors = await Visitors(pupil.SchoolId, staff.TrustId).Where(u => chosen.Contains(u.Id))
            .Select(u => new StaffOption(u.Id, u.FullName)).ToListAsync(ct);
        if (chosen.Count == 0) Add("visitors", "Choose who is going on the visit");
        else if (visitors.Count != chosen.Count) Add("visitors", "Choose visitors from the list: members of staff of the pupil's school");
        else if (visitors.Count < 2 && await RequiresTwoAsync(pupil.SchoolId, ct))
            Add("visitors", "Your school's policy is that home visits need two members of staff: choose a second member of staff");

        if (errors.Count > 0) return new VisitResult(null, errors);
        var visit = new HomeVisit
        {
            PupilId = pupil.Id, SchoolId = pupil.SchoolId, PlannedStart = start, ExpectedEnd = start.AddMinutes(minutes),
            Address = address!, AddressOf = addressOf!, Purpose = purpose, PlannedById = staff.UserId, PlannedByName = staff.Name,
            PlannedAt = clock.UtcNow, Visitors = [.. visitors.Select(v => new HomeVisitor { PupilId = pupil.Id, StaffId = v.Id, StaffName = v.Name })],
        };
        db.Add(visit);
        await db.SaveChangesAsync(ct);
        return new VisitResult(visit, errors);
    }

    /// <summary>
    /// Full for someone who sees the pupil (and may view family contact); Safety for a visitor, a visitor's line manager, or a DSL
    /// or deputy of the school: they must be able to find the visitors (who, where, since when) even without the pupil in scope.
    /// </summary>
    public async Task<(HomeVisit? Visit, VisitReach Reach)> FindAsync(StaffContext staff, int id, CancellationToken ct)
    {
        var visit = await db.Set<HomeVisit>().Include(v => v.Visitors).FirstOrDefaultAsync(v => v.Id == id, ct);
        if (visit is null) return (null, VisitReach.None);
        if (staff.May(FamiliesModule.ViewFamilyContact) && await db.Pupils.VisibleTo(staff).AnyAsync(p => p.Id == visit.PupilId, ct))
            return (visit, VisitReach.Full);
        return await MaySeeSafetyAsync(staff, visit, ct) ? (visit, VisitReach.Safety) : (null, VisitReach.None);
    }

    public async Task<bool> MaySeeSafetyAsync(StaffContext staff, HomeVisit visit, CancellationToken ct) =>
        IsVisitor(staff, visit) || await MayAcknowledgeAsync(staff, visit, ct);

    public static bool IsVisitor(StaffContext staff, HomeVisit visit) => visit.Visitors.Any(v => v.StaffId == staff.UserId);

    /// <summary>A visitor's line manager, or a DSL or deputy of the school.</summary>
    public async Task<bool> MayAcknowledgeAsync(StaffContext staff, HomeVisit visit, CancellationToken ct)
    {
        if (staff.May(FamiliesModule.AcknowledgeVisitAlerts) && staff.SchoolIds.Contains(visit.SchoolId)) return true;
        foreach (var v in visit.Visitors)
            if (await responsibilities.LineManagerOfAsync(v.StaffId, ct) == staff.UserId) return true;
        return false;
    }

    public Task<string?> CheckInAsync(StaffContext staff, int id, CancellationToken ct) => ChangeAsync(staff, id, (visit, now) =>
    {
        if (!IsVisitor(staff, visit)) return "Only the staff going on this visit can check in";
        if (visit.Cancelled) return "This visit was cancelled";
        if (visit.CheckedInAt is not null) return null; // pressed twice: the first check-in stands
        visit.CheckedInAt = now;
        visit.CheckedInByName = staff.Name;
        return null;
    }, ct);

    public Task<string?> CheckOutAsync(StaffContext staff, int id, CancellationToken ct) => ChangeAsync(staff, id, (visit, now) =>
    {
        if (!IsVisitor(staff, visit)) return "Only the staff going on this visit can check out";
        if (visit.CheckedInAt is null) return "Check in first: you cannot check out of a visit you have not checked in to";
        if (visit.CheckedOutAt is not null) return null;
        visit.CheckedOutAt = now;
        visit.CheckedOutByName = staff.Name;
        return null;
    }, ct);

    public async Task<string?> AcknowledgeAsync(StaffContext staff, int id, CancellationToken ct)
    {
        var (visit, _) = await FindAsync(staff, id, ct);
        if (visit is null || !await MayAcknowledgeAsync(staff, visit, ct))
            return "Only a visitor's line manager or the DSL can acknowledge a missed check-out";
        return await ChangeAsync(staff, id, (v, now) =>
        {
            if (v.AlertCount == 0) return "There is no missed check-out alert to acknowledge";
            if (v.AcknowledgedAt is not null || v.CheckedOutAt is not null) return null;
            v.AcknowledgedAt = now;
            v.AcknowledgedByName = staff.Name;
            return null;
        }, ct);
    }

    /// <summary>Loads, changes and saves; if the alert job saved the visit meanwhile, does it again on the fresh row. Null: done.</summary>
    private async Task<string?> ChangeAsync(StaffContext staff, int id, Func<HomeVisit, DateTime, string?> change, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (visit, _) = await FindAsync(staff, id, ct);
            if (visit is null) return "No such visit that you may see";
            if (change(visit, clock.UtcNow) is { } problem) return problem;
            try
            {
                await db.SaveChangesAsync(ct);
                return null;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                db.ChangeTracker.Clear();
            }
        }
    }
}

public sealed record StaffOption(Guid Id, string Name);
