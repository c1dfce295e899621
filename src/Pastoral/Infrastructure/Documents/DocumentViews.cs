using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Pastoral.Infrastructure.Documents;

/// <summary>
/// Renders a Razor view (a .cshtml file beside its feature, with <c>_Document.cshtml</c> as its layout) to an HTML string,
/// outside any request's page: the same code serves the preview route, the PDF route and a batch job.
/// </summary>
public sealed class DocumentViews(IRazorViewEngine engine, ITempDataProvider tempData, IModelMetadataProvider metadata,
    IServiceProvider services, IWebHostEnvironment environment)
{
    public const string Stylesheet = "css/document.css";
    private static string? _css;

    public async Task<string> RenderAsync(string viewPath, object model, DocumentOptions options, bool forPrint, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var http = new DefaultHttpContext { RequestServices = services };
        var action = new ActionContext(http, new Microsoft.AspNetCore.Routing.RouteData(), new ActionDescriptor());
        var found = engine.GetView(executingFilePath: null, viewPath, isMainPage: true);
        if (!found.Success) throw new InvalidOperationException($"No document view at {viewPath}.");
        var viewData = new ViewDataDictionary(metadata, new ModelStateDictionary()) { Model = model };
        // Printing inlines the stylesheet (the browser loads nothing); the preview links it, as the CSP allows only 'self'.
        viewData[DocumentPage.Key] = new DocumentPage(options, forPrint ? Css() : null);
        await using var writer = new StringWriter();
        var context = new ViewContext(action, found.View, viewData, new TempDataDictionary(http, tempData), writer, new HtmlHelperOptions());
        await found.View.RenderAsync(context);
        return writer.ToString();
    }

    private string Css()
    {
        if (_css is not null) return _css;
        var file = environment.WebRootFileProvider.GetFileInfo(Stylesheet);
        if (!file.Exists) throw new InvalidOperationException($"The document stylesheet wwwroot/{Stylesheet} is missing.");
        using var reader = new StreamReader(file.CreateReadStream());
        return _css = reader.ReadToEnd();
    }
}
