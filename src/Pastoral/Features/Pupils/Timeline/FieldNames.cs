using System.Text.RegularExpressions;

namespace Pastoral.Features.Pupils.Timeline;

/// <summary>Turns a property name from the audit log into the words staff use: "PreferredForename" → "preferred forename".</summary>
public static partial class FieldNames
{
    private static readonly Dictionary<string, string> Special = new()
    {
        ["Fsm"] = "FSM", ["Ehcp"] = "EHCP", ["Eal"] = "EAL", ["SenProvision"] = "SEN provision", ["Upn"] = "UPN",
        ["LookedAfter"] = "looked-after status", ["ChildProtection"] = "child protection status", ["YearGroupId"] = "year group",
        ["FormId"] = "form", ["OnRollFrom"] = "on roll from", ["OnRollTo"] = "on roll to", ["Sex"] = "sex",
    };

    public static string Words(string field) =>
        Special.TryGetValue(field, out var words) ? words : CapitalStart().Replace(field, m => (m.Index > 0 ? " " : "") + m.Value.ToLowerInvariant());

    [GeneratedRegex("[A-Z]")]
    private static partial Regex CapitalStart();
}
