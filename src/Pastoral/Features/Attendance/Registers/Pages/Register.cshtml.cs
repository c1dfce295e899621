using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Registers.Pages;

/// <summary>
/// Taking a form's register for one session, tablet first: "Mark all present", then the exceptions by code, then Save.
/// Saved through <see cref="RegisterBook"/> (the API's path too). A register someone else saved meanwhile is shown beside this
/// person's marks and never overwritten; a school keeping its register in the MIS sees it read-only.
/// </summary>
[Authorize(Policy = nameof(AttendanceModule.TakeRegisters))]
public sealed class RegisterModel(RegisterBook book, CurrentStaff current) : PageModel
{
    /// <summary>The common codes, as big buttons; every other code in force is under "Other code".</summary>
    public static readonly string[] Common = ["L", "N", "I", "M", "C"];
    public const string Other = "other";

    public sealed class Row
    {
        public int PupilId { get; set; }
        public string? Code { get; set; }
        public string? OtherCode { get; set; }
        public int? MinutesLate { get; set; }
        public string? Reason { get; set; }

        public string? Chosen => Code == Other ? OtherCode : Code;
    }

    /// <summary>A pupil whose mark differs between this person's form and the register someone else saved.</summary>
    public sealed record Difference(int PupilId, string Name, string? Saved, string? Yours);

    public RegisterSheet Sheet { get; private set; } = null!;
    [BindProperty] public List<Row> Marks { get; set; } = [];
    [BindProperty] public int? Version { get; set; }
    public Dictionary<int, string> RowErrors { get; } = [];
    public List<(string Anchor, string Message)> Errors { get; } = [];
    public IReadOnlyList<Difference> Conflict { get; private set; } = [];
    public string? SavedMessage { get; private set; }
    public IReadOnlyList<AttendanceCode> OtherCodes { get; private set; } = [];
    public string Present => Sheet.Session == Session.Am ? "/" : "\\";

    public async Task<IActionResult> OnGetAsync(int formId, string date, string session, string? saved, CancellationToken ct)
    {
        if (!await LoadAsync(formId, date, session, ct)) return NotFound();
        Marks = [.. Sheet.Pupils.Select(p => new Row { PupilId = p.PupilId, MinutesLate = p.MinutesLate }.With(p.Code, Present))];
        Version = Sheet.Version;
        SavedMessage = saved;
        return Page();
    }

    /// <summary>"Mark all present" without JavaScript: every pupil with no code yet gets present; nothing is saved until Save.</summary>
    public async Task<IActionResult> OnPostAllPresentAsync(int formId, string date, string session, CancellationToken ct)
    {
        if (!await LoadAsync(formId, date, session, ct)) return NotFound();
        foreach (var row in Marks.Where(r => string.IsNullOrEmpty(r.Chosen))) row.Code = Present;
        ModelState.Clear();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int formId, string date, string session, CancellationToken ct)
    {
        if (!await LoadAsync(formId, date, session, ct)) return NotFound();
        if (Sheet.KeptInMis) return Page();
        var chosen = Marks.Where(r => !string.IsNullOrWhiteSpace(r.Chosen)).ToList();
        if (chosen.Count == 0)
        {
            Errors.Add(("marks", "Mark at least one pupil: tap “Mark all present”, then the pupils who are not here."));
            return Page();
        }
        var staff = await current.GetAsync(ct);
        var result = await book.SaveAsync(staff, formId, Sheet.Date, Sheet.Session, Version,
            [.. chosen.Select(r => new RegisterMarkInput(r.PupilId, r.Chosen, r.Chosen is "L" or "U" ? r.MinutesLate : null, r.Reason))], ct);
        switch (result)
        {
            case RegisterSaveResult.Saved saved:
                var absent = saved.Sheet.Pupils.Count(p => AttendanceCodes.Find(p.Code)?.Absent == true);
                var message = $"Saved: {chosen.Count} marks, {absent} absent." + (saved.MadeUnexplainedLate.Count > 0
                    ? $" {saved.MadeUnexplainedLate.Count} late after the register closed saved as U." : "");
                return Redirect($"{Link(Sheet.FormId, Sheet.Date, Sheet.Session)}?saved={Uri.EscapeDataString(message)}");
            case RegisterSaveResult.Stale stale:
                var names = Sheet.Pupils.ToDictionary(p => p.PupilId, p => p.Name);
                var yours = chosen.ToDictionary(r => r.PupilId, r => r.Chosen);
                Sheet = stale.Current;
                Version = stale.Current.Version;
                Conflict = [.. stale.Current.Pupils.Where(p => yours.GetValueOrDefault(p.PupilId) is { } y && !string.Equals(p.Code, y, StringComparison.OrdinalIgnoreCase))
                    .Select(p => new Difference(p.PupilId, names.GetValueOrDefault(p.PupilId, p.Name), p.Code, yours[p.PupilId]))];
                Errors.Add(("conflict", $"{stale.Current.TakenBy} saved this register at {SchoolClock.ToLocal(stale.Current.TakenAt!.Value):HH:mm} while you were taking it. Check the differences below, then save again (a change to their mark needs a reason)."));
                break;
            case RegisterSaveResult.Invalid invalid:
                foreach (var p in invalid.Problems)
                {
                    if (p.Index < 0 || p.Index >= chosen.Count) { Errors.Add(("marks", p.Message)); continue; }
                    var pupil = chosen[p.Index].PupilId;
                    var name = Sheet.Pupils.FirstOrDefault(x => x.PupilId == pupil)?.Name ?? "A pupil";
                    RowErrors[pupil] = RowErrors.TryGetValue(pupil, out var before) ? $"{before} {p.Message}" : p.Message;
                    Errors.Add(($"pupil-{pupil}", $"{name}: {p.Message}"));
                }
                break;
            default:
                return NotFound();
        }
        return Page();
    }

    public static string Link(int formId, DateOnly date, Session session) =>
        $"/attendance/registers/{formId}/{date:yyyy-MM-dd}/{AttendanceMarkWriter.SessionName(session).ToLowerInvariant()}";

    private async Task<bool> LoadAsync(int formId, string date, string session, CancellationToken ct)
    {
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return false;
        Session? s = session.ToUpperInvariant() switch { "AM" => Session.Am, "PM" => Session.Pm, _ => null };
        if (s is null) return false;
        var staff = await current.GetAsync(ct);
        if (await book.FindAsync(staff, formId, day, s.Value, ct) is not { } sheet) return false;
        Sheet = sheet;
        OtherCodes = [.. AttendanceCodes.InForceOn(day).Where(c => c.Code is not ("/" or "\\") && !Common.Contains(c.Code))];
        return true;
    }
}

internal static class RegisterRowExtensions
{
    /// <summary>A saved code as the form shows it: present, a common code's button, or "Other code" with the code chosen.</summary>
    public static RegisterModel.Row With(this RegisterModel.Row row, string? code, string present)
    {
        if (code is null) return row;
        if (code == present || RegisterModel.Common.Contains(code)) row.Code = code;
        else { row.Code = RegisterModel.Other; row.OtherCode = code; }
        return row;
    }
}
