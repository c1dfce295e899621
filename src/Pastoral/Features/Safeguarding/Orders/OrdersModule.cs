using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Pupils;
using Pastoral.Features.Pupils.Timeline;
using Pastoral.Infrastructure.Demo;

namespace Pastoral.Features.Safeguarding.Orders;

/// <summary>
/// Court orders and contact restrictions, looked-after care details and Operation Encompass notifications (issue 10, item 5):
/// restricted records beside the CP/CIN status, and the plain contact warnings every member of staff who sees the contacts is shown.
/// </summary>
public sealed class OrdersModule : IFeatureModule
{
    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<PupilSafeguardingRecords>();
        services.AddScoped<ContactRestrictions>();
        services.AddScoped<ITimelineSource, OrdersTimeline>();
        services.AddScoped<IDemoData, OrdersDemoData>();
    }

    public void ConfigureModel(ModelBuilder model)
    {
        model.Entity<CourtOrder>(e =>
        {
            e.ToTable("CourtOrders");
            Common(e);
            e.HasOne(o => o.Contact).WithMany().HasForeignKey(o => o.ContactId).OnDelete(DeleteBehavior.SetNull);
            e.HasIndex(o => new { o.PupilId, o.EndDate });
            e.Property(o => o.Kind).HasConversion<string>().HasMaxLength(30);
            e.Property(o => o.KindOther).HasMaxLength(200);
            e.Property(o => o.PersonName).HasMaxLength(200);
            e.Property(o => o.Court).HasMaxLength(200);
            e.Property(o => o.Reference).HasMaxLength(100);
            e.Property(o => o.Terms).HasMaxLength(4000);
        });
        model.Entity<LookedAfterCare>(e =>
        {
            e.ToTable("LookedAfterCareDetails");
            Common(e);
            e.HasIndex(c => c.PupilId).IsUnique().HasDatabaseName("IX_LookedAfterCareDetails_Pupil");
            e.Property(c => c.CareAuthority).HasMaxLength(100);
            e.Property(c => c.SocialWorkerName).HasMaxLength(100);
            e.Property(c => c.SocialWorkerPhone).HasMaxLength(30);
            e.Property(c => c.SocialWorkerEmail).HasMaxLength(200);
            e.Property(c => c.VirtualSchoolContact).HasMaxLength(200);
            e.Property(c => c.PepDates).HasMaxLength(400);
            e.Property(c => c.PlacementType).HasMaxLength(200);
        });
        model.Entity<EncompassNotification>(e =>
        {
            e.ToTable("EncompassNotifications");
            Common(e);
            e.Property(n => n.Content).HasMaxLength(EncompassForm.TextMax);
            e.Property(n => n.ToldInSchool).HasMaxLength(400);
            e.Property(n => n.SupportGiven).HasMaxLength(EncompassForm.TextMax);
            e.Property(n => n.FollowUp).HasMaxLength(EncompassForm.TextMax);
        });
    }

    private static void Common<T>(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<T> e) where T : RestrictedPupilRecord
    {
        e.HasOne(r => r.Pupil).WithMany().HasForeignKey(r => r.PupilId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(r => new { r.PupilId, r.RecordedAt });
        e.Property(r => r.RecordedByName).HasMaxLength(200);
        e.Property(r => r.ChangedByName).HasMaxLength(200);
        e.Property(r => r.Version).IsConcurrencyToken();
    }

    public void MapEndpoints(IEndpointRouteBuilder api) => OrdersEndpoints.Map(api);
}
