namespace Pastoral.Infrastructure;

public static class SecurityHeaders
{
    /// <summary>No inline script anywhere in the staff UI; the API reference page (Scalar) gets its own, looser policy.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private const string ApiDocsPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    /// <summary>
    /// First in the pipeline, and written as the response starts: the exception handler and re-executed error pages clear
    /// the headers set before them, so headers set up front reached only the success path (issue 5, 1.4).
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // Decided from the path as requested: an error page re-executed under /error must keep the policy of the page asked for.
        var path = context.Request.Path;
        var apiDocs = path.StartsWithSegments("/api/docs");
        var cacheable = path.StartsWithSegments("/lib") || path.StartsWithSegments("/css") || path.StartsWithSegments("/js");
        context.Response.OnStarting(() =>
        {
            var h = context.Response.Headers;
            h.ContentSecurityPolicy = apiDocs ? ApiDocsPolicy : ContentSecurityPolicy;
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "no-referrer";
            h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            h["Cross-Origin-Opener-Policy"] = "same-origin";
            // Pages and errors (a missing static file too) are never cached. Exactly what antiforgery writes on a page with a
            // form, so where it already wrote it there is nothing to override (and nothing for it to warn about).
            if (context.Response.StatusCode >= 400 || !cacheable)
            {
                h.CacheControl = "no-cache, no-store";
                h.Pragma = "no-cache";
            }
            return Task.CompletedTask;
        });
        await next();
    });
}
