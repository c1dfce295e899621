using Pastoral.Security;

namespace Pastoral.Features.Admin.SchoolSetUp;

/// <summary>School set-up pages (<c>/admin/school</c>) and the year-end rollover.</summary>
public sealed class SchoolSetUpModule : IFeatureModule
{
    public void AddServices(IServiceCollection services)
    {
        services.AddAdminSection(new AdminSection("School set-up", "/admin/school",
            "Details, year groups and forms, terms and closure days, the school day, rooms and areas, and the year-end rollover.",
            Policies.ManageSchools, 20));
        services.AddScoped<YearEndRollover>();
        services.AddScoped<IRolloverStep, NewAcademicYearStep>();
        services.AddScoped<IRolloverStep, PupilsMoveUpStep>();
        services.AddScoped<IRolloverStep, CaseloadsStep>();
    }
}
