using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Pastoral.Infrastructure;

/// <summary>The OpenAPI document at /openapi/v1.json and the Scalar reference at /api/docs, both served without a CDN.</summary>
public static class ApiDocs
{
    public static IServiceCollection AddOpenApiDocument(this IServiceCollection services) =>
        services.AddOpenApi("v1", o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/v1", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Pastoral API",
                    Version = "v1",
                    Description = "Read and write a school's pastoral records. Authenticate with a personal token: " +
                                  "`pastoral users token EMAIL --name NAME`, sent as `Authorization: Bearer pst_…`.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "pst_ personal token",
                    Description = "A personal API token.",
                };
                document.Security ??= [];
                document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] });
                return Task.CompletedTask;
            });
        });

    public static void MapApiDocs(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/api/docs", ConfigureScalar).AllowAnonymous();
    }

    /// <summary>
    /// The reference only: no hosted-service buttons a school's staff could mistake for part of Pastoral ("Deploy" and
    /// "Generate SDK" live in Scalar's developer toolbar, "Ask AI" is its agent), and nothing sent to Scalar's servers.
    /// </summary>
    public static void ConfigureScalar(ScalarOptions o)
    {
        o.WithTitle("Pastoral API").WithOpenApiRoutePattern("/openapi/{documentName}.json");
        o.HideDeveloperTools();
        o.HideClientButton();
        o.DisableAgent();
        o.DisableMcp();
        o.DisableTelemetry();
    }

    /// <summary>Every /api/v1 route can answer 401 and 403 as ProblemDetails.</summary>
    public static RouteGroupBuilder WithOpenApi401And403(this RouteGroupBuilder group) => group
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden);
}
