using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral.Features.Attendance.Registers.Pages;

/// <summary>
/// Administration → Attendance: per school the user manages (whole-school scope), where the register is kept, when the
/// registers open and close (at most 30 minutes), and when unexplained absences are followed up. Versioned and audited.
/// </summary>
[Authorize(Policy = nameof(AttendanceModule.ManageAttendance))]
public sealed class SettingsModel(PastoralDbContext db, CurrentStaff current, AttendanceDays days) : PageModel
{
    public sealed record SchoolChoice(int Id, string Name);
    public sealed record Difference(string Field, string Theirs, string Yours);

    /// <summary>Each setting with its name in staff's words and its value as the form shows it.</summary>
    public static readonly (string Field, string Label, Func<AttendanceSettings, string> Value)[] Fields =
    [
        (nameof(AttendanceSettings.Keeper), "Where the register is kept", s => s.Keeper == RegisterKeeper.Mis ? "In the MIS" : "In Pastoral"),
        (nameof(AttendanceSettings.MisName), "The MIS's name", s => s.MisName ?? ""),
        (nameof(AttendanceSettings.MorningOpens), "Morning register opens", s => Time(s.MorningOpens)),
        (nameof(AttendanceSettings.MorningCloses), "Morning register closes", s => Time(s.MorningCloses)),
        (nameof(AttendanceSettings.AfternoonOpens), "Afternoon register opens", s => Time(s.AfternoonOpens)),
        (nameof(AttendanceSettings.AfternoonCloses), "Afternoon register closes", s => Time(s.AfternoonCloses)),
        (nameof(AttendanceSettings.FollowUpAfterDays), "Follow up unexplained absences after (school days)", s => s.FollowUpAfterDays.ToString(CultureInfo.InvariantCulture)),
    ];

    public IReadOnlyList<SchoolChoice> Schools { get; private set; } = [];
    public SchoolChoice? School { get; private set; }
    public Dictionary<string, string> FieldErrors { get; } = [];
    public IReadOnlyList<Difference> Conflict { get; private set; } = [];
    public string? ConflictBy { get; private set; }
    public bool Saved { get; private set; }

    [BindProperty] public string Keeper { get; set; } = "Pastoral";
    [BindProperty] public string? MisName { get; set; }
    [BindProperty] public string? MorningOpens { get; set; }
    [BindProperty] public string? MorningCloses { get; set; }
    [BindProperty] public string? AfternoonOpens { get; set; }
    [BindProperty] public string? AfternoonCloses { get; set; }
    [BindProperty] public string? FollowUpAfterDays { get; set; }
    /// <summary>The version the form started from: 0 when the school had saved no settings.</summary>
    [BindProperty] public int Version { get; set; }

