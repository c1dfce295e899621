using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Admin.SchoolSetUp;
using Pastoral.Infrastructure;

namespace Pastoral.Features.Admin.Responsibilities;

/// <summary>
/// The year-end rollover's part for the timetable: the school's teaching groups are kept as they are, or cleared (every class
/// and its pupil list removed) so the new year's timetable export can be imported onto an empty list.
/// </summary>
public sealed class TeachingGroupsRolloverStep : IRolloverStep
{
    public int Order => 30;

    public async Task<RolloverStepPreview> PreviewAsync(RolloverContext c, CancellationToken ct)
    {
        var (classes, places) = await CountAsync(c, ct);
        return new RolloverStepPreview("Teaching groups", [c.Choices.CarryTeachingGroups
            ? $"Kept: {Counted.Of(classes, "class", "classes")} with {Counted.Of(places, "pupil place")}, until the new timetable is imported"
            : $"Cleared: {Counted.Of(classes, "class", "classes")} with {Counted.Of(places, "pupil place")} removed, ready for the new timetable's import"], []);
    }

    public async Task<string> ApplyAsync(RolloverContext c, CancellationToken ct)
    {
        var (classes, places) = await CountAsync(c, ct);
        if (c.Choices.CarryTeachingGroups) return $"{Counted.Of(classes, "class", "classes")} kept";
        // Inside the rollover's transaction: if a later step fails, the classes come back with everything else.
        var ids = c.Db.Set<TeachingGroup>().Where(g => g.SchoolId == c.School.Id).Select(g => g.Id);
        await c.Db.Set<TeachingGroupPupil>().Where(p => ids.Contains(p.TeachingGroupId)).ExecuteDeleteAsync(ct);
        await c.Db.Set<TeachingGroup>().Where(g => g.SchoolId == c.School.Id).ExecuteDeleteAsync(ct);
        return $"teaching groups cleared: {Counted.Of(classes, "class", "classes")}, {Counted.Of(places, "pupil place")}";
    }

    private static async Task<(int Classes, int Places)> CountAsync(RolloverContext c, CancellationToken ct)
    {
        var groups = c.Db.Set<TeachingGroup>().AsNoTracking().Where(g => g.SchoolId == c.School.Id);
        return (await groups.CountAsync(ct), await c.Db.Set<TeachingGroupPupil>().CountAsync(p => groups.Any(g => g.Id == p.TeachingGroupId), ct));
    }
}
