namespace Pastoral.Features.Plans;

public static class PlanPrint
{
    public static void Map(IEndpointRouteBuilder app) { }
}
