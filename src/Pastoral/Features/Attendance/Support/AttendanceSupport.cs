using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Plans;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Support;

public sealed record StageInput(string? Stage, string? Reason, string? NextReviewOn, Guid? LeadId);
public sealed record CelebrationInput(string? Format, string? WhatImproved, string? SignedBy);

/// <summary>How a write went: the new record's id, or the problems by field (nothing saved), or the pupil is not there for this person.</summary>
public sealed record SupportWrite(int? Id, IReadOnlyList<(string Field, string Message)> Problems, bool NotFound = false)
{
    public static SupportWrite Missing => new(null, [], NotFound: true);
}

/// <summary>
/// The records of improving a pupil's attendance: their stage with its history, meetings with the family, and celebrations.
/// The one place that checks and saves them, for the pages and the API; each save is audited by the DbContext in the same save.
/// </summary>
public sealed class AttendanceSupport(PastoralDbContext db, PlanBook plans, SchoolClock clock)
{
    public const int ReasonMax = AttendanceStageChange.ReasonMax;

    /// <summary>The pupil through the one scope filter, or null (the caller answers 404).</summary>
    public Task<Pupil?> FindPupilAsync(StaffContext staff, int pupilId, CancellationToken ct) =>
        db.Pupils.AsNoTracking().VisibleTo(staff).Include(p => p.School).Include(p => p.Contacts).Include(p => p.YearGroup).Include(p => p.Form)
            .AsSplitQuery().FirstOrDefaultAsync(p => p.Id == pupilId, ct);

    /// <summary>The pupil's current stage row, or null: "expect".</summary>
    public Task<AttendanceStageChange?> CurrentAsync(int pupilId, CancellationToken ct) =>
        db.Set<AttendanceStageChange>().AsNoTracking().Where(s => s.PupilId == pupilId).OrderByDescending(s => s.At).ThenByDescending(s => s.Id).FirstOrDefaultAsync(ct);

    /// <summary>Active staff of the pupil's school: leads and staff at meetings.</summary>
    public Task<Dictionary<Guid, string>> StaffOfSchoolAsync(int schoolId, CancellationToken ct) => plans.StaffOfSchoolAsync(schoolId, ct);

    public async Task<SupportWrite> SetStageAsync(StaffContext staff, int pupilId, StageInput input, CancellationToken ct)
    {
        var pupil = await FindPupilAsync(staff, pupilId, ct);
        if (pupil is null) return SupportWrite.Missing;
        var problems = new List<(string Field, string Message)>();
        var stage = AttendanceStages.Parse(input.Stage);
        if (stage is null) problems.Add(("Stage", $"Choose a stage: {string.Join(", ", Enum.GetValues<AttendanceStage>().Select(AttendanceStages.Words))}"));
        var reason = MeetingRules.Text(input.Reason, "Reason", "Why", ReasonMax, problems);
        if (reason is null && !problems.Any(p => p.Field == "Reason")) problems.Add(("Reason", "Say why the pupil is moving to this stage"));
        var today = clock.Today();
        var review = MeetingRules.Date(input.NextReviewOn, "NextReviewOn", "next review date", problems);
        if (review < today) problems.Add(("NextReviewOn", "The next review must be today or later"));
        var current = await CurrentAsync(pupilId, ct);
        if (stage is { } s && s == (current?.Stage ?? AttendanceStage.Expect))
            problems.Add(("Stage", $"{pupil.DisplayName} is already at \"{AttendanceStages.Words(s)}\": choose another stage"));
        string? leadName = null;
        var leadId = input.LeadId ?? (stage is AttendanceStage.Expect ? null : staff.UserId);
        if (leadId is { } lead && !(await StaffOfSchoolAsync(pupil.SchoolId, ct)).TryGetValue(lead, out leadName))
            problems.Add(("LeadId", "The lead must be a member of staff of the pupil's school"));
        if (problems.Count > 0) return new SupportWrite(null, problems);
        var change = new AttendanceStageChange
        {
            PupilId = pupil.Id, SchoolId = pupil.SchoolId, Stage = stage!.Value, FromStage = current?.Stage ?? AttendanceStage.Expect, Reason = reason!,
            Since = today, NextReviewOn = review, LeadId = leadId, LeadName = leadName, At = clock.UtcNow,
            ById = staff.UserId == Guid.Empty ? null : staff.UserId, ByName = staff.Name,
        };
        db.Add(change);
        await db.SaveChangesAsync(ct);
        return new SupportWrite(change.Id, []);
    }

    public async Task<SupportWrite> RecordMeetingAsync(StaffContext staff, int pupilId, MeetingInput input, CancellationToken ct)
    {
        var pupil = await FindPupilAsync(staff, pupilId, ct);
        if (pupil is null) return SupportWrite.Missing;
        var contacts = pupil.Contacts.ToDictionary(c => c.Id, c => (c.DisplayName, c.Relationship));
        var (meeting, problems) = MeetingRules.Check(input, clock.Today(), contacts, await StaffOfSchoolAsync(pupil.SchoolId, ct));
        if (meeting is null) return new SupportWrite(null, problems);
        var row = new AttendanceMeeting
        {
            PupilId = pupil.Id, SchoolId = pupil.SchoolId, HeldOn = meeting.HeldOn,
            AttendeesJson = JsonSerializer.Serialize(meeting.Attendees, AttendanceMeeting.Json), Barriers = string.Join(',', meeting.Barriers),
            BarrierNote = meeting.BarrierNote, Discussed = meeting.Discussed, ActionsJson = JsonSerializer.Serialize(meeting.Actions, AttendanceMeeting.Json),
            NextReviewOn = meeting.NextReviewOn, FromContactId = input.FromContactId, RecordedAt = clock.UtcNow,
            RecordedById = staff.UserId == Guid.Empty ? null : staff.UserId, RecordedByName = staff.Name,
        };
        db.Add(row);
        await db.SaveChangesAsync(ct);
        return new SupportWrite(row.Id, []);
    }

    public async Task<SupportWrite> CelebrateAsync(StaffContext staff, int pupilId, CelebrationInput input, CancellationToken ct)
    {
        var pupil = await FindPupilAsync(staff, pupilId, ct);
        if (pupil is null) return SupportWrite.Missing;
        var problems = new List<(string Field, string Message)>();
        var format = input.Format?.Trim().ToLowerInvariant() is "certificate" or "postcard" ? input.Format.Trim().ToLowerInvariant() : null;
        if (format is null) problems.Add(("Format", "Choose a certificate or a postcard"));
        var what = MeetingRules.Text(input.WhatImproved, "WhatImproved", "What improved", AttendanceCelebration.TextMax, problems);
        if (what is null && !problems.Any(p => p.Field == "WhatImproved")) problems.Add(("WhatImproved", "Say what improved, in words for the family"));
        var signed = MeetingRules.Text(input.SignedBy, "SignedBy", "Signed by", 100, problems);
        if (signed is null && !problems.Any(p => p.Field == "SignedBy")) problems.Add(("SignedBy", "Enter who signs it"));
        if (problems.Count > 0) return new SupportWrite(null, problems);
        var row = new AttendanceCelebration
        {
            PupilId = pupil.Id, SchoolId = pupil.SchoolId, Format = format!, WhatImproved = what!, SignedBy = signed!, CelebratedOn = clock.Today(),
            At = clock.UtcNow, ById = staff.UserId == Guid.Empty ? null : staff.UserId, ByName = staff.Name,
        };
        db.Add(row);
        await db.SaveChangesAsync(ct);
        return new SupportWrite(row.Id, []);
    }
}
