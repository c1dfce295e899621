using System.Xml;
using System.Xml.Linq;

namespace Pastoral.Features.Pupils.Import;

/// <summary>
/// Reads a DfE Common Transfer File. Never throws for anything wrong with the file itself: what can't be
/// read becomes an error or a skipped pupil with its line.
/// </summary>
public static class CtfReader
{
    /// <param name="today">
    /// Used when the header has no DateTime to judge whether free school meals are current, and to reject
    /// dates of birth in the future: the school's date from SchoolClock, never the server's.
    /// </param>
    public static CtfResult Read(Stream xml, IReadOnlySet<string> knownSenNeedCodes, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(xml);
        ArgumentNullException.ThrowIfNull(knownSenNeedCodes);

        var errors = new List<ImportProblem>();
        var document = Load(xml, errors);
        if (document?.Root is not { } root)
            return new CtfResult(null, [], [], errors);

        if (root.Name.LocalName != "CTfile")
        {
            errors.Add(new ImportProblem(root.Line(), null,
                $"The root element is <{root.Name.LocalName}>: a Common Transfer File starts with <CTfile>"));
            return new CtfResult(null, [], [], errors);
        }

        var headerElement = root.Child("Header");
        if (headerElement is null)
            errors.Add(new ImportProblem(root.Line(), "Header", "The file has no Header, so it is not a complete Common Transfer File"));

        var header = headerElement is null ? null : ReadHeader(headerElement);
        var fileDate = FileDate(headerElement) ?? today;

        var pupils = new List<PupilImportRow>();
        var skipped = new List<ImportProblem>();
        var firstLineByUpn = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var element in root.Child("CTFpupilData").Children("Pupil"))
        {
            var pupil = CtfPupilParser.Parse(element, knownSenNeedCodes, fileDate, today, skipped);
            if (pupil is null)
                continue;

            if (firstLineByUpn.TryGetValue(pupil.Upn, out var firstLine))
            {
                skipped.Add(new ImportProblem(pupil.Line, "UPN",
                    $"Pupil at line {pupil.Line} skipped: UPN {pupil.Upn} is also used by the pupil at line {firstLine}"));
                continue;
            }

            firstLineByUpn.Add(pupil.Upn, pupil.Line);
            pupils.Add(pupil);
        }

        return new CtfResult(header, pupils, skipped, errors);
    }

    /// <summary>A real CTF nests about eight deep; no pupil record needs more than this.</summary>
    public const int MaxDepth = 32;

    /// <summary>About 500 elements a pupil: this is room for a whole-school transfer of 2,000 pupils.</summary>
    public const int MaxElements = 1_000_000;

    /// <summary>Characters, not bytes: a 20 MB upload decodes to at most this many.</summary>
    public const long MaxCharacters = 25_000_000;

    private static XmlReaderSettings Settings() => new()
    {
        // A CTF arrives from outside the school: no DTDs and no resolver, so entity tricks (XXE, billion
        // laughs) can neither read local files nor reach the network.
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = false,
        MaxCharactersInDocument = MaxCharacters,
        MaxCharactersFromEntities = 0,
    };

    private static XDocument? Load(Stream xml, List<ImportProblem> errors)
    {
        // Building an XDocument from a hostile file costs far more than the file (160,000 nested elements took a
        // minute), so a streaming pass that holds nothing checks depth and size first, then the document is built.
        var seekable = xml.CanSeek ? xml : Buffer(xml);
        var start = seekable.Position;
        if (Limits(seekable, errors) is false)
            return null;
        seekable.Position = start;

        using var reader = XmlReader.Create(seekable, Settings());
        try
        {
            return XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException ex)
        {
            // The "DTD is prohibited" exception carries no position, but the reader still knows where it stopped.
            var line = ex.LineNumber > 0 ? ex.LineNumber : Math.Max(((IXmlLineInfo)reader).LineNumber, 1);
            var message = ex.Message.Contains("DTD", StringComparison.Ordinal)
                ? "The file contains a DOCTYPE declaration, which a Common Transfer File never needs, so it was not read"
                : $"The file is not well-formed XML: {ex.Message}";
            errors.Add(new ImportProblem(line, null, message));
            return null;
        }
    }

    private static MemoryStream Buffer(Stream xml)
    {
        var copy = new MemoryStream();
        xml.CopyTo(copy);
        copy.Position = 0;
        return copy;
    }

    /// <summary>True when the file is within the limits; false (with the problem added) when it is not; null when it is not XML, which the load reports.</summary>
    private static bool? Limits(Stream xml, List<ImportProblem> errors)
    {
        using var reader = XmlReader.Create(xml, Settings());
        var elements = 0;
        try
        {
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element)
                    continue;
                if (reader.Depth >= MaxDepth)
                {
                    errors.Add(new ImportProblem(((IXmlLineInfo)reader).LineNumber, null,
                        $"Elements are nested more than {MaxDepth} deep, which no Common Transfer File needs, so the file was not read"));
                    return false;
                }
                if (++elements > MaxElements)
                {
                    errors.Add(new ImportProblem(((IXmlLineInfo)reader).LineNumber, null,
                        $"The file has more than {MaxElements:N0} elements, far more than any Common Transfer File, so it was not read"));
                    return false;
                }
            }
            return true;
        }
        catch (XmlException ex) when (ex.Message.Contains("MaxCharactersInDocument", StringComparison.Ordinal)
                                      || ex.Message.Contains("maximum", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new ImportProblem(Math.Max(ex.LineNumber, 1), null,
                $"The file is longer than {MaxCharacters:N0} characters, far more than any Common Transfer File, so it was not read"));
            return false;
        }
        catch (XmlException)
        {
            return null;
        }
    }

    private static CtfHeader ReadHeader(XElement header)
    {
        var source = header.Child("SourceSchool");
        var destination = header.Child("DestSchool");
        return new CtfHeader(
            NullIfEmpty(header.Text("CTFversion")),
            string.Equals(header.Text("DocumentQualifier"), "partial", StringComparison.OrdinalIgnoreCase),
            NullIfEmpty(source.Text("LEA")),
            NullIfEmpty(source.Text("Estab")),
            NullIfEmpty(source.Text("SchoolName")),
            NullIfEmpty(destination.Text("LEA")),
            NullIfEmpty(destination.Text("Estab")),
            NullIfEmpty(source.Text("AcademicYear")))
        { SourceUrn = NullIfEmpty(source.Text("URN")) };
    }

    /// <summary>The date part of the header's DateTime ("2025-10-01T09:30:00"), which is when the file's facts were true.</summary>
    private static DateOnly? FileDate(XElement? header)
    {
        var text = header.Text("DateTime");
        if (text is null || text.Length < 10)
            return null;
        return ImportValues.TryParseDate(text[..10], out var date) ? date : null;
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
