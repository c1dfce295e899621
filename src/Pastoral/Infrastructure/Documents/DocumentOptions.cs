namespace Pastoral.Infrastructure.Documents;

/// <summary>The protective marking printed on every page (Government Security Classifications, as schools use them).</summary>
public enum ProtectiveMarking
{
    /// <summary>Personal data, nothing restricted.</summary>
    Official,
    /// <summary>The document holds restricted (safeguarding) content.</summary>
    OfficialSensitive,
}

/// <summary>
/// What the one renderer needs besides the view and its model: the title, the school named in the header, the marking,
/// and for the on-screen preview where its "Download PDF" and "Back" links go.
/// </summary>
public sealed record DocumentOptions(string Title, string SchoolName, ProtectiveMarking Marking)
{
    /// <summary>The file name offered for the PDF (no path parts; the renderer's caller chooses it).</summary>
    public string FileName { get; init; } = "document.pdf";
    public string? PdfLink { get; init; }
    public string? BackLink { get; init; }
    public string BackText { get; init; } = "Back";

    public string MarkingWords => Words(Marking);

    public static string Words(ProtectiveMarking marking) => marking == ProtectiveMarking.OfficialSensitive ? "OFFICIAL-SENSITIVE" : "OFFICIAL";
}

/// <summary>Settings (section <c>Documents</c>).</summary>
public sealed class DocumentSettings
{
    /// <summary>Debian's Chromium; Playwright never downloads a browser here.</summary>
    public string ChromiumPath { get; set; } = "/usr/bin/chromium";
    /// <summary>Documents printed at once by this instance; more wait their turn.</summary>
    public int MaxConcurrent { get; set; } = 2;
    /// <summary>The longest one document may take to print once it has its turn.</summary>
    public int TimeoutSeconds { get; set; } = 30;
}

/// <summary>The PDF could not be made (the browser would not start, or the document took too long): answered as 503.</summary>
public sealed class DocumentUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>What the document layout reads from ViewData: the options and, when printing, the stylesheet to inline.</summary>
public sealed record DocumentPage(DocumentOptions Options, string? InlineCss)
{
    public const string Key = "Pastoral.Document";
}
