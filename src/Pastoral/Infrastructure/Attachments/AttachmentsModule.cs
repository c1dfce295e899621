using Microsoft.EntityFrameworkCore;
using Pastoral.Features;
using Pastoral.Features.Pupils;
using Pastoral.Security;

namespace Pastoral.Infrastructure.Attachments;

/// <summary>The attachment store for every capability, and its one download route.</summary>
public sealed class AttachmentsModule : IFeatureModule
{
    public void AddServices(IServiceCollection services)
    {
        services.AddOptions<AttachmentSettings>().BindConfiguration("Attachments");
        services.AddScoped<AttachmentStore>();
    }

    public void ConfigureModel(ModelBuilder model) => model.Entity<Attachment>(e =>
    {
        e.HasOne(a => a.Pupil).WithMany().HasForeignKey(a => a.PupilId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(a => new { a.PupilId, a.RecordType, a.RecordId });
        e.Property(a => a.RecordType).HasMaxLength(60);
        e.Property(a => a.Title).HasMaxLength(Attachment.TitleMaxLength);
        e.Property(a => a.Kind).HasMaxLength(60);
        e.Property(a => a.FileName).HasMaxLength(Attachment.FileNameMaxLength);
        e.Property(a => a.ContentType).HasMaxLength(100);
        e.Property(a => a.Sha256).HasMaxLength(64);
        e.Property(a => a.AddedByName).HasMaxLength(200);
        e.Property(a => a.RemovedByName).HasMaxLength(200);
    });

    /// <summary>
    /// <c>GET /attachments/{id}</c>: the file, if the viewer may see the record it belongs to (404 otherwise, as for a pupil
    /// out of scope). Always a download (<c>Content-Disposition: attachment</c>), never sniffed, never cached.
    /// </summary>
    public void MapPages(IEndpointRouteBuilder app) =>
        app.MapGet("/attachments/{id:int}", async (int id, HttpContext http, CurrentStaff current, AttachmentStore store, CancellationToken ct) =>
        {
            var file = await store.OpenAsync(await current.GetAsync(ct), id, ct);
            if (file is null) return Results.NotFound();
            http.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.File(file.Content, file.ContentType, file.FileName);
        }).RequireAuthorization(Policies.ViewPupils).ExcludeFromDescription();
}
