using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Agencies;
using Pastoral.Features.Plans;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Support;

public sealed record StageItem(int Id, AttendanceStage Stage, AttendanceStage? FromStage, string Reason, DateOnly Since, DateOnly? NextReviewOn,
    string? LeadName, DateTime At, string ByName, Guid? LeadId);
public sealed record MeetingItem(int Id, DateOnly HeldOn, IReadOnlyList<MeetingAttendee> Attendees, IReadOnlyList<string> Barriers, string? BarrierNote,
    string? Discussed, IReadOnlyList<MeetingAction> Actions, DateOnly? NextReviewOn, string RecordedByName, IReadOnlyList<string> BarrierCodes);
public sealed record CelebrationItem(int Id, string Format, string WhatImproved, string SignedBy, DateOnly CelebratedOn, string ByName);
public sealed record LetterItem(string Subject, string SentTo, DateTime At, string ByName);
public sealed record EwoReferralItem(int Id, string Agency, ReferralStatus Status, DateOnly? SentOn, bool Overdue);
public sealed record SupportPlanItem(int Id, string Type, string Title, PlanStatus Status, DateOnly ReviewDate);

/// <summary>Everything on a pupil's attendance support page, read for a pupil the viewer sees.</summary>
public sealed record SupportRecordsView(AttendanceStage Stage, StageItem? Current, IReadOnlyList<StageItem> History, IReadOnlyList<MeetingItem> Meetings,
    IReadOnlyList<CelebrationItem> Celebrations, IReadOnlyList<LetterItem> Letters, IReadOnlyList<EwoReferralItem> Referrals, IReadOnlyList<SupportPlanItem> Plans);

/// <summary>Reads a pupil's attendance support records. The caller has found the pupil through <c>VisibleTo</c>; each query filters again.</summary>
public sealed class SupportRecords(PastoralDbContext db)
{
    public const string EwoKind = "education-welfare";
    public static readonly string[] PlanTypes = ["attendance-action-plan", "parental-contract"];

    public async Task<SupportRecordsView> ForAsync(StaffContext staff, int pupilId, DateOnly today, CancellationToken ct)
    {
        var history = await db.Set<AttendanceStageChange>().AsNoTracking().VisibleTo(staff, db).Where(s => s.PupilId == pupilId)
            .OrderByDescending(s => s.At).ThenByDescending(s => s.Id)
            .Select(s => new StageItem(s.Id, s.Stage, s.FromStage, s.Reason, s.Since, s.NextReviewOn, s.LeadName, s.At, s.ByName, s.LeadId)).ToListAsync(ct);
        var meetings = (await db.Set<AttendanceMeeting>().AsNoTracking().VisibleTo(staff, db).Where(m => m.PupilId == pupilId)
            .OrderByDescending(m => m.HeldOn).ThenByDescending(m => m.Id).Take(50).ToListAsync(ct))
            .Select(m => new MeetingItem(m.Id, m.HeldOn, m.Attendees, [.. m.BarrierCodes.Select(AttendanceBarriers.Name)], m.BarrierNote, m.Discussed,
                m.Actions, m.NextReviewOn, m.RecordedByName, m.BarrierCodes)).ToList();
        var celebrations = await db.Set<AttendanceCelebration>().AsNoTracking().VisibleTo(staff, db).Where(c => c.PupilId == pupilId)
            .OrderByDescending(c => c.At).Select(c => new CelebrationItem(c.Id, c.Format, c.WhatImproved, c.SignedBy, c.CelebratedOn, c.ByName)).ToListAsync(ct);
        var letters = await db.Set<AttendanceLetter>().AsNoTracking().VisibleTo(staff, db).Where(l => l.PupilId == pupilId)
            .OrderByDescending(l => l.At).Take(50).Select(l => new LetterItem(l.Subject, l.SentTo, l.At, l.ByName)).ToListAsync(ct);
        var referrals = (await db.Set<AgencyReferral>().AsNoTracking().VisibleTo(staff, db).Where(r => r.PupilId == pupilId && r.Agency!.Kind == EwoKind)
            .OrderByDescending(r => r.CreatedAt).Select(r => new { r.Id, r.Agency!.Name, r.Status, r.SentOn, r.ResponseDueOn }).ToListAsync(ct))
            .Select(r => new EwoReferralItem(r.Id, r.Name, r.Status, r.SentOn, AgencyReferral.IsOverdue(r.Status, r.ResponseDueOn, today))).ToList();
        var plans = await db.Set<Plan>().AsNoTracking().VisibleTo(staff, db).Where(p => p.PupilId == pupilId && PlanTypes.Contains(p.Type!.Key))
            .OrderByDescending(p => p.UpdatedAt).Select(p => new SupportPlanItem(p.Id, p.Type!.Name, p.Title, p.Status, p.ReviewDate)).ToListAsync(ct);
        return new SupportRecordsView(history.FirstOrDefault()?.Stage ?? AttendanceStage.Expect, history.FirstOrDefault(), history, meetings,
            celebrations, letters, referrals, plans);
    }
}
