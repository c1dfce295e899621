using Pastoral.Infrastructure;

namespace Pastoral.Features.Behaviour.Patterns;

/// <summary>
/// Behaviour patterns (issue 9, item 11): heatmaps by day and period, location, subject and member of staff; weekly trends for the
/// school, a year group, a form and each cohort; pupils whose negative behaviour is rising; a pupil's behaviour beside their attendance.
/// No tables of its own: everything is grouped reads of the core's incidents. Uses the core's <c>ViewBehaviour</c>.
/// </summary>
public sealed class PatternsModule : IFeatureModule
{
    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<BehaviourPatterns>();
        services.AddScoped<PatternReport>();
        services.AddScoped<RisingNegatives>();
        services.AddScoped<PupilBehaviourWeeks>();
    }

    public void MapPages(IEndpointRouteBuilder app) => app.MapPatternsExport();
}
