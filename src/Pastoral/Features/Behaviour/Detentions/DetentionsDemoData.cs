using Bogus;
using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Schools;
using Pastoral.Infrastructure.Demo;

namespace Pastoral.Features.Behaviour.Detentions;

/// <summary>
/// The school's detention types and this term's sittings: a detention for about two in five negative incidents (the instigator's),
/// at the next lunch or after-school sitting with space; past sittings mostly attended (about 85%), some excused, some missed and
/// escalated to the after-school or senior leadership detention.
/// </summary>
public sealed class DetentionsDemoData : IDemoData
{
    public int Order => 60;

    public async Task AddAsync(DemoContext demo, CancellationToken ct)
    {
        var db = demo.Db;
        var admin = new DetentionTypesAdmin(db);
        var added = 0;
        foreach (var school in demo.Schools)
        {
            await admin.EnsureDefaultsAsync(school.Id, ct);
            var types = await db.Set<DetentionType>().AsNoTracking().Where(t => t.SchoolId == school.Id).ToDictionaryAsync(t => t.Name, ct);
            var year = await db.AcademicYears.AsNoTracking().Include(y => y.Terms).Include(y => y.ClosureDays).AsSplitQuery()
                .Where(y => y.SchoolId == school.Id && y.StartsOn <= demo.Today).OrderByDescending(y => y.StartsOn).FirstOrDefaultAsync(ct);
            var term = year?.Terms.Where(t => t.StartsOn <= demo.Today).OrderByDescending(t => t.StartsOn).FirstOrDefault();
            if (year is null || term is null) continue;
            var days = SchoolDays.Between(year, term.StartsOn, demo.Today.AddDays(21)).ToList();
            var parts = await db.Set<IncidentPupil>().AsNoTracking()
                .Where(p => p.Incident!.SchoolId == school.Id && p.Incident.OccurredOn >= term.StartsOn && p.Role == IncidentRole.Instigator && p.Points < 0)
                .OrderBy(p => p.Id).Select(p => new { p.PupilId, p.IncidentId, p.Incident!.OccurredOn, Type = p.Incident.Type!.Name, p.Incident.RecordedById, p.Incident.RecordedByName })
                .ToListAsync(ct);
            var random = new Randomizer(20261128 + school.Id);
            var seats = new Dictionary<(int, DateOnly), int>();
            var rows = new List<Detention>();
            Detention? Place(DetentionType type, DateOnly after, int pupilId, string reason, int? incidentId, Guid byId, string byName, DateTime at)
            {
                foreach (var day in days.Where(d => d > after && type.SitsOn(d)))
                {
                    var taken = seats.GetValueOrDefault((type.Id, day));
                    if (taken >= type.Capacity || rows.Any(r => r.TypeId == type.Id && r.Date == day && r.PupilId == pupilId)) continue;
                    seats[(type.Id, day)] = taken + 1;
                    var d = new Detention { SchoolId = school.Id, PupilId = pupilId, TypeId = type.Id, Date = day, Seat = taken + 1, Reason = reason,
                        IncidentId = incidentId, ParentsToBeTold = type.ParentsTold, SetById = byId, SetByName = byName, SetAt = at };
                    rows.Add(d);
                    return d;
                }
                return null;
            }
            foreach (var part in parts)
            {
                if (!random.Bool(0.4f)) continue;
                var type = random.Bool(0.7f) ? types["Lunch detention"] : types["After-school detention"];
                var setAt = part.OccurredOn.ToDateTime(new TimeOnly(15, 45), DateTimeKind.Utc);
                var d = Place(type, part.OccurredOn, part.PupilId, part.Type, part.IncidentId, part.RecordedById, part.RecordedByName, setAt);
                if (d is null || d.Date >= demo.Today) continue;
                var roll = random.Double();
                var markedAt = d.Date.ToDateTime(type.StartsAt, DateTimeKind.Utc).AddMinutes(type.Minutes);
                (d.Status, d.MarkedByName, d.MarkedAt) = (roll < 0.85 ? DetentionStatus.Attended : roll < 0.91 ? DetentionStatus.Excused : DetentionStatus.Missed, part.RecordedByName, markedAt);
                if (d.Status == DetentionStatus.Missed && type.EscalatesToId is { } toId && types.Values.First(t => t.Id == toId) is var to
                    && Place(to, d.Date, d.PupilId, $"Missed the {type.Name.ToLowerInvariant()} on {DetentionBook.Day(d.Date)}: {d.Reason}", d.IncidentId, part.RecordedById, part.RecordedByName, markedAt) is { } e)
                {
                    e.EscalatedFromId = -1; // linked after the first save gives ids
                    e.Reason = e.Reason.Length > Detention.ReasonMax ? e.Reason[..Detention.ReasonMax] : e.Reason;
                    if (e.Date < demo.Today) (e.Status, e.MarkedByName, e.MarkedAt) = (DetentionStatus.Attended, part.RecordedByName, e.Date.ToDateTime(to.StartsAt, DateTimeKind.Utc).AddMinutes(to.Minutes));
                    escalations.Add((d, e));
                }
            }
            foreach (var (_, e) in escalations) e.EscalatedFromId = null;
            db.AddRange(rows);
            await db.SaveChangesAsync(ct);
            foreach (var (missed, e) in escalations) e.EscalatedFromId = missed.Id;
            await db.SaveChangesAsync(ct);
            escalations.Clear();
            added += rows.Count;
        }
        demo.Count("detentions", added);
    }

    private readonly List<(Detention Missed, Detention Escalated)> escalations = [];
}
