namespace Pastoral.Infrastructure.Documents;

/// <summary>
/// The one document service: a Razor view and its model to the on-screen preview (HTML) or to a PDF. Every capability that
/// prints (a pupil summary, an audit extract, letters, reports) calls this; none starts a browser of its own.
/// </summary>
public sealed class Documents(DocumentViews views, PdfPrinter printer)
{
    /// <summary>The preview: the document's HTML with its stylesheet linked and a "Download PDF" bar that print hides.</summary>
    public Task<string> PreviewAsync(string viewPath, object model, DocumentOptions options, CancellationToken ct) =>
        views.RenderAsync(viewPath, model, options, forPrint: false, ct);

    /// <summary>The PDF of the same view: A4, the school and the marking in the header, page X of Y in the footer.</summary>
    public async Task<byte[]> RenderAsync(string viewPath, object model, DocumentOptions options, CancellationToken ct)
    {
        var html = await views.RenderAsync(viewPath, model, options, forPrint: true, ct);
        return await printer.PrintAsync(html, options, ct);
    }

    public static IResult Html(string html) => Results.Content(html, "text/html; charset=utf-8");

    /// <summary>A PDF download; never cached (the security headers already say no-store).</summary>
    public static IResult Pdf(byte[] pdf, DocumentOptions options) => Results.File(pdf, "application/pdf", options.FileName);
}