    public async Task<IActionResult> OnGetAsync(int? school, bool? saved, CancellationToken ct)
    {
        if (!await LoadAsync(school, ct)) return NotFound();
        if (School is null) return Page();
        Show(await days.SettingsAsync(School.Id, ct));
        Saved = saved == true;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? school, CancellationToken ct)
    {
        if (!await LoadAsync(school, ct) || School is null) return NotFound();
        var wanted = Read();
        if (FieldErrors.Count > 0) return Page();
        foreach (var (field, message) in wanted.Problems()) FieldErrors.TryAdd(field, message);
        if (FieldErrors.Count > 0) return Page();

        var row = await db.Set<AttendanceSettings>().SingleOrDefaultAsync(s => s.SchoolId == School.Id, ct);
        if ((row?.Version ?? 0) != Version) return await ConflictAsync(wanted, ct);
        var isNew = row is null;
        row ??= db.Add(new AttendanceSettings { SchoolId = School.Id, Version = 1 }).Entity;
        var before = Fields.ToDictionary(f => f.Field, f => isNew ? null : f.Value(row));
        (row.Keeper, row.MisName, row.MorningOpens, row.MorningCloses, row.AfternoonOpens, row.AfternoonCloses, row.FollowUpAfterDays) =
            (wanted.Keeper, wanted.MisName, wanted.MorningOpens, wanted.MorningCloses, wanted.AfternoonOpens, wanted.AfternoonCloses, wanted.FollowUpAfterDays);
        var changed = Fields.Where(f => before[f.Field] != f.Value(row)).Select(f => f.Field).ToList();
        if (changed.Count == 0) return Redirect($"/admin/attendance?school={School.Id.ToString(CultureInfo.InvariantCulture)}&saved=true");
        db.Audit(isNew ? AuditActions.Created : AuditActions.Updated, nameof(AttendanceSettings), School.Id.ToString(CultureInfo.InvariantCulture),
            schoolId: School.Id, detail: string.Join(", ", changed));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) // someone saved between our read and our write (the version moved, or both added the first row)
        {
            db.ChangeTracker.Clear();
            return await ConflictAsync(wanted, ct);
        }
        return Redirect($"/admin/attendance?school={School.Id.ToString(CultureInfo.InvariantCulture)}&saved=true");
    }

    /// <summary>Someone else saved first: their values beside these, the form kept as typed and rebased on their version.</summary>
    private async Task<IActionResult> ConflictAsync(AttendanceSettings wanted, CancellationToken ct)
    {
        var theirs = await days.SettingsAsync(School!.Id, ct);
        Conflict = [.. Fields.Where(f => f.Value(theirs) != f.Value(wanted)).Select(f => new Difference(f.Label, f.Value(theirs), f.Value(wanted)))];
        Version = theirs.Version;
        ModelState.Remove(nameof(Version));
        ConflictBy = "Someone else";
        FieldErrors["conflict"] = "Someone else saved this school's attendance settings while you were changing them. Check their values beside yours, then save again to keep yours.";
        return Page();
    }

    private void Show(AttendanceSettings s)
    {
        Keeper = s.Keeper.ToString();
        MisName = s.MisName;
        (MorningOpens, MorningCloses, AfternoonOpens, AfternoonCloses) = (Time(s.MorningOpens), Time(s.MorningCloses), Time(s.AfternoonOpens), Time(s.AfternoonCloses));
        FollowUpAfterDays = s.FollowUpAfterDays.ToString(CultureInfo.InvariantCulture);
        Version = s.Version;
    }

    /// <summary>The form as settings, with a message per field that is not a time or a number.</summary>
    private AttendanceSettings Read()
    {
        var s = AttendanceSettings.Defaults(School!.Id);
        s.Keeper = Keeper == nameof(RegisterKeeper.Mis) ? RegisterKeeper.Mis : RegisterKeeper.Pastoral;
        s.MisName = string.IsNullOrWhiteSpace(MisName) ? null : MisName.Trim();
        s.MorningOpens = ParseTime(nameof(MorningOpens), MorningOpens, "the morning register opens") ?? s.MorningOpens;
        s.MorningCloses = ParseTime(nameof(MorningCloses), MorningCloses, "the morning register closes") ?? s.MorningCloses;
        s.AfternoonOpens = ParseTime(nameof(AfternoonOpens), AfternoonOpens, "the afternoon register opens") ?? s.AfternoonOpens;
        s.AfternoonCloses = ParseTime(nameof(AfternoonCloses), AfternoonCloses, "the afternoon register closes") ?? s.AfternoonCloses;
        if (int.TryParse(FollowUpAfterDays, NumberStyles.None, CultureInfo.InvariantCulture, out var d)) s.FollowUpAfterDays = d;
        else FieldErrors[nameof(FollowUpAfterDays)] = "Enter the number of school days, for example 3.";
        return s;
    }

    private TimeOnly? ParseTime(string field, string? value, string what)
    {
        if (TimeOnly.TryParseExact(value?.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)) return t;
        FieldErrors[field] = $"Enter the time {what} as hours and minutes, for example 08:40.";
        return null;
    }

    private static string Time(TimeOnly t) => t.ToString("HH:mm", CultureInfo.InvariantCulture);

    private async Task<bool> LoadAsync(int? school, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        var ids = staff.WholeSchoolIds;
        Schools = await db.Schools.AsNoTracking().Where(s => ids.Contains(s.Id)).OrderBy(s => s.Name).Select(s => new SchoolChoice(s.Id, s.Name)).ToListAsync(ct);
        if (school is { } id && Schools.All(s => s.Id != id)) return false;
        School = Schools.FirstOrDefault(s => s.Id == (school ?? (Schools.Count > 0 ? Schools[0].Id : null)));
        return true;
    }
}
