namespace Pastoral.Features.Schools;

/// <summary>A period of the school day ("Registration", "Period 1", "Lunch") with its local start and end times.</summary>
public sealed class SchoolPeriod : Security.ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public required string Name { get; set; }
    public TimeOnly StartsAt { get; set; }
    public TimeOnly EndsAt { get; set; }
}

public enum LocationKind { Room, Area }

/// <summary>A place in the school where things happen: a room ("S12", "Library") or an area ("Playground", "Canteen").</summary>
public sealed class Location : Security.ISchoolOwned
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    public required string Name { get; set; }
    public LocationKind Kind { get; set; }
}
