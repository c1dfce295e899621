using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Registers.Pages;

/// <summary>One pupil's mark for one session, its history, and (with CorrectAttendance) a change with a required reason, through the mark writer.</summary>
[Authorize(Policy = nameof(AttendanceModule.ViewAttendance))]
public sealed class CorrectModel(PastoralDbContext db, CurrentStaff current, AttendanceMarkWriter writer, AttendanceDays days, IAuthorizationService authorization) : PageModel
{
    public sealed record Change(DateTime At, string OldCode, int? OldMinutes, string NewCode, int? NewMinutes, string By, string Reason);

    public int PupilId { get; private set; }
    public string PupilName { get; private set; } = "";
    public string? FormName { get; private set; }
    public DateOnly Date { get; private set; }
    public Session Session { get; private set; }
    public AttendanceMark? Mark { get; private set; }
    public IReadOnlyList<Change> History { get; private set; } = [];
    public IReadOnlyList<AttendanceCode> Codes { get; private set; } = [];
    public bool MayCorrect { get; private set; }
    public bool KeptInMis { get; private set; }
    public string MisName { get; private set; } = "";
    public bool Saved { get; private set; }
    public Dictionary<string, string> FieldErrors { get; } = [];

    [BindProperty] public string? Code { get; set; }
    [BindProperty] public int? MinutesLate { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public static string Link(int pupilId, DateOnly date, Session session) =>
        $"/pupils/{pupilId}/attendance/{date:yyyy-MM-dd}/{AttendanceMarkWriter.SessionName(session).ToLowerInvariant()}";

    public async Task<IActionResult> OnGetAsync(int id, string date, string session, bool? saved, CancellationToken ct)
    {
        if (!await LoadAsync(id, date, session, ct)) return NotFound();
        Code = Mark?.Code;
        MinutesLate = Mark?.MinutesLate;
        Saved = saved == true;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, string date, string session, CancellationToken ct)
    {
        if (!await LoadAsync(id, date, session, ct)) return NotFound();
        if (!MayCorrect) return Forbid();
        if (string.IsNullOrWhiteSpace(Code)) FieldErrors["Code"] = "Choose the code for this session.";
        if (string.IsNullOrWhiteSpace(Reason)) FieldErrors["Reason"] = "Give the reason for the change, for example “Parent rang: illness”.";
        if (Mark is not null && string.Equals(Code, Mark.Code, StringComparison.OrdinalIgnoreCase) && (Code is not ("L" or "U") || MinutesLate == Mark.MinutesLate))
            FieldErrors["Code"] = $"The mark is already {Mark.Code}: choose a different code.";
        if (FieldErrors.Count > 0) return Page();
        var staff = await current.GetAsync(ct);
        var result = await writer.WriteAsync(staff, [new MarkInput(PupilId, Date, Session, Code, Code is "L" or "U" ? MinutesLate : null, Reason)],
            MarkSource.Correction, $"Correction {AttendanceMarkWriter.SessionName(Session)} {Date:dd/MM/yyyy}", ct);
        foreach (var p in result.Problems)
        {
            var field = p.Field switch { "minutesLate" => "MinutesLate", "reason" => "Reason", _ => "Code" };
            FieldErrors[field] = FieldErrors.TryGetValue(field, out var before) ? $"{before} {p.Message}" : p.Message;
        }
        if (FieldErrors.Count > 0) return Page();
        return Redirect($"{Link(PupilId, Date, Session)}?saved=true");
    }

    private async Task<bool> LoadAsync(int id, string date, string session, CancellationToken ct)
    {
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return false;
        Session? s = session.ToUpperInvariant() switch { "AM" => Session.Am, "PM" => Session.Pm, _ => null };
        if (s is null) return false;
        var staff = await current.GetAsync(ct);
        var pupil = await db.Pupils.VisibleTo(staff).AsNoTracking().Where(p => p.Id == id)
            .Select(p => new { p.Id, p.SchoolId, p.LegalForename, p.LegalSurname, p.PreferredForename, p.PreferredSurname, Form = p.Form!.Name })
            .SingleOrDefaultAsync(ct);
        if (pupil is null) return false;
        (PupilId, Date, Session, FormName) = (pupil.Id, day, s.Value, pupil.Form);
        PupilName = $"{pupil.PreferredForename ?? pupil.LegalForename} {pupil.PreferredSurname ?? pupil.LegalSurname}";
        var session0 = s.Value;
        Mark = await db.Set<AttendanceMark>().AsNoTracking().SingleOrDefaultAsync(m => m.PupilId == id && m.Date == day && m.Session == session0, ct);
        History = await db.Set<AttendanceMarkChange>().AsNoTracking().Where(c => c.PupilId == id && c.Date == day && c.Session == session0)
            .OrderByDescending(c => c.ChangedAt).ThenByDescending(c => c.Id)
            .Select(c => new Change(c.ChangedAt, c.OldCode, c.OldMinutesLate, c.NewCode, c.NewMinutesLate, c.ChangedByName, c.Reason)).ToListAsync(ct);
        var settings = await days.SettingsAsync(pupil.SchoolId, ct);
        KeptInMis = settings.Keeper == RegisterKeeper.Mis;
        MisName = string.IsNullOrWhiteSpace(settings.MisName) ? "the school's MIS" : settings.MisName;
        MayCorrect = (await authorization.AuthorizeAsync(User, AttendanceModule.CorrectAttendance.Name)).Succeeded;
        Codes = AttendanceCodes.InForceOn(day);
        return true;
    }
}
