using Pastoral.Infrastructure;

namespace Pastoral.Features.Attendance.Overview;

/// <summary>
/// Seeing attendance (issue 8, item 8): the school's morning page, figures for any group and range with cohort gaps and weekly
/// trends, the persistent and severe absence lists, the pupil's calendar of sessions, the profile's attendance panel and
/// "Absent today" on My day. Every figure comes from <see cref="AttendanceStatistics"/>.
/// </summary>
public sealed class AttendanceOverviewModule : IFeatureModule
{
    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<AttendanceGroups>();
        services.AddScoped<AttendanceTrends>();
        services.AddScoped<AttendanceToday>();
        services.AddNavItem(new NavItem("Attendance", "/attendance", AttendanceModule.ViewAttendance.Name, 15, NavGroups.Attendance));
        services.AddMyDayPanel(new MyDayPanel("AbsentToday", AttendanceModule.ViewAttendance.Name, 15));
    }

    public void MapPages(IEndpointRouteBuilder app) => app.MapAttendanceExports();
}
