using System.IO.Compression;
using System.Text;

namespace Pastoral.Infrastructure.Attachments;

/// <summary>A type the store accepts, decided from the file's bytes.</summary>
public sealed record FileKind(string Name, string ContentType, string Extension, params string[] OtherExtensions)
{
    public bool Fits(string extension) => extension.Equals(Extension, StringComparison.OrdinalIgnoreCase)
        || OtherExtensions.Any(e => e.Equals(extension, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// What a file is, from its content (magic bytes, and for Word and Excel the parts inside the zip), never from its name.
/// </summary>
public static class FileContent
{
    public static readonly FileKind Pdf = new("a PDF", "application/pdf", ".pdf");
    public static readonly FileKind Png = new("a PNG image", "image/png", ".png");
    public static readonly FileKind Jpeg = new("a JPEG image", "image/jpeg", ".jpg", ".jpeg");
    public static readonly FileKind Docx = new("a Word document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx");
    public static readonly FileKind Xlsx = new("an Excel workbook", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx");
    public static readonly FileKind Text = new("a plain text file", "text/plain; charset=utf-8", ".txt");

    public const string Accepted = "PDF, Word (.docx), Excel (.xlsx), PNG or JPEG images, and plain text (.txt)";

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] JpegSignature = [0xFF, 0xD8, 0xFF];

    public static FileKind? Detect(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith("%PDF-"u8)) return Pdf;
        if (bytes.StartsWith(PngSignature)) return Png;
        if (bytes.StartsWith(JpegSignature)) return Jpeg;
        if (bytes.StartsWith("PK\u0003\u0004"u8)) return OfficeKind(bytes.ToArray());
        return IsPlainText(bytes) ? Text : null;
    }

    /// <summary>A .docx or .xlsx is a zip with [Content_Types].xml and its main part; any other zip is refused.</summary>
    private static FileKind? OfficeKind(byte[] bytes)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
            var names = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
            if (!names.Contains("[Content_Types].xml")) return null;
            if (names.Contains("word/document.xml")) return Docx;
            if (names.Contains("xl/workbook.xml")) return Xlsx;
            return null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>UTF-8 with no control characters but tab, line feed and carriage return (and a BOM at most).</summary>
    private static bool IsPlainText(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0) return false;
        string text;
        try { text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes); }
        catch (DecoderFallbackException) { return false; }
        foreach (var c in text)
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r')) return false;
        return true;
    }

    /// <summary>
    /// The name as stored and offered on download: the last path part only, no control or reserved characters, at most
    /// <see cref="Attachment.FileNameMaxLength"/> characters with its extension kept.
    /// </summary>
    public static string SafeName(string? name, FileKind kind)
    {
        var last = (name ?? "").Replace('\\', '/').Split('/').LastOrDefault() ?? "";
        var cleaned = new StringBuilder();
        foreach (var c in last.Normalize(NormalizationForm.FormC))
            cleaned.Append(char.IsControl(c) || "<>:\"|?*".Contains(c, StringComparison.Ordinal) ? ' ' : c);
        var s = string.Join(' ', cleaned.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)).Trim('.', ' ');
        var extension = Path.GetExtension(s);
        if (!kind.Fits(extension)) { extension = kind.Extension; s += extension; }
        var stem = s[..^extension.Length].TrimEnd('.', ' ');
        if (stem.Length == 0) stem = "document";
        var room = Attachment.FileNameMaxLength - extension.Length;
        return (stem.Length > room ? stem[..room].TrimEnd('.', ' ') : stem) + extension;
    }
}
