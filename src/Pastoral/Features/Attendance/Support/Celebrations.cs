using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure.Documents;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Support;

public sealed record CertificateModel(string School, string PupilName, string Format, string WhatImproved, string SignedBy, string On, string? Percent)
{
    public const string View = "/Features/Attendance/Support/Certificate.cshtml";
}

/// <summary>
/// The certificate or postcard for a celebration, through the one document renderer: the preview at
/// <c>/pupils/{id}/attendance/support/celebrations/{n}</c> and the PDF at <c>….pdf</c>. Only for a pupil the viewer sees (else 404).
/// </summary>
public sealed class Celebrations(PastoralDbContext db, IAttendanceFigures figures)
{
    public async Task<(CertificateModel Model, DocumentOptions Options)?> ForAsync(StaffContext staff, int pupilId, int celebrationId, CancellationToken ct)
    {
        var c = await db.Set<AttendanceCelebration>().AsNoTracking().VisibleTo(staff, db).FirstOrDefaultAsync(x => x.Id == celebrationId && x.PupilId == pupilId, ct);
        var pupil = c is null ? null : await db.Pupils.AsNoTracking().VisibleTo(staff).Where(p => p.Id == pupilId)
            .Select(p => new { p.Id, p.Upn, p.PreferredForename, p.LegalForename, p.PreferredSurname, p.LegalSurname, School = p.School!.Name }).FirstOrDefaultAsync(ct);
        if (c is null || pupil is null) return null;
        var name = $"{(string.IsNullOrWhiteSpace(pupil.PreferredForename) ? pupil.LegalForename : pupil.PreferredForename)} {(string.IsNullOrWhiteSpace(pupil.PreferredSurname) ? pupil.LegalSurname : pupil.PreferredSurname)}";
        var yearStart = new DateOnly(c.CelebratedOn.Month >= 9 ? c.CelebratedOn.Year : c.CelebratedOn.Year - 1, 9, 1);
        var percent = await figures.PercentAsync(pupilId, yearStart, c.CelebratedOn, ct);
        var model = new CertificateModel(pupil.School, name, c.Format, c.WhatImproved, c.SignedBy,
            c.CelebratedOn.ToString("d MMMM yyyy", StageLetterSender.English), percent is { } p ? p.ToString("0.0", StageLetterSender.English) + "%" : null);
        var options = new DocumentOptions($"{(c.Format == "postcard" ? "Postcard" : "Certificate")}: {name}", pupil.School, ProtectiveMarking.Official)
        {
            FileName = $"{c.Format}-{pupil.Upn}-{c.Id}.pdf",
            PdfLink = $"/pupils/{pupilId}/attendance/support/celebrations/{c.Id}.pdf",
            BackLink = $"/pupils/{pupilId}/attendance/support",
            BackText = $"Back to {name}'s attendance support",
        };
        return (model, options);
    }
}

public static class CelebrationRoutes
{
    public static void MapCelebrationDocuments(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/pupils/{id:int}/attendance/support/celebrations").RequireAuthorization(AttendanceSupportModule.ViewAttendanceSupport.Name).ExcludeFromDescription();
        group.MapGet("/{celebrationId:int}", async (int id, int celebrationId, CurrentStaff current, Celebrations celebrations, Documents documents, CancellationToken ct) =>
            await celebrations.ForAsync(await current.GetAsync(ct), id, celebrationId, ct) is { } c
                ? Documents.Html(await documents.PreviewAsync(CertificateModel.View, c.Model, c.Options, ct))
                : Results.NotFound());
        group.MapGet("/{celebrationId:int}.pdf", async (int id, int celebrationId, CurrentStaff current, Celebrations celebrations, Documents documents, CancellationToken ct) =>
            await celebrations.ForAsync(await current.GetAsync(ct), id, celebrationId, ct) is { } c
                ? Documents.Pdf(await documents.RenderAsync(CertificateModel.View, c.Model, c.Options, ct), c.Options)
                : Results.NotFound());
    }
}
