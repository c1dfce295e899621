using Microsoft.EntityFrameworkCore;
using Pastoral.Infrastructure.Demo;

namespace Pastoral.Features.Agencies;

/// <summary>
/// Invented local services for the demo trust (with the MASH, LADO and police safeguarding team a DSL refers to) (phone numbers from Ofcom's drama ranges, e-mail at example.org), signposting for some
/// families (young carers to the young carers' service, families on free school meals to the food bank; some taken up) and referrals
/// at every status, a couple overdue.
/// </summary>
public sealed class AgenciesDemoData : IDemoData
{
    public int Order => 45;

    private static readonly (string Name, string? Team, string Kind, string Phone, string Email, int? Days, string HowToRefer)[] Services =
    [
        ("Demo County Early Help Hub", "Families First", "early-help", "0113 496 0101", "earlyhelp@example.org", 10, "Early Help Assessment form on the county portal; family consent needed."),
        ("Brookvale CAMHS", "0-19 Emotional Wellbeing Team", "camhs", "0113 496 0202", "camhs.referrals@example.org", 20, "Single point of access form; attach the school's observations and the SDQ."),
        ("Brookvale Online Counselling (demo)", "Text and chat support 11-18", "camhs", "0808 157 0303", "hello@example.org", 5, "Young people self-refer online; staff can share the leaflet."),
        ("Demo County Housing Options", "Homelessness Prevention", "housing", "0117 496 0404", "housing.options@example.org", 5, "Family phones the housing options line; school can send a supporting letter."),
        ("Riverside Young Carers", null, "young-carers", "0161 496 0505", "youngcarers@example.org", 15, "Referral form by e-mail; pupil and parent both agree."),
        ("St Anne's Community Food Bank", null, "food-bank", "0161 496 0606", "foodbank@example.org", 2, "Food bank voucher issued by the pastoral office; collect Tuesdays and Fridays."),
        ("Northside Youth Service", "Detached Youth Work", "youth-service", "0113 496 0707", "youth@example.org", 10, "Referral form; the youth worker calls the family within two weeks."),
        ("Demo County Educational Psychology Service", null, "educational-psychology", "020 7946 0808", "eps@example.org", 30, "Through the SENCO's traded-time request; consultation first."),
        ("Brookvale Speech and Language Therapy", "Children's Community SaLT", "speech-language", "020 7946 0909", "salt@example.org", 30, "Referral form with the SaLT screening and parental consent."),
        ("School Nursing Team (demo)", "Healthy Child Programme 5-19", "school-nurse", "0117 496 0110", "schoolnurse@example.org", 10, "Drop-in on Wednesdays or the referral form."),
        ("Demo County MASH", "Multi-Agency Safeguarding Hub (children's social care front door)", "social-care", "0113 496 0120", "mash@example.org", null, "Phone the MASH for an immediate risk, then the online referral form within 24 hours; a consultation line is open 9 to 5."),
        ("Demo County LADO", "Local Authority Designated Officer", "lado", "0113 496 0130", "lado@example.org", 1, "Phone the LADO the same day about an allegation against an adult, then the LADO referral form."),
        ("Demo Police Safeguarding Team", "Child Abuse Investigation Unit", "police", "0113 496 0140", "cait@example.org", 2, "999 for immediate danger; 101 and the partner referral form otherwise, copied to the MASH."),
        ("Demo Voluntary Action Mentoring", null, "voluntary", "01632 960 111", "mentoring@example.org", 15, "Referral form; a volunteer mentor is matched."),
    ];

