using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure.Demo;

namespace Pastoral.Features.Safeguarding.Orders;

/// <summary>
/// For the first school: one prohibited steps order about a pupil's second contact (may not collect, may not be given information),
/// care details for the first looked-after pupil, and one Operation Encompass notification for a pupil on a CP/CIN record. Synthetic throughout.
/// </summary>
public sealed class OrdersDemoData : IDemoData
{
    public int Order => 16; // after the CP/CIN records (15), so the Encompass pupil is one the DSL already knows

    public async Task AddAsync(DemoContext demo, CancellationToken ct)
    {
        var db = demo.Db;
        var school = await db.Schools.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync(ct);
        var today = demo.Today;
        var at = today.AddDays(-40).ToDateTime(new TimeOnly(11, 0), DateTimeKind.Utc);
        var withTwo = await db.PupilContacts.Where(c => c.Priority == 2 && db.Pupils.Any(p => p.Id == c.PupilId && p.SchoolId == school))
            // Away from both ends of the roll, where other demo stories (and tests) pick their first and last pupils.
            .OrderByDescending(c => c.PupilId).Skip(3).Select(c => new { c.Id, c.PupilId }).FirstOrDefaultAsync(ct);
        if (withTwo is not null)
        {
            db.Add(new CourtOrder
            {
                PupilId = withTwo.PupilId, ContactId = withTwo.Id, Kind = CourtOrderKind.ProhibitedSteps, MayNotCollect = true, NoInformation = true,
                StartDate = today.AddDays(-40), EndDate = today.AddMonths(10), Court = "Demo Family Court", Reference = "ZZ26P00999",
                Terms = "The respondent may not remove the child from the care of the applicant or from school. Synthetic demo record.",
                RecordedAt = at, RecordedByName = "Dana Lead",
            });
            demo.Count("court orders", 1);
        }
        var looked = await db.Pupils.Where(p => p.SchoolId == school && p.LookedAfter == LookedAfterStatus.Lac).OrderBy(p => p.Id).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct);
        if (looked is { } lac)
        {
            db.Add(new LookedAfterCare
            {
                PupilId = lac, CareAuthority = "999 Demo County Council", SocialWorkerName = "Morgan Hale", SocialWorkerPhone = "07700 900456",
                SocialWorkerEmail = "morgan.hale@demo-county.example.org", VirtualSchoolContact = "Demo Virtual School, 01632 960123",
                PepDates = $"{today.AddDays(-150):yyyy-MM-dd}, {today.AddDays(-60):yyyy-MM-dd}", NextPepDue = today.AddDays(30),
                PlacementType = "Foster care with a local authority carer", RecordedAt = at, RecordedByName = "Dana Lead",
            });
            demo.Count("looked-after care details", 1);
        }
        var records = db.Set<ChildProtectionRecord>();
        var known = await db.Pupils.Where(p => p.SchoolId == school && records.Any(r => r.PupilId == p.Id && r.ClosedAt == null))
            .OrderBy(p => p.Id).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct)
            ?? await db.Pupils.Where(p => p.SchoolId == school).OrderBy(p => p.Id).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct);
        if (known is { } pupil)
        {
            var received = today.AddDays(-6).ToDateTime(new TimeOnly(8, 5), DateTimeKind.Utc);
            db.Add(new EncompassNotification
            {
                PupilId = pupil, ReceivedAt = received, IncidentDate = today.AddDays(-7),
                Content = "Police attended a domestic incident at the home address in the evening; the child was present. Synthetic demo record.",
                ToldInSchool = "Form tutor and head of year (need to know)", SupportGiven = "Quiet check-in with the learning mentor at morning break.",
                FollowUp = "DSL to check in again at the end of the week.", RecordedAt = received.AddMinutes(20), RecordedByName = "Dana Lead",
            });
            demo.Count("Operation Encompass notifications", 1);
        }
        await demo.FlushAsync(ct);
    }
}
