using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Agencies;
using Pastoral.Features.Plans;
using Pastoral.Infrastructure.Demo;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Support;

/// <summary>
/// The staged approach in the first school: a few dozen pupils at each stage above "expect" (mentees first, so the story of a
/// persistent absentee on a mentor's caseload with a family contact log, a meeting and a plan fits together), meetings with
/// barriers and actions, action plans, a parental contract, an education welfare referral and two celebrations.
/// </summary>
public sealed class AttendanceSupportDemoData(PlanBook plans, PlanTypes types) : IDemoData
{
    public int Order => 65;

    private static readonly (AttendanceStage Stage, int Count)[] Stages =
        [(AttendanceStage.Monitor, 30), (AttendanceStage.ListenAndUnderstand, 20), (AttendanceStage.FacilitateSupport, 12), (AttendanceStage.FormaliseSupport, 6), (AttendanceStage.Enforce, 3)];
    private static readonly string[] Reasons =
        ["Attendance below 95% this half-term", "Several unexplained absences on Mondays", "Attendance below 90%: persistent absence", "No improvement since the last review",
         "Parental contract not kept; referred to the education welfare service"];
    private static readonly string[][] BarrierSets =
        [["anxiety-ebsa"], ["health"], ["transport", "financial"], ["caring"], ["bullying", "anxiety-ebsa"], ["family"]];
    private static readonly string[] Discussions =
        ["Mornings are hard: he does not want to leave the house. Talked about a soft start and a named adult at the gate.",
         "Ongoing asthma; mum will share the consultant's letter. Agreed to send work home on long absences.",
         "The bus pass ran out and the walk is 50 minutes. Discussed the hardship fund.",
         "Looks after her younger brother when mum works early shifts. Young carers service mentioned.",
         "Worried about a group in her form. Head of year will look into it and change the seating plan."];

    public async Task AddAsync(DemoContext demo, CancellationToken ct)
    {
        if (demo.Schools.Count == 0) return;
        var db = demo.Db;
        var school = demo.Schools[0];
        var staff = await db.Users.AsNoTracking().Where(u => u.Email!.EndsWith("@" + StaffDemoData.Domain)).ToDictionaryAsync(u => u.Email!.Split('@')[0], ct);
        if (!staff.TryGetValue("head", out var head) || !staff.TryGetValue("mentor", out var mentor)) return;
        var lead = staff.GetValueOrDefault("hoy8") ?? head;
        var caseload = await db.Caseloads.AsNoTracking().Select(c => c.PupilId).Distinct().ToListAsync(ct);
        var pupils = await db.Pupils.AsNoTracking().Include(p => p.Contacts).Where(p => p.SchoolId == school.Id && p.OnRollTo == null)
            .OrderBy(p => p.Id).ToListAsync(ct);
        // Mentees first, then every seventh pupil: spread over the year groups.
        var chosen = pupils.Where(p => caseload.Contains(p.Id)).Concat(pupils.Where((p, i) => !caseload.Contains(p.Id) && i % 7 == 3))
            .Take(Stages.Sum(s => s.Count)).ToList();
        var noon = demo.Today.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc);
        var index = 0;
        var atStage = new List<(Pupils.Pupil Pupil, AttendanceStage Stage)>();
        // A smaller school (the tests' 120 pupils) gets fewer at each stage, but some at every one.
        var scale = Math.Min(1.0, chosen.Count / (double)Stages.Sum(s => s.Count));
        foreach (var (stage, full) in Stages.Reverse()) // the most serious stages go to the mentees
            for (var n = 0; n < Math.Max(1, (int)Math.Floor(full * scale)) && index < chosen.Count; n++, index++)
            {
                var pupil = chosen[index];
                var steps = Enum.GetValues<AttendanceStage>().Where(s => s > AttendanceStage.Expect && s <= stage).ToList();
                var from = AttendanceStage.Expect;
                for (var i = 0; i < steps.Count; i++)
                {
                    var daysAgo = (steps.Count - i) * 14 + index % 5;
                    var by = i % 2 == 0 ? lead : mentor;
                    db.Add(new AttendanceStageChange
                    {
                        PupilId = pupil.Id, SchoolId = school.Id, Stage = steps[i], FromStage = from, Reason = Reasons[Math.Min(i, Reasons.Length - 1)],
                        Since = demo.Today.AddDays(-daysAgo), NextReviewOn = demo.Today.AddDays(7 + index % 21), LeadId = lead.Id, LeadName = lead.FullName,
                        At = noon.AddDays(-daysAgo), ById = by.Id, ByName = by.FullName,
                    });
                    from = steps[i];
                }
                atStage.Add((pupil, stage));
                if (stage >= AttendanceStage.ListenAndUnderstand) db.Add(Meeting(pupil, school.Id, demo.Today.AddDays(-10 - index % 20), index, lead, mentor, noon));
            }
        // One meeting still to come, arranged for next week.
        if (atStage.Where(a => a.Stage == AttendanceStage.Monitor).Select(a => a.Pupil).FirstOrDefault() is { } next && next.Contacts.FirstOrDefault() is { } parent)
            db.Add(new AttendanceMeeting
            {
                PupilId = next.Id, SchoolId = school.Id, HeldOn = demo.Today.AddDays(7), RecordedAt = noon.AddDays(-1), RecordedById = lead.Id, RecordedByName = lead.FullName,
                AttendeesJson = JsonSerializer.Serialize(new[] { new MeetingAttendee(MeetingAttendee.Family, parent.DisplayName, parent.Relationship, parent.Id), new MeetingAttendee(MeetingAttendee.Staff, lead.FullName, "Staff", StaffId: lead.Id) }, AttendanceMeeting.Json),
            });
        // Two celebrations: pupils who came back from "monitor".
        foreach (var (pupil, _) in atStage.Where(a => a.Stage == AttendanceStage.Monitor).Skip(1).Take(2))
            db.Add(new AttendanceCelebration
            {
                PupilId = pupil.Id, SchoolId = school.Id, Format = pupil.Id % 2 == 0 ? "certificate" : "postcard",
                WhatImproved = "In school and on time every day for the last four weeks", SignedBy = lead.FullName, CelebratedOn = demo.Today.AddDays(-2),
                At = noon.AddDays(-2), ById = lead.Id, ByName = lead.FullName,
            });
        await demo.FlushAsync(ct);
        demo.Count("pupils on an attendance stage", atStage.Count);