    public async Task AddAsync(DemoContext demo, CancellationToken ct)
    {
        var db = demo.Db;
        var f = demo.Faker;
        var trustId = demo.Schools[0].TrustId;
        var agencies = Services.Select(s => new Agency
        {
            TrustId = trustId, Name = s.Name, Team = s.Team, Kind = s.Kind, Phone = s.Phone, Email = s.Email, ResponseDays = s.Days,
            HowToRefer = s.HowToRefer, ResponseHours = s.Kind == "social-care" ? 24 : null,
            SecureEmail = s.Kind is "social-care" or "lado" or "police" ? s.Email.Replace("@example.org", "@secure.example.org", StringComparison.Ordinal) : null, Website = "https://www.example.org/" + s.Kind, Address = "Civic Centre, Demo Street, Sampletown, ZZ99 9ZZ",
        }).ToList();
        agencies.Add(new Agency { TrustId = trustId, Name = "Old Town Family Centre", Kind = "early-help", Phone = "0113 496 0999", Archived = true, Notes = "Closed in 2025; families go to the Early Help Hub." });
        if (demo.Schools.Count > 1) agencies[^2].Schools.Add(new AgencySchool { SchoolId = demo.Schools[0].Id });
        db.AddRange(agencies);
        await db.SaveChangesAsync(ct);
        var byKind = agencies.Where(a => !a.Archived).GroupBy(a => a.Kind).ToDictionary(g => g.Key, g => g.First());

        var staff = await db.Users.AsNoTracking().Where(u => u.Email!.StartsWith("hoy") || u.Email.StartsWith("mentor") || u.Email.StartsWith("senco") || u.Email.StartsWith("dsl"))
            .OrderBy(u => u.Email).Select(u => new { u.Id, u.FullName }).ToListAsync(ct);
        var pupils = await db.Pupils.AsNoTracking().OrderBy(p => p.Id)
            .Select(p => new { p.Id, p.SchoolId, p.YoungCarer, p.Fsm, p.SenProvision, Contact = p.Contacts.OrderBy(c => c.Priority).Select(c => new { c.Id, c.Forename, c.Surname, c.Relationship }).FirstOrDefault() })
            .ToListAsync(ct);
        var signposted = 0;
        var referred = 0;
        var statuses = Enum.GetValues<ReferralStatus>();
        foreach (var p in pupils)
        {
            var who = staff.Count == 0 ? null : staff[f.Random.Int(0, staff.Count - 1)];
            var byName = who?.FullName ?? "Demo staff";
            var kind = p.YoungCarer ? "young-carers" : p.Fsm && f.Random.Double() < 0.15 ? "food-bank" : f.Random.Double() < 0.02 ? f.PickRandom("early-help", "housing", "youth-service", "camhs") : null;
            if (kind is not null && p.Contact is not null)
            {
                var on = demo.Today.AddDays(-f.Random.Int(5, 70));
                var agency = byKind[kind];
                var take = f.Random.Double() switch { < 0.45 => TakeUp.Yes, < 0.6 => TakeUp.No, _ => TakeUp.NotYetKnown };
                var taken = take == TakeUp.NotYetKnown ? (DateOnly?)null : on.AddDays(f.Random.Int(2, 4));
                db.Add(new Signposting
                {
                    PupilId = p.Id, AgencyId = agency.Id, Suggestion = agency.Name, ContactId = p.Contact.Id,
                    ToWhom = $"{p.Contact.Forename} {p.Contact.Surname} ({p.Contact.Relationship})", SuggestedOn = on,
                    RecordedAt = on.ToDateTime(new TimeOnly(11, 0), DateTimeKind.Utc), RecordedById = who?.Id, RecordedByName = byName, TakenUp = take,
                    TakeUpOn = taken, TakeUpRecordedAt = taken?.ToDateTime(new TimeOnly(15, 0), DateTimeKind.Utc), TakeUpRecordedByName = taken is null ? null : byName,
                });
                signposted++;
            }
            if (f.Random.Double() >= 0.025) continue;
            var status = statuses[referred % statuses.Length];
            var target = p.SenProvision != Pupils.SenProvision.N ? byKind[f.PickRandom("speech-language", "educational-psychology")] : byKind[f.PickRandom("camhs", "youth-service", "early-help", "school-nurse")];
            // Overdue on purpose for every third "sent": sent long before its answer was due.
            var sent = status == ReferralStatus.Draft ? (DateOnly?)null : demo.Today.AddDays(-(status == ReferralStatus.Sent && referred % 3 == 1 ? f.Random.Int(50, 70) : f.Random.Int(3, 12)));
            if (sent is { DayOfWeek: DayOfWeek.Saturday or DayOfWeek.Sunday } weekend) sent = weekend.AddDays(weekend.DayOfWeek == DayOfWeek.Saturday ? -1 : -2);
            var due = sent is { } s && target.ResponseDays is { } d ? WorkingDays.Add(s, d, new HashSet<DateOnly>()) : (DateOnly?)null;
            var answered = ReferralStatuses.IsAnswer(status) || status == ReferralStatus.Closed ? sent!.Value.AddDays(2) : (DateOnly?)null;
            var referral = new AgencyReferral
            {
                PupilId = p.Id, SchoolId = p.SchoolId, AgencyId = target.Id, Status = status,
                Reason = target.Kind switch
                {
                    "speech-language" => "Difficulty following multi-step instructions; SaLT screening suggests a receptive language need.",
                    "educational-psychology" => "Progress has stalled despite SEN support; assessment of learning needs requested.",
                    "camhs" => "Low mood and withdrawal over the last term, reported by pupil and parent.",
                    "school-nurse" => "Health questions about sleep and eating raised at a mentoring session.",
                    _ => "Family asked for support with routines and activities outside school.",
                },
                SentOn = sent, ConsentFrom = sent is null ? null : p.Contact is null ? "the pupil" : $"{p.Contact.Forename} {p.Contact.Surname} ({p.Contact.Relationship})",
                ConsentOn = sent?.AddDays(-1), ResponseDueOn = due, ResponseOn = answered,
                Response = answered is null ? null : status switch
                {
                    ReferralStatus.Accepted => "Accepted: first appointment offered.",
                    ReferralStatus.Declined => "Declined: does not meet the threshold; advice sent to the family.",
                    ReferralStatus.WaitingList => "On the waiting list, about 12 weeks.",
                    _ => "Closed after six sessions; goals met.",
                },
                CreatedAt = (sent ?? demo.Today).AddDays(-1).ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc), CreatedByName = byName,
            };
            referral.Changes.Add(new AgencyReferralStatusChange { PupilId = p.Id, Status = ReferralStatus.Draft, At = referral.CreatedAt, ById = who?.Id, ByName = byName });
            if (sent is { } sentOn) referral.Changes.Add(new AgencyReferralStatusChange { PupilId = p.Id, Status = ReferralStatus.Sent, At = sentOn.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc), ById = who?.Id, ByName = byName });
            if (answered is { } a && status != ReferralStatus.Sent)
                referral.Changes.Add(new AgencyReferralStatusChange { PupilId = p.Id, Status = status, At = a.ToDateTime(new TimeOnly(14, 0), DateTimeKind.Utc), ById = who?.Id, ByName = byName });
            db.Add(referral);
            referred++;
        }
        await demo.FlushAsync(ct);
        demo.Count("agencies", agencies.Count);
        demo.Count("signpostings", signposted);
        demo.Count("agency referrals", referred);
    }
}
