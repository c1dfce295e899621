using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Safeguarding.Chronology;
using Pastoral.Infrastructure.Demo;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Infrastructure.Scheduling;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Transfers;

/// <summary>
/// Leaving school: the CP file (issue 10, item 8). A transfer is a restricted record of the safeguarding records page
/// (<see cref="CpTransferForm"/>, one of <see cref="Orders.PupilSafeguardingRecords.Forms"/>), with its redaction review and package
/// (<see cref="CpFilePackage"/>, page <c>/pupils/{id}/safeguarding/cp-transfers/{tid}</c>), flagged and notified once when not sent or
/// not confirmed received within 5 school days (<see cref="OverdueCpTransfers"/>). A file received from a previous school is a
/// restricted record with its attachment (<see cref="ReceivedCpFileForm"/>). The DSL dashboard reads <see cref="CpFileTransfers"/>.
/// </summary>
public sealed class TransfersModule : IFeatureModule
{
    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<CpFileTransfers>();
        services.AddScoped<Dashboard.ICpFileTransfersDue, CpFileTransfersDue>();
        services.AddScoped<CpFileContents>();
        services.AddScoped<CpFilePackage>();
        services.AddScoped<IChronologySource, TransfersChronology>();
        services.AddScoped<IDemoData, TransfersDemoData>();
        services.AddNotificationKind(OverdueCpTransfers.Kind);
        services.AddScheduledJob<OverdueCpTransfers>(OverdueCpTransfers.Name, JobSchedule.Interval(TimeSpan.FromHours(1)),
            "Tells the DSLs and deputies once when a CP file has not been sent, or its receipt confirmed, within 5 school days");
        services.AddRestrictedRecordType(new RestrictedRecordType(CpFileTransfer.RecordType, "CP file transfer",
            (db, id, ct) => db.Set<CpFileTransfer>().Where(t => t.Id == id).Select(t => (int?)t.PupilId).FirstOrDefaultAsync(ct),
            r => $"/pupils/{r.PupilId}/safeguarding/cp-transfers/{r.Id}"));
        services.AddRestrictedRecordType(new RestrictedRecordType(ReceivedCpFile.RecordType, "CP file received",
            (db, id, ct) => db.Set<ReceivedCpFile>().Where(t => t.Id == id).Select(t => (int?)t.PupilId).FirstOrDefaultAsync(ct),
            r => $"/pupils/{r.PupilId}/safeguarding/records#cp-files-received"));
    }

    public void ConfigureModel(ModelBuilder model)
    {
        model.Entity<CpFileTransfer>(e =>
        {
            e.ToTable("CpFileTransfers");
            e.HasOne(t => t.Pupil).WithMany().HasForeignKey(t => t.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(t => new { t.PupilId, t.RecordedAt });
            e.HasIndex(t => new { t.ReceiptConfirmedOn, t.OverdueNotifiedAt });
            e.Property(t => t.RecordedByName).HasMaxLength(200);
            e.Property(t => t.ChangedByName).HasMaxLength(200);
            e.Property(t => t.ReceivingSchool).HasMaxLength(CpFileTransfer.SchoolMax);
            e.Property(t => t.ReceivingUrn).HasMaxLength(CpFileTransfer.UrnMax);
            e.Property(t => t.Route).HasConversion<string>().HasMaxLength(20);
            e.Property(t => t.RouteDetail).HasMaxLength(CpFileTransfer.DetailMax);
            e.Property(t => t.ReceiptConfirmedBy).HasMaxLength(200);
            e.Property(t => t.Notes).HasMaxLength(CpFileTransfer.NotesMax);
            e.Property(t => t.ReviewConfirmedByName).HasMaxLength(200);
            e.Property(t => t.Version).IsConcurrencyToken();
        });
        model.Entity<CpFileRedaction>(e =>
        {
            e.ToTable("CpFileRedactions");
            e.HasOne<CpFileTransfer>().WithMany().HasForeignKey(r => r.TransferId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Pupils.Pupil>().WithMany().HasForeignKey(r => r.PupilId).OnDelete(DeleteBehavior.NoAction);
            e.HasIndex(r => r.TransferId);
            e.Property(r => r.Phrase).HasMaxLength(CpFileRedaction.PhraseMax);
            e.Property(r => r.Source).HasConversion<string>().HasMaxLength(20);
            e.Property(r => r.Decision).HasConversion<string>().HasMaxLength(20);
            e.Property(r => r.DecidedByName).HasMaxLength(200);
        });
        model.Entity<ReceivedCpFile>(e =>
        {
            e.ToTable("ReceivedCpFiles");
            e.HasOne(r => r.Pupil).WithMany().HasForeignKey(r => r.PupilId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(r => new { r.PupilId, r.RecordedAt });
            e.Property(r => r.RecordedByName).HasMaxLength(200);
            e.Property(r => r.ChangedByName).HasMaxLength(200);
            e.Property(r => r.SendingSchool).HasMaxLength(CpFileTransfer.SchoolMax);
            e.Property(r => r.SendingUrn).HasMaxLength(CpFileTransfer.UrnMax);
            e.Property(r => r.Note).HasMaxLength(CpFileTransfer.NotesMax);
            e.Property(r => r.Version).IsConcurrencyToken();
        });
    }

    public void MapEndpoints(IEndpointRouteBuilder api) => TransfersEndpoints.Map(api);

    /// <summary>The package download: an audited restricted read of the transfer and of every record in the file; 404 for anyone else; before the review is confirmed, back to the review.</summary>
    public void MapPages(IEndpointRouteBuilder app) =>
        app.MapGet("/pupils/{id:int}/safeguarding/cp-transfers/{tid:int}/package.zip", async (int id, int tid, CurrentStaff current, CpFilePackage package, CancellationToken ct) =>
            await package.BuildAsync(await current.GetAsync(ct), id, tid, ct) switch
            {
                null => Results.NotFound(),
                { Zip: null } => Results.Redirect($"/pupils/{id}/safeguarding/cp-transfers/{tid}#review"), // the review is not confirmed yet
                { } built => Results.File(built.Zip, "application/zip", built.FileName),
            }).RequireAuthorization(Policies.ViewPupils).ExcludeFromDescription();
}
