using System.Xml;
using System.Xml.Linq;

namespace Pastoral.Features.Pupils.Import;

/// <summary>
/// Element look-ups by local name, ignoring case and namespace, because CTFs from different management
/// information systems disagree on both and the data is the same.
/// </summary>
internal static class CtfXml
{
    public static XElement? Child(this XElement? parent, string name) =>
        parent?.Elements().FirstOrDefault(e => Is(e, name));

    public static IEnumerable<XElement> Children(this XElement? parent, string name) =>
        parent?.Elements().Where(e => Is(e, name)) ?? [];

    /// <summary>The trimmed text of a child; null when the child is absent, "" when it is present but empty.</summary>
    public static string? Text(this XElement? parent, string name) => parent.Child(name)?.Value.Trim();

    public static int Line(this XObject node) =>
        node is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : 0;

    private static bool Is(XElement element, string name) =>
        string.Equals(element.Name.LocalName, name, StringComparison.OrdinalIgnoreCase);
}
