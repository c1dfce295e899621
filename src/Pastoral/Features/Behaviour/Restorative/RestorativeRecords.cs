using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Behaviour.Restorative;

public sealed record ConversationInput(int? IncidentId, IReadOnlyList<string>? Pupils, string? HeldOn, string? StaffNames, string? Agreed, string? FollowUpOn);

public sealed record ReviewInput(string? Pupil, string? HeldOn, string? Attendees, string? Targets, string? NextReviewOn, int? PlanId);

public sealed record Recorded(int? Id, IReadOnlyDictionary<string, string[]> Problems);

/// <summary>A pupil's restorative conversations and reviews as the viewer may see them; what was agreed only where every pupil in it is in scope.</summary>
public sealed record PupilRestorative(IReadOnlyList<ConversationView> Conversations, IReadOnlyList<ReviewView> Reviews);
public sealed record ConversationView(int Id, DateOnly HeldOn, int? IncidentId, string StaffNames, string? Agreed, IReadOnlyList<string> OtherPupils, DateOnly? FollowUpOn, string RecordedByName);
public sealed record ReviewView(int Id, DateOnly HeldOn, string Attendees, string Targets, DateOnly NextReviewOn, bool Overdue, int? PlanId, string RecordedByName);

/// <summary>The one write path for restorative conversations and behaviour reviews (problems by field in staff's words; nothing saved on a problem).</summary>
public sealed class RestorativeRecords(PastoralDbContext db, SchoolClock clock)
{
    public const string DateFormat = "yyyy-MM-dd";

    public async Task<Recorded> ConversationAsync(StaffContext staff, ConversationInput input, CancellationToken ct = default)
    {
        var problems = new Dictionary<string, string[]>();
        void Add(string k, string m) => problems.TryAdd(k, [m]);
        var keys = (input.Pupils ?? []).Select(k => k?.Trim() ?? "").Where(k => k.Length > 0).ToList();
        if (keys.Count == 0) Add("pupils", "Choose at least one pupil who took part");
        else if (keys.Count > RestorativeConversation.MaxPupils) Add("pupils", $"A conversation can have at most {RestorativeConversation.MaxPupils} pupils");
        var pupils = new List<Pupil>();
        foreach (var k in keys.Take(RestorativeConversation.MaxPupils))
        {
            if (await FindAsync(staff, k, ct) is { } p) { if (pupils.All(x => x.Id != p.Id)) pupils.Add(p); else Add("pupils", $"{p.DisplayName} is named twice"); }
            else Add("pupils", $"There is no pupil '{k}' that you may see");
        }
        if (pupils.Select(p => p.SchoolId).Distinct().Count() > 1) Add("pupils", "The pupils must be at the same school");
        var held = Date(input.HeldOn, "heldOn", "the date it was held", problems, required: true);
        if (held > clock.Today()) Add("heldOn", "The date it was held cannot be in the future");
        var follow = Date(input.FollowUpOn, "followUpOn", "the follow-up date", problems, required: false);
        if (follow is not null && held is not null && follow < held) Add("followUpOn", "The follow-up date cannot be before the conversation");
        var agreed = Text(input.Agreed, "agreed", "what was agreed", RestorativeConversation.TextMax, problems);
        var staffNames = Text(input.StaffNames, "staffNames", "the staff who took part", RestorativeConversation.StaffMax, problems);
        if (input.IncidentId is { } incident && pupils.Count > 0)
        {
            // Every pupil who took part must have a part in the incident that the recorder sees.
            var ids = pupils.Select(x => x.Id).ToList();
            var inIt = await db.VisibleParts(staff).Where(p => p.IncidentId == incident && ids.Contains(p.PupilId)).Select(p => p.PupilId).ToListAsync(ct);
            if (inIt.Count == 0) Add("incident", $"Incident {incident} is not one of these pupils'");
            else if (pupils.FirstOrDefault(p => !inIt.Contains(p.Id)) is { } outside) Add("pupils", $"{outside.DisplayName} has no part in incident {incident}");
        }
        if (problems.Count > 0) return new Recorded(null, problems);
        var c = new RestorativeConversation
        {
            SchoolId = pupils[0].SchoolId, IncidentId = input.IncidentId, HeldOn = held!.Value, StaffNames = staffNames!, Agreed = agreed!,
            FollowUpOn = follow, RecordedByName = staff.Name, RecordedAt = clock.UtcNow,
            Pupils = [.. pupils.Select(p => new RestorativeParticipant { PupilId = p.Id })],
        };
        db.Add(c);
        await db.SaveChangesAsync(ct);
        return new Recorded(c.Id, problems);
    }

    public async Task<Recorded> ReviewAsync(StaffContext staff, ReviewInput input, CancellationToken ct = default)
    {
        var (review, problems) = await CheckReviewAsync(staff, input, ct);
        if (review is null) return new Recorded(null, problems);
        db.Add(review);
        await db.SaveChangesAsync(ct);
        return new Recorded(review.Id, problems);
    }

