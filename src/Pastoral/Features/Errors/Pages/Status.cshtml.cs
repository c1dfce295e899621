using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Infrastructure;

namespace Pastoral.Features.Errors.Pages;

/// <summary>
/// Every error a person sees (400, 404, 405, 413, 500…), inside the layout so the navigation stays; API callers get
/// ProblemDetails. Reached only by re-execution (exception handler, status code pages), with the request's own method.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    public int Code { get; private set; }
    public string Title { get; private set; } = "";
    public string Detail { get; private set; } = "";

    public Task<IActionResult> OnGetAsync(int? status) => ShowAsync(status);
    public Task<IActionResult> OnPostAsync(int? status) => ShowAsync(status);
    public Task<IActionResult> OnPutAsync(int? status) => ShowAsync(status);
    public Task<IActionResult> OnPatchAsync(int? status) => ShowAsync(status);
    public Task<IActionResult> OnDeleteAsync(int? status) => ShowAsync(status);

    private async Task<IActionResult> ShowAsync(int? status)
    {
        // Asked for directly (not re-executed), there is no error to show.
        var exception = HttpContext.Features.Get<IExceptionHandlerFeature>();
        if (exception is null && HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is null) return NotFound();
        Code = ErrorPages.Refine(HttpContext,
            exception is not null ? ErrorPages.StatusFor(exception.Error) : status is >= 400 and <= 599 ? status.Value : Response.StatusCode);
        Response.StatusCode = Code;
        var detail = ErrorPages.ExceptionDetail(HttpContext);
        if (ErrorPages.WantsProblemJson(HttpContext))
        {
            await ErrorPages.WriteProblemAsync(HttpContext, Code, detail);
            return new EmptyResult();
        }
        Title = ErrorPages.TitleFor(Code);
        Detail = detail ?? ErrorPages.DetailFor(HttpContext, Code);
        return Page();
    }
}
