namespace Pastoral.Features.Attendance.Registers;

/// <summary>Issue 8, item 1: taking registers (the list, the register page, the API), missing marks, changing a mark, and the school's attendance settings.</summary>
public sealed class RegistersModule : IFeatureModule
{
    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<RegisterBook>();
    }

    public void MapEndpoints(IEndpointRouteBuilder api) => RegistersEndpoints.Map(api);
}
