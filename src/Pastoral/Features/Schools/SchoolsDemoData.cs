using Pastoral.Infrastructure.Demo;

namespace Pastoral.Features.Schools;

/// <summary>A synthetic trust of secondary schools (years 7–11), each with this year's calendar and forms.</summary>
public sealed class SchoolsDemoData : IDemoData
{
    private static readonly string[] Places = ["Brookfield", "Hartwell", "Ashcombe", "Millbrook", "Kingsmere", "Fernley", "Oakhurst",
        "Whitcombe", "Redbourne", "Elmstead", "Longridge", "Thornbury", "Westleigh", "Stonecross", "Harrowden", "Larkhill",
        "Coldharbour", "Wyndham", "Fairmead", "Penrose", "Northgate", "Southwold", "Eastbrook", "Highfield"];

    private static readonly string[] Rooms = ["Main hall", "Library", "Learning support base", "S12", "S14", "H3", "M7"];
    private static readonly string[] Areas = ["Playground", "Canteen", "Field"];

    public int Order => 0;

    public async Task AddAsync(DemoContext demo, CancellationToken ct)
    {
        var trust = new Trust { Name = demo.Size.Schools == 1 ? "Brookfield Academy (single school)" : "Northfield Learning Trust (demo)" };
        demo.Db.Trusts.Add(trust);
        var startYear = demo.Today.Month >= 8 ? demo.Today.Year : demo.Today.Year - 1;
        for (var i = 0; i < demo.Size.Schools; i++)
        {
            var school = new School
            {
                Trust = trust, Name = $"{Places[i % Places.Length]} Academy" + (i >= Places.Length ? $" {i / Places.Length + 1}" : ""),
                Urn = (990000 + i).ToString(), LaNumber = "999", EstablishmentNumber = (4000 + i).ToString(), Phase = SchoolPhase.Secondary,
            };
            for (var year = 7; year <= 11; year++)
            {
                var group = new YearGroup { NcYear = year, Name = $"Year {year}" };
                var forms = Math.Max(1, (int)Math.Round(demo.Size.PupilsPerSchool / 5.0 / 28));
                for (var f = 0; f < forms; f++)
                    group.Forms.Add(new Form { Name = $"{year}{"ABCDEFGHJKLMNPRSTUVW"[f % 20]}" });
                school.YearGroups.Add(group);
            }
            school.AcademicYears.Add(CalendarFor(startYear));
            school.Periods.AddRange(DayFor());
            school.Locations.AddRange(Rooms.Select(n => new Location { Name = n, Kind = LocationKind.Room })
                .Concat(Areas.Select(n => new Location { Name = n, Kind = LocationKind.Area })));
            demo.Db.Schools.Add(school);
            demo.Schools.Add(school);
        }
        await demo.Db.SaveChangesAsync(ct);
        demo.Count("schools", demo.Size.Schools);
    }

    /// <summary>A typical secondary day: registration, five lessons, break and lunch.</summary>
    public static IEnumerable<SchoolPeriod> DayFor() =>
        new (string Name, int H1, int M1, int H2, int M2)[]
        {
            ("Registration", 8, 40, 9, 0), ("Period 1", 9, 0, 10, 0), ("Period 2", 10, 0, 11, 0), ("Break", 11, 0, 11, 20),
            ("Period 3", 11, 20, 12, 20), ("Lunch", 12, 20, 13, 5), ("Period 4", 13, 5, 14, 5), ("Period 5", 14, 5, 15, 5),
        }.Select(p => new SchoolPeriod { Name = p.Name, StartsAt = new TimeOnly(p.H1, p.M1), EndsAt = new TimeOnly(p.H2, p.M2) });

    /// <summary>A typical English calendar: the real one is entered by each school, as there is no national calendar.</summary>
    public static AcademicYear CalendarFor(int startYear)
    {
        static DateOnly Weekday(int y, int m, int d, DayOfWeek day)
        {
            var date = new DateOnly(y, m, d);
            while (date.DayOfWeek != day) date = date.AddDays(1);
            return date;
        }
        var y1 = startYear + 1;
        var autumn = new Term { Name = TermName.Autumn, StartsOn = Weekday(startYear, 9, 1, DayOfWeek.Monday).AddDays(2), EndsOn = Weekday(startYear, 12, 16, DayOfWeek.Friday) };
        var spring = new Term { Name = TermName.Spring, StartsOn = Weekday(y1, 1, 3, DayOfWeek.Monday), EndsOn = Weekday(y1, 3, 25, DayOfWeek.Friday) };
        var summer = new Term { Name = TermName.Summer, StartsOn = Weekday(y1, 4, 12, DayOfWeek.Monday), EndsOn = Weekday(y1, 7, 18, DayOfWeek.Wednesday) };
        var year = new AcademicYear { StartYear = startYear, StartsOn = autumn.StartsOn.AddDays(-2), EndsOn = summer.EndsOn, Terms = [autumn, spring, summer] };
        void Break(Term term, DateOnly monday, string reason)
        {
            for (var d = 0; d < 5; d++) year.ClosureDays.Add(new ClosureDay { Date = monday.AddDays(d), Reason = reason });
            term.SecondHalfStartsOn = monday.AddDays(7);
        }
        Break(autumn, Weekday(startYear, 10, 24, DayOfWeek.Monday), "Half term");
        Break(spring, Weekday(y1, 2, 13, DayOfWeek.Monday), "Half term");
        Break(summer, Weekday(y1, 5, 25, DayOfWeek.Monday), "Half term");
        year.ClosureDays.Add(new ClosureDay { Date = spring.StartsOn, Reason = "INSET day" });
        year.ClosureDays.Add(new ClosureDay { Date = Weekday(y1, 5, 1, DayOfWeek.Monday), Reason = "Bank holiday" });
        return year;
    }
}
