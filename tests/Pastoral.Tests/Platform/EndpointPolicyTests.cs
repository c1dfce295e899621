using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Platform;

/// <summary>Every route names a policy, or is on the short list of routes that must work signed out.</summary>
public sealed class EndpointPolicyTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private static readonly HashSet<string> Anonymous =
    [
        "/healthz", "/error/{status:int?}", "/openapi/{documentName}.json", "/api/docs/{documentName?}", "/api/docs/{**path}",
        "/account/sign-in", "/account/second-factor", "/account/denied", "/account/forgot-password", "/account/set-password",
        AppFixture.FailingPath,   // added by the test fixture only
    ];

    [Fact]
    public void Every_endpoint_declares_a_policy_or_is_deliberately_anonymous()
    {
        var endpoints = app.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.True(endpoints.Count > 10);
        var missing = new List<string>();
        foreach (var e in endpoints)
        {
            var route = "/" + e.RoutePattern.RawText!.TrimStart('/');
            var anonymous = e.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var policies = e.Metadata.GetOrderedMetadata<IAuthorizeData>().Where(a => a.Policy is not null).ToList();
            if (anonymous && !Anonymous.Contains(route) && !route.StartsWith("/api/docs/", StringComparison.Ordinal)) missing.Add($"{route} allows anonymous access but is not on the list");
            if (!anonymous && policies.Count == 0) missing.Add($"{route} ({e.DisplayName}) names no policy");
        }
        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }
}