    /// <summary>The review as it would be saved (not added to the context), or the problems by field; <see cref="BehaviourContracts"/> saves it with its contract.</summary>
    public async Task<(BehaviourReview? Review, Dictionary<string, string[]> Problems)> CheckReviewAsync(StaffContext staff, ReviewInput input, CancellationToken ct = default)
    {
        var problems = new Dictionary<string, string[]>();
        var pupil = string.IsNullOrWhiteSpace(input.Pupil) ? null : await FindAsync(staff, input.Pupil.Trim(), ct);
        if (pupil is null) problems["pupil"] = [string.IsNullOrWhiteSpace(input.Pupil) ? "Choose the pupil" : $"There is no pupil '{input.Pupil.Trim()}' that you may see"];
        var held = Date(input.HeldOn, "heldOn", "the date of the review", problems, required: true);
        if (held > clock.Today()) problems.TryAdd("heldOn", ["The review's date cannot be in the future"]);
        var next = Date(input.NextReviewOn, "nextReviewOn", "the next review date", problems, required: true);
        if (next is not null && held is not null && next <= held) problems.TryAdd("nextReviewOn", ["The next review must be after this one"]);
        var attendees = Text(input.Attendees, "attendees", "who came", BehaviourReview.AttendeesMax, problems);
        var targets = Text(input.Targets, "targets", "the targets", BehaviourReview.TextMax, problems);
        if (input.PlanId is { } plan && pupil is not null && !await db.Set<Plans.Plan>().VisibleTo(staff, db).AnyAsync(p => p.Id == plan && p.PupilId == pupil.Id, ct))
            problems.TryAdd("planId", [$"Plan {plan} is not one of {pupil.Forename}'s plans"]);
        if (problems.Count > 0) return (null, problems);
        return (new BehaviourReview
        {
            SchoolId = pupil!.SchoolId, PupilId = pupil.Id, HeldOn = held!.Value, Attendees = attendees!, Targets = targets!, NextReviewOn = next!.Value,
            PlanId = input.PlanId, RecordedByName = staff.Name, RecordedAt = clock.UtcNow,
        }, problems);
    }

    /// <summary>A pupil's conversations and reviews (the caller found the pupil through VisibleTo).</summary>
    public async Task<PupilRestorative> ForPupilAsync(StaffContext staff, int pupilId, CancellationToken ct = default)
    {
        var visible = db.VisiblePupilIds(staff);
        var conversations = await db.Set<RestorativeParticipant>().VisibleTo(staff, db).Where(p => p.PupilId == pupilId)
            .Select(p => p.Conversation!).OrderByDescending(c => c.HeldOn)
            .Select(c => new { c, All = c.Pupils.All(x => visible.Contains(x.PupilId)),
                Others = c.Pupils.Where(x => x.PupilId != pupilId && visible.Contains(x.PupilId)).Select(x => x.PupilId).ToList() })
            .AsNoTracking().ToListAsync(ct);
        var ids = conversations.SelectMany(c => c.Others).Distinct().ToList();
        var names = (await db.Pupils.AsNoTracking().Where(p => ids.Contains(p.Id)).ToListAsync(ct)).ToDictionary(p => p.Id, p => p.DisplayName);
        var reviews = await db.Set<BehaviourReview>().VisibleTo(staff, db).AsNoTracking().Where(r => r.PupilId == pupilId).OrderByDescending(r => r.HeldOn).ToListAsync(ct);
        var today = clock.Today();
        return new PupilRestorative(
            [.. conversations.Select(x => new ConversationView(x.c.Id, x.c.HeldOn, x.c.IncidentId, x.c.StaffNames, x.All ? x.c.Agreed : null,
                [.. x.Others.Select(o => names[o])], x.c.FollowUpOn, x.c.RecordedByName))],
            [.. reviews.Select((r, i) => new ReviewView(r.Id, r.HeldOn, r.Attendees, r.Targets, r.NextReviewOn, i == 0 && r.NextReviewOn < today, r.PlanId, r.RecordedByName))]);
    }

    /// <summary>Pupils in scope whose latest review's next date has passed.</summary>
    public async Task<IReadOnlyList<(int PupilId, string Name, DateOnly Due)>> OverdueAsync(StaffContext staff, CancellationToken ct = default)
    {
        var today = clock.Today();
        var latest = await db.Set<BehaviourReview>().VisibleTo(staff, db).AsNoTracking()
            .Where(r => !db.Set<BehaviourReview>().Any(o => o.PupilId == r.PupilId && o.HeldOn > r.HeldOn) && r.NextReviewOn < today)
            .Select(r => new { r.PupilId, r.NextReviewOn }).ToListAsync(ct);
        var ids = latest.Select(l => l.PupilId).ToList();
        var names = (await db.Pupils.AsNoTracking().Where(p => ids.Contains(p.Id)).ToListAsync(ct)).ToDictionary(p => p.Id, p => p.DisplayName);
        return [.. latest.OrderBy(l => l.NextReviewOn).Select(l => (l.PupilId, names[l.PupilId], l.NextReviewOn))];
    }

    private Task<Pupil?> FindAsync(StaffContext staff, string key, CancellationToken ct)
    {
        var byId = int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id);
        var upn = key.ToUpperInvariant();
        return db.Pupils.AsNoTracking().VisibleTo(staff).FirstOrDefaultAsync(p => byId ? p.Id == id : p.Upn == upn, ct);
    }

    internal static DateOnly? Date(string? text, string key, string what, Dictionary<string, string[]> problems, bool required)
    {
        if (string.IsNullOrWhiteSpace(text)) { if (required) problems.TryAdd(key, [$"Enter {what}"]); return null; }
        if (DateOnly.TryParseExact(text.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        problems.TryAdd(key, [$"Enter {what} as year-month-day, for example 2026-11-26"]);
        return null;
    }

    internal static string? Text(string? text, string key, string what, int max, Dictionary<string, string[]> problems)
    {
        var t = text?.Trim();
        if (string.IsNullOrEmpty(t)) { problems.TryAdd(key, [$"Enter {what}"]); return null; }
        if (t.Length > max) { problems.TryAdd(key, [$"{char.ToUpperInvariant(what[0])}{what[1..]} can be at most {max} characters"]); return null; }
        return t;
    }
}
