using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Behaviour.Patterns;
using Pastoral.Features.Notifications.Contacts;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Documents;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Security;

namespace Pastoral.Features.Mentoring.Reports;

public sealed record ReportRow(int PupilId, string Pupil, string Form, int? ReportId, FamilyReportStatus? Status, bool OnCaseload);

public sealed record ReportEdit(int Version, string? Attendance, string? Recognition, string? Sessions, string? Goals, string? NextSteps, string? Closing);

public sealed record ReportOutcome(FamilyReport? Report, IReadOnlyList<(string Field, string Message)> Problems, FamilyReport? Current = null)
{
    public bool Conflict => Current is not null;
}

/// <summary>The half-termly reports: draft (one per pupil per half-term), edit with the version check, finish, print, send.</summary>
public sealed class FamilyReports(PastoralDbContext db, FamilyReportDrafting drafting, SchoolClock clock, ContactMessages messages, Documents documents)
{
    public static readonly string[] Fields = ["Attendance", "Recognition", "Sessions", "Goals", "NextSteps", "Closing"];

    public static string Label(string field) => field switch
    {
        "Attendance" => "Attendance", "Recognition" => "Praise and recognition", "Sessions" => "Sessions", "Goals" => "Goals and progress",
        "NextSteps" => "Next steps", _ => "Closing words",
    };

    public static string Text(FamilyReport r, string field) => field switch
    {
        "Attendance" => r.Attendance, "Recognition" => r.Recognition, "Sessions" => r.Sessions, "Goals" => r.Goals, "NextSteps" => r.NextSteps, _ => r.Closing,
    };

    public Task<FamilyReport?> FindAsync(StaffContext staff, int id, CancellationToken ct) =>
        db.Set<FamilyReport>().VisibleTo(staff, db).FirstOrDefaultAsync(r => r.Id == id, ct);

