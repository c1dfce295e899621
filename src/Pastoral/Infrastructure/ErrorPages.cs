using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace Pastoral.Infrastructure;

/// <summary>
/// Errors: ProblemDetails for the API, a page inside the app's layout (with the signed-in user's navigation) for people.
/// Never a stack trace. Both the exception handler and status code pages re-execute into <c>/error/{status}</c>.
/// </summary>
public static partial class ErrorPages
{
    public const string PathFormat = "/error/{0}";

    public static int StatusFor(Exception e) => e switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        DbUpdateConcurrencyException => StatusCodes.Status409Conflict,
        Documents.DocumentUnavailableException => StatusCodes.Status503ServiceUnavailable,
        OperationCanceledException => 499,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>
    /// A form too large to read fails antiforgery validation first, which answers a bare 400: when the declared length is
    /// over the limit for that request, the honest answer is 413 with the limit in staff's words (issue 5, 5.6).
    /// </summary>
    public static int Refine(HttpContext http, int status) =>
        status == StatusCodes.Status400BadRequest && http.Request.ContentLength is { } length
            && http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is { } max && length > max
            ? StatusCodes.Status413PayloadTooLarge : status;

    /// <summary>The path the caller asked for, before any re-execution into the error page.</summary>
    public static PathString OriginalPath(HttpContext http) =>
        http.Features.Get<IExceptionHandlerPathFeature>()?.Path is { } failed ? new PathString(failed)
        : http.Features.Get<IStatusCodeReExecuteFeature>() is { } status ? new PathString(status.OriginalPathBase + status.OriginalPath)
        : http.Request.Path;

    public static bool WantsProblemJson(HttpContext http) =>
        OriginalPath(http).StartsWithSegments("/api") || http.Request.Headers.Accept.ToString().Contains("json", StringComparison.OrdinalIgnoreCase);

    public static async Task WriteProblemAsync(HttpContext http, int status, string? detail)
    {
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Title = TitleFor(status), Detail = detail ?? DetailFor(http, status) };
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        // An API caller that asked for HTML still gets the problem, as JSON, rather than an error while writing the error.
        if (!await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem }))
            await http.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
    }

    /// <summary>
    /// A binding failure names the parameter and the value, nothing private; said in plain words rather than the framework's
    /// ("Failed to bind parameter \"Nullable&lt;int&gt; page\" from \"abc\".").
    /// </summary>
    public static string? ExceptionDetail(HttpContext http)
    {
        if (http.Features.Get<IExceptionHandlerFeature>()?.Error is not BadHttpRequestException { StatusCode: not StatusCodes.Status413PayloadTooLarge } bad)
            return null;
        var binding = BindingFailure().Match(bad.Message);
        if (!binding.Success) return bad.Message;
        var value = binding.Groups["value"].Value;
        if (value.Length > 40) value = value[..40] + "…";
        return $"{binding.Groups["name"].Value} cannot be \"{value}\": check the address, or go back and try again.";
    }

    [System.Text.RegularExpressions.GeneratedRegex("^Failed to bind parameter \"(?:.* )?(?<name>[A-Za-z0-9_]+)\" from \"(?<value>.*)\"\\.$", System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex BindingFailure();

    public static string TitleFor(int status) => status switch
    {
        400 => "The request was not valid",
        401 => "Sign in required",
        403 => "You do not have access to this",
        404 => "Page not found",
        405 => "That method is not allowed here",
        409 => "Someone else changed this record",
        413 => "The file is too large",
        415 => "Unsupported content type",
        503 => "Not available just now",
        _ => "Something went wrong",
    };

    public static string DetailFor(HttpContext http, int status) => status switch
    {
        400 => "Something in the address or the form could not be read. Go back, check what you entered and try again.",
        401 => "Send a bearer token (pastoral users token EMAIL) or sign in.",
        404 => $"There is nothing at {OriginalPath(http)}, or you do not have access to it. Check the address, or start again from My day.",
        409 => "Reload to see their change, then make yours again.",
        413 => TooLargeDetail(http),
        415 => "Send the body with the content type this endpoint documents.",
        503 => "The PDF could not be made just now. Try again in a minute; the on-screen preview still works.",
        >= 500 => "The error has been logged. Nothing you entered was lost: go back and try again.",
        _ => "",
    };

    /// <summary>The largest upload the app accepts anywhere, in staff's units (the import limit).</summary>
    public const int MaxUploadMegabytes = 20;

    /// <summary>
    /// The 413 page speaks for the form that was sent: each upload page says its own limit (<see cref="ITooLargeDetail"/> on its
    /// page model), read from the endpoint the request was for, since the error page itself is a re-execution.
    /// </summary>
    public static string TooLargeDetail(HttpContext http)
    {
        var endpoint = http.Features.Get<IExceptionHandlerFeature>()?.Endpoint
            ?? http.Features.Get<IStatusCodeReExecuteFeature>()?.Endpoint
            ?? http.GetEndpoint();
        return endpoint?.Metadata.GetMetadata<ITooLargeDetail>()?.Detail(http.RequestServices)
            ?? $"The file is larger than this form accepts (at most {MaxUploadMegabytes} MB). Go back and choose a smaller file.";
    }
}

/// <summary>What the 413 page says for one upload form, put on its page model: the limit in staff's words and what to do.</summary>
public interface ITooLargeDetail
{
    string Detail(IServiceProvider services);
}

/// <summary>A form with a fixed limit: <c>[TooLarge("The file is larger than the 2 MB limit: export one year group at a time.")]</c>.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class TooLargeAttribute(string detail) : Attribute, ITooLargeDetail
{
    public string Detail(IServiceProvider services) => detail;
}
