using Microsoft.EntityFrameworkCore;
using Pastoral.Data;

namespace Pastoral.Features.Behaviour.Detentions;

/// <summary>The school's detention types: a starting set on first use, and checking and saving one (problems by field in staff's words).</summary>
public sealed class DetentionTypesAdmin(PastoralDbContext db)
{
    /// <summary>Adds the usual four types (break, lunch, after school, senior leadership) to a school that has none.</summary>
    public async Task EnsureDefaultsAsync(int schoolId, CancellationToken ct = default)
    {
        if (await db.Set<DetentionType>().AnyAsync(t => t.SchoolId == schoolId, ct)) return;
        var senior = new DetentionType { SchoolId = schoolId, Name = "Senior leadership detention", Kind = DetentionKind.AfterSchool, Minutes = 90,
            Days = DetentionType.DayBit(DayOfWeek.Friday), StartsAt = new TimeOnly(15, 20), Room = "Conference room", Capacity = 15,
            OutsideSchoolHours = true, NoticeHours = 24, ParentsTold = true };
        db.Add(senior);
        await db.SaveChangesAsync(ct);
        var after = new DetentionType { SchoolId = schoolId, Name = "After-school detention", Kind = DetentionKind.AfterSchool, Minutes = 60,
            Days = DetentionType.DayBit(DayOfWeek.Tuesday) | DetentionType.DayBit(DayOfWeek.Thursday), StartsAt = new TimeOnly(15, 20), Room = "Room S4",
            Capacity = 25, OutsideSchoolHours = true, NoticeHours = 24, ParentsTold = true, EscalatesToId = senior.Id };
        db.Add(after);
        await db.SaveChangesAsync(ct);
        db.Add(new DetentionType { SchoolId = schoolId, Name = "Lunch detention", Kind = DetentionKind.Lunch, Minutes = 30, StartsAt = new TimeOnly(12, 45),
            Room = "Room H2", Capacity = 20, EscalatesToId = after.Id });
        db.Add(new DetentionType { SchoolId = schoolId, Name = "Break detention", Kind = DetentionKind.Break, Minutes = 15, StartsAt = new TimeOnly(10, 50),
            Room = "Room H2", Capacity = 20, EscalatesToId = after.Id });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Problems with a type as entered, by field.</summary>
    public async Task<Dictionary<string, string> > ProblemsAsync(DetentionType t, CancellationToken ct = default)
    {
        var problems = new Dictionary<string, string>();
        t.Name = t.Name.Trim();
        if (t.Name.Length == 0) problems["Name"] = "Enter a name, such as \"Lunch detention\"";
        else if (t.Name.Length > DetentionType.NameMax) problems["Name"] = $"The name can be at most {DetentionType.NameMax} characters";
        else if (await db.Set<DetentionType>().AnyAsync(x => x.SchoolId == t.SchoolId && x.Id != t.Id && x.Name.ToLower() == t.Name.ToLower(), ct))
            problems["Name"] = $"There is already a detention type called {t.Name}";
        if (t.Minutes is < 5 or > DetentionType.MinutesMax) problems["Minutes"] = $"Enter a length between 5 and {DetentionType.MinutesMax} minutes";
        if (t.Capacity is < 1 or > DetentionType.CapacityMax) problems["Capacity"] = $"Enter the places per sitting, from 1 to {DetentionType.CapacityMax}";
        if ((t.Days & 31) == 0) problems["Days"] = "Choose at least one day it sits";
        if (t.NoticeHours is < 0 or > DetentionType.NoticeMax) problems["NoticeHours"] = $"Enter the notice in hours, from 0 to {DetentionType.NoticeMax}";
        if (t.Room?.Length > DetentionType.RoomMax) problems["Room"] = $"The room can be at most {DetentionType.RoomMax} characters";
        if (t.EscalatesToId is { } to && (to == t.Id || !await db.Set<DetentionType>().AnyAsync(x => x.Id == to && x.SchoolId == t.SchoolId, ct)))
            problems["EscalatesToId"] = "Choose another of the school's detention types, or none";
        return problems;
    }
}
