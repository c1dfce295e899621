using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Safeguarding.Concerns;
using Pastoral.Features.Safeguarding.Triage;
using Pastoral.Infrastructure.Demo;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Meetings;

/// <summary>
/// For the pupil of the first demo concern (the one the DSL triaged): a strategy discussion and a review child protection conference with attendees, minutes and
/// an action; and a TAF meeting for a Year 9 pupil, which the demo school has made not restricted (so heads of year see it).
/// </summary>
public sealed class MeetingsDemoData : IDemoData
{
    public int Order => 74;

    public async Task AddAsync(DemoContext demo, CancellationToken ct)
    {
        if (demo.Schools.Count == 0) return;
        var school = demo.Schools[0].Id;
        var pupil = await demo.Db.Set<SafeguardingConcern>().AsNoTracking().Where(c => c.SchoolId == school).OrderBy(c => c.Id).Select(c => (int?)c.PupilId).FirstOrDefaultAsync(ct);
        var taf = await demo.Db.Pupils.AsNoTracking().Where(p => p.SchoolId == school && p.YearGroup!.NcYear == 9 && p.OnRollTo == null).OrderBy(p => p.Id).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct);
        var dsl = await demo.Db.Users.AsNoTracking().Where(u => u.Email == $"dsl@{StaffDemoData.Domain}").Select(u => new { u.Id, u.FullName }).FirstOrDefaultAsync(ct);
        var agency = await demo.Db.Set<Agencies.Agency>().AsNoTracking().Where(a => !a.Archived).OrderBy(a => a.Id).Select(a => new { a.Id, a.Name }).FirstOrDefaultAsync(ct);
        if (pupil is null || taf is null || dsl is null) return;
        SafeguardingMeetingAttendee Staff() => new() { PupilId = pupil.Value, StaffId = dsl.Id, Name = dsl.FullName };
        var strategy = new SafeguardingMeeting
        {
            PupilId = pupil.Value, SchoolId = school, Type = MeetingType.StrategyDiscussion, HeldAt = demo.Today.AddDays(-2).ToDateTime(new TimeOnly(14, 0), DateTimeKind.Utc),
            Contribution = "Attendance, the pupil's own words to their form tutor, and the support already offered in school.",
            Minutes = "Information shared by school, social care and the police. The pupil is settled in school; home circumstances are being assessed.",
            Decisions = "Section 47 enquiry not needed at this point; single assessment by children's social care.",
            RecordedAt = demo.Today.AddDays(-2).ToDateTime(new TimeOnly(16, 0), DateTimeKind.Utc), RecordedByName = dsl.FullName,
            Attendees = [Staff(), new() { PupilId = pupil.Value, Name = "Sam Carter, social worker" }],
        };
        if (agency is not null) strategy.Attendees.Add(new() { PupilId = pupil.Value, AgencyId = agency.Id, Name = agency.Name });
        var review = new SafeguardingMeeting
        {
            PupilId = pupil.Value, SchoolId = school, Type = MeetingType.ReviewCpConference, HeldAt = demo.Today.AddDays(12).ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc),
            Contribution = "School report prepared: attendance 94%, settled in lessons, weekly check-ins with the head of year.",
            RecordedAt = demo.Today.AddDays(-1).ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc), RecordedByName = dsl.FullName,
            Attendees = [Staff(), new() { PupilId = pupil.Value, Name = "Conference chair, independent reviewing officer" }],
        };
        var team = new SafeguardingMeeting
        {
            PupilId = taf.Value, SchoolId = school, Type = MeetingType.Taf, HeldAt = demo.Today.AddDays(-6).ToDateTime(new TimeOnly(15, 30), DateTimeKind.Utc),
            Contribution = "Attendance and punctuality since September; the breakfast club offer.", Minutes = "Family agreed a morning routine plan; the school will offer breakfast club.",
            Decisions = "Review in six weeks.", RecordedAt = demo.Today.AddDays(-6).ToDateTime(new TimeOnly(17, 0), DateTimeKind.Utc), RecordedByName = dsl.FullName,
            Attendees = [new() { PupilId = taf.Value, StaffId = dsl.Id, Name = dsl.FullName }, new() { PupilId = taf.Value, Name = "Parent" }],
        };
        demo.Db.AddRange(strategy, review, team);
        demo.Db.Add(new MeetingTypeSetting { SchoolId = school, Type = MeetingType.Taf, Restricted = false });
        await demo.FlushAsync(ct);
        demo.Db.Add(new SafeguardingAction
        {
            PupilId = pupil.Value, SchoolId = school, SourceType = ActionSource.Meeting, SourceId = strategy.Id, OwnerId = dsl.Id, OwnerName = dsl.FullName,
            Text = "Send the school's written contribution to the social worker before the review conference.", DueOn = demo.Today.AddDays(7),
            CreatedAt = strategy.RecordedAt, CreatedByName = dsl.FullName,
        });
        await demo.FlushAsync(ct);
        demo.Count("safeguarding meetings", 3);
    }
}
