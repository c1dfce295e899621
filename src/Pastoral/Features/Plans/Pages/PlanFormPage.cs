using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Features.Pupils;

namespace Pastoral.Features.Plans.Pages;

/// <summary>What the new-plan and edit-plan pages share: the form, the staff to choose from, adding a table row, and problems shown by their fields.</summary>
public abstract class PlanFormPage : PageModel
{
    [BindProperty] public PlanForm Input { get; set; } = new();
    /// <summary>Set by an "Add a row" button: the table ("section.field") to give one more row.</summary>
    [BindProperty] public string? AddRow { get; set; }
    public Pupil Pupil { get; protected set; } = null!;
    public PlanDefinition Definition { get; protected set; } = null!;
    public string TypeName { get; protected set; } = "";
    public IReadOnlyList<(Guid Id, string Name)> Staff { get; protected set; } = [];
    public PlanConflict? Conflict { get; protected set; }

    public PlanFieldsView Fields => new(Definition, Input, Staff, Conflict);

    protected static IReadOnlyList<(Guid, string)> Ordered(Dictionary<Guid, string> staff) =>
        [.. staff.OrderBy(s => s.Value, StringComparer.Ordinal).Select(s => (s.Key, s.Value))];

    /// <summary>An "Add a row" press: one more blank row, the rest of the input kept, nothing saved.</summary>
    protected bool AddingRow()
    {
        if (string.IsNullOrEmpty(AddRow) || !Input.Rows.TryGetValue(AddRow, out var rows)) return false;
        Input.Rows[AddRow] = Math.Min(rows + 1, PlanRules.MaxRows);
        ModelState.Clear();
        return true;
    }

    protected DateOnly? ReviewDate()
    {
        if (DateOnly.TryParseExact(Input.ReviewDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        if (!string.IsNullOrWhiteSpace(Input.ReviewDate)) ModelState.AddModelError("reviewDate", "The review date must be a real date");
        return null;
    }

    protected Guid? Owner() => Guid.TryParse(Input.OwnerId, out var g) ? g : null;

    protected IActionResult Problems(IEnumerable<(string Field, string Message)> problems)
    {
        foreach (var (field, message) in problems)
            if (!ModelState.ContainsKey(field)) ModelState.AddModelError(field, message);
        Response.StatusCode = 400;
        return Page();
    }
}
