using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace Pastoral.Infrastructure;

/// <summary>Errors: ProblemDetails for the API, a plain page for people. Never a stack trace.</summary>
public static class ErrorPages
{
    public static int StatusFor(Exception e) => e switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        DbUpdateConcurrencyException => StatusCodes.Status409Conflict,
        OperationCanceledException => 499,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static Task WriteStatusAsync(StatusCodeContext context) => WriteAsync(context.HttpContext);

    public static async Task WriteAsync(HttpContext http, PathString? originalPath = null, string? detail = null)
    {
        var status = http.Response.StatusCode;
        if ((originalPath ?? http.Request.Path).StartsWithSegments("/api") || AcceptsJson(http))
        {
            var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Title = TitleFor(status), Detail = detail ?? DetailFor(http, status) };
            var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
            // An API caller that asked for HTML still gets the problem, as JSON, rather than an error while writing the error.
            if (!await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem }))
                await http.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
            return;
        }
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync(Page(status, TitleFor(status), detail ?? DetailFor(http, status)));
    }

    private static bool AcceptsJson(HttpContext http) => http.Request.Headers.Accept.ToString().Contains("json", StringComparison.OrdinalIgnoreCase);

    private static string TitleFor(int status) => status switch
    {
        400 => "The request was not valid",
        401 => "Sign in required",
        403 => "You do not have access to this",
        404 => "Not found",
        405 => "That method is not allowed here",
        409 => "Someone else changed this record",
        413 => "The upload is too large",
        415 => "Unsupported content type",
        _ => "Something went wrong",
    };

    private static string DetailFor(HttpContext http, int status) => status switch
    {
        401 => "Send a bearer token (pastoral users token EMAIL) or sign in.",
        404 => $"There is nothing at {http.Request.Path}, or you do not have access to it.",
        409 => "Reload to see their change, then make yours again.",
        415 => "Send the body with the content type this endpoint documents.",
        >= 500 => "The error has been logged. Nothing you entered was lost: go back and try again.",
        _ => "",
    };

    internal static string Page(int status, string title, string detail) =>
        $"""
        <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{status} {HtmlEncoder.Default.Encode(title)} · Pastoral</title><link rel="stylesheet" href="/lib/bootstrap/bootstrap.min.css"><link rel="stylesheet" href="/css/site.css"></head>
        <body><main class="container py-5"><h1 class="h3">{HtmlEncoder.Default.Encode(title)}</h1><p>{HtmlEncoder.Default.Encode(detail)}</p>
        <p><a href="/">Go to My day</a></p></main></body></html>
        """;
}

/// <summary>The exception handler's target: logs nothing itself (the middleware already did) and answers in the caller's language.</summary>
public static class ErrorEndpoint
{
    public static void MapErrorEndpoint(this IEndpointRouteBuilder app) =>
        app.Map("/error", async (HttpContext http) =>
        {
            var feature = http.Features.Get<IExceptionHandlerFeature>();
            http.Response.StatusCode = feature is null ? 500 : ErrorPages.StatusFor(feature.Error);
            // A binding failure's message names the parameter and the value ("Failed to bind parameter \"int? page\" from \"abc\"."), nothing private.
            var detail = feature?.Error is BadHttpRequestException bad ? bad.Message : null;
            await ErrorPages.WriteAsync(http, feature?.Path is { } original ? new PathString(original) : null, detail);
        }).AllowAnonymous().ExcludeFromDescription();
}
