using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Pupils;
using Pastoral.Features.Pupils.Timeline;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Demo;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding;

/// <summary>
/// Safeguarding: today a pupil's CP/CIN status as a restricted record with its history. The coming safeguarding work
/// (concerns, referrals, meetings) builds beside it, reading through the same <see cref="Security.RestrictedAccess"/>.
/// </summary>
public sealed class SafeguardingModule : IFeatureModule
{
    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<ChildProtection>();
        services.AddScoped<ITimelineSource, ChildProtectionTimeline>();
        services.AddScoped<IDemoData, SafeguardingDemoData>();
        services.AddScoped<BreakGlassReport>();
        // Break-glass and its report find the record's pupil and link through this; each restricted record type registers one.
        services.AddRestrictedRecordType(new RestrictedRecordType(ChildProtectionRecord.RecordType, "Child protection (CP/CIN) status",
            (db, id, ct) => db.Pupils.AsNoTracking().Where(p => p.Id == id).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct),
            r => $"/pupils/{r.PupilId}/child-protection"));
        services.AddNavItem(new NavItem("Emergency access", "/safeguarding/break-glass", Policies.ReviewBreakGlass, 90, NavGroups.Safeguarding));
    }

    public void ConfigureModel(ModelBuilder model) => model.Entity<ChildProtectionRecord>(e =>
    {
        e.ToTable("ChildProtectionRecords");
        e.HasOne(r => r.Pupil).WithMany().HasForeignKey(r => r.PupilId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(r => new { r.PupilId, r.RecordedAt });
        // One current period per pupil: two DSLs saving at once cannot both start one.
        e.HasIndex(r => r.PupilId).IsUnique().HasFilter("\"ClosedAt\" IS NULL").HasDatabaseName("IX_ChildProtectionRecords_Current");
        e.HasIndex(r => new { r.Status, r.ClosedAt });
        e.Property(r => r.Status).HasConversion<string>().HasMaxLength(10);
        e.Property(r => r.LocalAuthority).HasMaxLength(ChildProtectionChange.NameMaxLength);
        e.Property(r => r.SocialWorkerName).HasMaxLength(ChildProtectionChange.NameMaxLength);
        e.Property(r => r.SocialWorkerPhone).HasMaxLength(ChildProtectionChange.PhoneMaxLength);
        e.Property(r => r.SocialWorkerEmail).HasMaxLength(ChildProtectionChange.EmailMaxLength);
        e.Property(r => r.RecordedByName).HasMaxLength(200);
        e.Property(r => r.Version).IsConcurrencyToken();
    });

    public void MapEndpoints(IEndpointRouteBuilder api)
    {
        SafeguardingEndpoints.Map(api);
        BreakGlassEndpoints.Map(api);
    }
}