        var ewo = new Agency
        {
            TrustId = school.TrustId, Name = "Demo County Education Welfare Service", Team = "Attendance and Children Missing Education", Kind = SupportRecords.EwoKind,
            Phone = "0113 496 0212", Email = "ews@example.org", ResponseDays = 10, Address = "Civic Centre, Demo Street, Sampletown, ZZ99 9ZZ",
            HowToRefer = "Referral form with the attendance record and the notes of the school's meetings with the family.",
        };
        db.Add(ewo);
        await demo.FlushAsync(ct);
        if (atStage.Where(a => a.Stage == AttendanceStage.Enforce).Select(a => a.Pupil).FirstOrDefault() is { } enforced)
        {
            var sent = demo.Today.AddDays(-12);
            db.Add(new AgencyReferral
            {
                PupilId = enforced.Id, SchoolId = school.Id, AgencyId = ewo.Id, Reason = "Attendance 71% this year; parental contract not kept; support offered has not improved attendance.",
                Status = ReferralStatus.Accepted, SentOn = sent, ConsentFrom = "Not needed: statutory attendance referral", ConsentOn = sent, Response = "Allocated to an education welfare officer; home visit booked.",
                ResponseOn = sent.AddDays(4), ResponseDueOn = sent.AddDays(14), CreatedAt = noon.AddDays(-12), CreatedByName = lead.FullName,
                Changes = [new() { PupilId = enforced.Id, Status = ReferralStatus.Sent, At = noon.AddDays(-12), ById = lead.Id, ByName = lead.FullName },
                           new() { PupilId = enforced.Id, Status = ReferralStatus.Accepted, At = noon.AddDays(-8), ById = lead.Id, ByName = lead.FullName }],
            });
            await demo.FlushAsync(ct);
        }
        demo.Count("attendance plans", await AddPlansAsync(demo, atStage, head.Id, lead.Id, ct));
    }

    private static AttendanceMeeting Meeting(Pupils.Pupil pupil, int schoolId, DateOnly heldOn, int i, StaffUser lead, StaffUser mentor, DateTime noon)
    {
        var attendees = pupil.Contacts.OrderBy(c => c.Priority).Take(1).Select(c => new MeetingAttendee(MeetingAttendee.Family, c.DisplayName, c.Relationship, c.Id))
            .Append(new(MeetingAttendee.Staff, lead.FullName, "Staff", StaffId: lead.Id)).ToList();
        if (i % 3 == 0) attendees.Add(new(MeetingAttendee.Staff, mentor.FullName, "Staff", StaffId: mentor.Id));
        if (i % 5 == 0) attendees.Add(new(MeetingAttendee.Other, "Pat Welfare", "Education welfare officer"));
        var actions = new List<MeetingAction>
        {
            new("Meet at the school gate at 08:35 and walk in together", mentor.FullName, heldOn.AddDays(1)),
            new("Call school by 08:30 on any day of absence", "Parent", null),
            new("Review attendance together", lead.FullName, heldOn.AddDays(21)),
        };
        return new AttendanceMeeting
        {
            PupilId = pupil.Id, SchoolId = schoolId, HeldOn = heldOn, AttendeesJson = JsonSerializer.Serialize(attendees, AttendanceMeeting.Json),
            Barriers = string.Join(',', BarrierSets[i % BarrierSets.Length]), Discussed = Discussions[i % Discussions.Length],
            ActionsJson = JsonSerializer.Serialize(actions.Take(2 + i % 2), AttendanceMeeting.Json), NextReviewOn = heldOn.AddDays(21),
            RecordedAt = heldOn.ToDateTime(new TimeOnly(16, 0), DateTimeKind.Utc) > noon ? noon : heldOn.ToDateTime(new TimeOnly(16, 0), DateTimeKind.Utc),
            RecordedById = lead.Id, RecordedByName = lead.FullName,
        };
    }

    /// <summary>Through the plan engine, so the plans are checked, versioned and audited like any other.</summary>
    private async Task<int> AddPlansAsync(DemoContext demo, List<(Pupils.Pupil Pupil, AttendanceStage Stage)> atStage, Guid headId, Guid leadId, CancellationToken ct)
    {
        await types.EnsureBuiltInAsync(ct);
        var head = await CurrentStaff.LoadAsync(demo.Db, headId, TimeProvider.System, ct);
        if (head is null) return 0;
        var start = demo.Today.AddDays(-14).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var count = 0;
        foreach (var (pupil, _) in atStage.Where(a => a.Stage >= AttendanceStage.FacilitateSupport).Take(5))
        {
            var content = new PlanContent
            {
                ["dates"] = new() { ["start"] = new PlanValue(start) },
                ["barriers"] = new() { ["barriers"] = new PlanValue("Anxiety about the start of the day; mornings at home are rushed.") },
                ["targets"] = new() { ["targets"] = new PlanValue(null, [new Dictionary<string, string> { ["target"] = "In school by 08:40 every day for two weeks", ["met"] = "Partly" },
                    new Dictionary<string, string> { ["target"] = "Attendance above 90% by half-term" }]) },
                ["support"] = new() { ["support"] = new PlanValue(null, [new Dictionary<string, string> { ["what"] = "Soft start in the library with a named adult", ["who"] = "Mentor" },
                    new Dictionary<string, string> { ["what"] = "Morning routine chart at home", ["who"] = "Parent" }]) },
            };
            if (await plans.CreateAsync(head, pupil.Id, "attendance-action-plan", new PlanDraft("Attendance action plan", demo.Today.AddDays(14), leadId, content, PlanStatus.Active), ct)
                is PlanSaveResult.Saved) count++;
        }
        if (atStage.Where(a => a.Stage == AttendanceStage.FormaliseSupport).Select(a => a.Pupil).FirstOrDefault() is { } contracted)
        {
            var content = new PlanContent
            {
                ["about"] = new() { ["concern"] = new PlanValue("Attendance"), ["why"] = new PlanValue("Attendance 78% after a term of support; the family agreed to a contract.") },
                ["parents-commitments"] = new() { ["commitments"] = new PlanValue("Make sure she is up by 07:15 and at the gate by 08:35; call school by 08:30 on any day she is ill.") },
                ["school-commitments"] = new() { ["commitments"] = new PlanValue("A soft start each morning, a weekly check-in with her mentor, and a call home each Friday with the week's attendance.") },
                ["duration"] = new() { ["start"] = new PlanValue(start), ["end"] = new PlanValue(demo.Today.AddDays(50).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)) },
                ["consequences"] = new() { ["consequences"] = new PlanValue("If attendance does not improve, the school may ask the local authority for a notice to improve and then a penalty notice.") },
            };
            if (await plans.CreateAsync(head, contracted.Id, "parental-contract", new PlanDraft("Parental contract: attendance", demo.Today.AddDays(21), leadId, content, PlanStatus.Active), ct)
                is PlanSaveResult.Saved) count++;
        }
        demo.Db.ChangeTracker.Clear();
        return count;
    }
}
