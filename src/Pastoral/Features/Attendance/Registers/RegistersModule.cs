using Pastoral.Features.Admin;

namespace Pastoral.Features.Attendance.Registers;

/// <summary>Issue 8, item 1: taking registers (the list, the register page, the API), missing marks, changing a mark, and the school's attendance settings.</summary>
public sealed class RegistersModule : IFeatureModule
{
    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<RegisterBook>();
        services.AddScoped<MissingMarksReport>();
        services.AddScoped<Pupils.Timeline.ITimelineSource, MarkChangesTimeline>();
        services.AddAdminSection(new AdminSection("Attendance", "/admin/attendance",
            "Where each school's register is kept, when registers open and close, and when absences are followed up.", AttendanceModule.ManageAttendance.Name, 60));
    }

    public void MapEndpoints(IEndpointRouteBuilder api) => RegistersEndpoints.Map(api);

    public void MapPages(IEndpointRouteBuilder app) => MissingMarksReport.Map(app);
}