    /// <summary>This half-term's reports for the caller's caseload, and any other pupil they drafted one for.</summary>
    public async Task<IReadOnlyList<ReportRow>> ListAsync(StaffContext staff, CancellationToken ct)
    {
        var since = clock.Today().AddDays(-60);
        var caseload = staff.CaseloadPupilIds;
        var reports = await db.Set<FamilyReport>().AsNoTracking().VisibleTo(staff, db)
            .Where(r => r.To >= since && (caseload.Contains(r.PupilId) || r.DraftedById == staff.UserId))
            .Select(r => new { r.Id, r.PupilId, r.Status, r.From }).ToListAsync(ct);
        var latest = reports.GroupBy(r => r.PupilId).ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.From).First());
        var ids = caseload.Concat(latest.Keys).Distinct().ToList();
        var pupils = await db.Pupils.AsNoTracking().VisibleTo(staff).Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, Name = (p.PreferredForename ?? p.LegalForename) + " " + (p.PreferredSurname ?? p.LegalSurname), Form = p.Form!.Name })
            .OrderBy(p => p.Name).ToListAsync(ct);
        return [.. pupils.Select(p => latest.TryGetValue(p.Id, out var r)
            ? new ReportRow(p.Id, p.Name, p.Form ?? "", r.Id, r.Status, caseload.Contains(p.Id))
            : new ReportRow(p.Id, p.Name, p.Form ?? "", null, null, caseload.Contains(p.Id)))];
    }

    /// <summary>Drafts this half-term's report for a pupil the caller sees, or returns the one already there.</summary>
    public async Task<FamilyReport?> DraftAsync(StaffContext staff, int pupilId, CancellationToken ct)
    {
        var pupil = await db.Pupils.AsNoTracking().VisibleTo(staff).FirstOrDefaultAsync(p => p.Id == pupilId, ct);
        return pupil is null ? null : (await DraftForAsync(staff.UserId, staff.Name, pupil, ct)).Report;
    }

    /// <summary>Drafts unless this half-term's report exists; the caller has checked the pupil may be seen. Created is false when it existed.</summary>
    public Task<(FamilyReport? Report, bool Created)> DraftForAsync(Guid byId, string byName, Pupil pupil, CancellationToken ct) => drafting.DraftForAsync(byId, byName, pupil, ct);

    /// <summary>Saves the mentor's words (and finishes it when asked). A stale version saves nothing and returns the current report.</summary>
    public async Task<ReportOutcome> SaveAsync(StaffContext staff, int id, ReportEdit edit, bool finish, CancellationToken ct)
    {
        if (await FindAsync(staff, id, ct) is not { } report) return new(null, []);
        var values = new[] { edit.Attendance, edit.Recognition, edit.Sessions, edit.Goals, edit.NextSteps, edit.Closing }.Select(v => v?.Trim() ?? "").ToArray();
        var problems = new List<(string, string)>();
        for (var i = 0; i < Fields.Length; i++)
            if (values[i].Length > FamilyReport.TextMax) problems.Add((Fields[i], $"{Label(Fields[i])} can be at most {FamilyReport.TextMax} characters"));
        if (report.Status is FamilyReportStatus.Sent or FamilyReportStatus.Printed) problems.Add(("", "This report has gone home already, so it can no longer be changed"));
        if (problems.Count > 0) return new(report, problems);
        if (report.Version != edit.Version) return new(report, [], report);
        (report.Attendance, report.Recognition, report.Sessions, report.Goals, report.NextSteps, report.Closing) = (values[0], values[1], values[2], values[3], values[4], values[5]);
        if (finish) (report.Status, report.FinishedByName, report.FinishedAt) = (FamilyReportStatus.Finished, staff.Name, clock.UtcNow);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new(report, [], await FindAsync(staff, id, ct));
        }
        return new(report, []);
    }

    public async Task<(FamilyReportDocument Model, DocumentOptions Options)?> DocumentAsync(StaffContext staff, int id, CancellationToken ct)
    {
        var found = await db.Set<FamilyReport>().AsNoTracking().VisibleTo(staff, db).Where(r => r.Id == id)
            .Select(r => new { Report = r, Pupil = r.PupilId }).FirstOrDefaultAsync(ct);
        return found is null ? null : await DocumentForAsync(found.Report, ct);
    }

    /// <summary>The document of a report the caller may see (also the benchmark's).</summary>
    public async Task<(FamilyReportDocument Model, DocumentOptions Options)> DocumentForAsync(FamilyReport r, CancellationToken ct)
    {
        var p = await db.Pupils.AsNoTracking().Where(x => x.Id == r.PupilId)
            .Select(x => new { x.LegalForename, x.PreferredForename, x.LegalSurname, x.PreferredSurname, x.Upn, Year = x.YearGroup!.Name, School = x.School!.Name }).SingleAsync(ct);
        var forename = string.IsNullOrWhiteSpace(p.PreferredForename) ? p.LegalForename : p.PreferredForename;
        var model = new FamilyReportDocument(p.School, $"{forename} {p.PreferredSurname ?? p.LegalSurname}", forename, p.Year, r.From, r.To,
            [.. Fields.Select(f => (Label(f), Text(r, f)))], r.FinishedByName ?? r.DraftedByName);
        var options = new DocumentOptions($"Half-termly report: {model.Pupil}", p.School, ProtectiveMarking.Official)
        {
            FileName = $"report-{p.Upn}-{r.From:yyyy-MM-dd}.pdf", PdfLink = $"/mentoring/reports/{r.Id}/print.pdf",
            BackLink = $"/mentoring/reports/{r.Id}", BackText = "Back to the report",
        };
        return (model, options);
    }

    /// <summary>Marks a finished report printed (who, when).</summary>
    public async Task<ReportOutcome> MarkPrintedAsync(StaffContext staff, int id, int version, CancellationToken ct)
    {
        if (await FindAsync(staff, id, ct) is not { } report) return new(null, []);
        if (report.Status == FamilyReportStatus.Draft) return new(report, [("", "Finish the report before printing it for home")]);
        if (report.Version != version) return new(report, [], report);
        (report.Status, report.SentByName, report.SentAt, report.SentTo) = (FamilyReportStatus.Printed, staff.Name, clock.UtcNow, "Printed to send home");
        await db.SaveChangesAsync(ct);
        return new(report, []);
    }

    public async Task<IReadOnlyList<ContactChoice>> EmailChoicesAsync(StaffContext staff, FamilyReport report, CancellationToken ct) =>
        await ContactMessages.FindPupilAsync(db, staff, report.PupilId, ct) is { } pupil
            ? [.. (await messages.ChoicesAsync(pupil, ct)).Where(c => c.MayWrite && c.Method == ContactMessageMethod.Email)] : [];

    /// <summary>E-mails the finished report's PDF to the chosen contacts with parental responsibility, and records who, when and to whom.</summary>
    public async Task<ReportOutcome> SendAsync(StaffContext staff, int id, int version, IReadOnlyCollection<int> contactIds, CancellationToken ct)
    {
        if (await FindAsync(staff, id, ct) is not { } report) return new(null, []);
        if (report.Status == FamilyReportStatus.Draft) return new(report, [("", "Finish the report before sending it home")]);
        if (report.Version != version) return new(report, [], report);
        var pupil = (await ContactMessages.FindPupilAsync(db, staff, report.PupilId, ct))!;
        var to = (await EmailChoicesAsync(staff, report, ct)).Where(c => contactIds.Contains(c.Id)).ToList();
        if (to.Count == 0) return new(report, [("Contacts", "Choose who to e-mail it to: a parent or carer with parental responsibility and an e-mail address")]);
        var (model, options) = await DocumentForAsync(report, ct);
        var pdf = await documents.RenderAsync(FamilyReportDocument.View, model, options, ct);
        var sentTo = string.Join(", ", to.Select(c => $"{c.Name} ({c.Relationship})"));
        (report.Status, report.SentByName, report.SentAt, report.SentTo) = (FamilyReportStatus.Sent, staff.Name, clock.UtcNow, sentTo.Length > FamilyReport.SentToMax ? sentTo[..FamilyReport.SentToMax] : sentTo);
        await messages.SendEachAsync(staff, pupil, [.. to.Select(c => c.Id)], c => ($"{model.Forename}'s half-termly report",
            $"Dear {c.Name},\n\nPlease find attached {model.Forename}'s report for this half-term.\n\n{staff.Name}\n{model.School}"),
            new MailAttachment(options.FileName, "application/pdf", pdf), ct);
        return new(report, []);
    }
}

/// <summary>The printed report: addressed to the family, the sections in the mentor's final words.</summary>
public sealed record FamilyReportDocument(string School, string Pupil, string Forename, string Year, DateOnly From, DateOnly To,
    IReadOnlyList<(string Heading, string Text)> Sections, string SignedBy)
{
    public const string View = "/Features/Mentoring/Reports/FamilyReportDocument.cshtml";
}
