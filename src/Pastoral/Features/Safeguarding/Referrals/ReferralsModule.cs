using Microsoft.EntityFrameworkCore;
using Pastoral.Infrastructure.Demo;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Infrastructure.Scheduling;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Referrals;

/// <summary>
/// Safeguarding referrals (issue 10, item 4): restricted records of referrals to the agencies of the shared directory, on the pupil's
/// safeguarding records page (the form is <see cref="ReferralForm"/>, one of <see cref="Orders.PupilSafeguardingRecords.Forms"/>),
/// flagged and notified once when the agency's expected response time passes with no response.
/// </summary>
public sealed class ReferralsModule : IFeatureModule
{
    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<IDemoData, ReferralsDemoData>();
        services.AddNotificationKind(OverdueReferrals.Kind);
        services.AddScheduledJob<OverdueReferrals>(OverdueReferrals.Name, JobSchedule.Interval(TimeSpan.FromMinutes(15)),
            "Tells the referrer and the DSLs once when a safeguarding referral has had no response in its agency's expected time");
        services.AddRestrictedRecordType(new RestrictedRecordType(SafeguardingReferral.RecordType, "Safeguarding referral",
            (db, id, ct) => db.Set<SafeguardingReferral>().Where(r => r.Id == id).Select(r => (int?)r.PupilId).FirstOrDefaultAsync(ct),
            r => $"/pupils/{r.PupilId}/safeguarding/records#referral-{r.Id}"));
    }

    public void ConfigureModel(ModelBuilder model) => model.Entity<SafeguardingReferral>(e =>
    {
        e.ToTable("SafeguardingReferrals");
        e.HasOne(r => r.Pupil).WithMany().HasForeignKey(r => r.PupilId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne(r => r.Agency).WithMany().HasForeignKey(r => r.AgencyId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Concerns.SafeguardingConcern>().WithMany().HasForeignKey(r => r.ConcernId).OnDelete(DeleteBehavior.SetNull);
        e.HasIndex(r => new { r.PupilId, r.RecordedAt });
        e.HasIndex(r => new { r.Status, r.OverdueNotifiedAt, r.ResponseDueAt });
        e.Property(r => r.RecordedByName).HasMaxLength(200);
        e.Property(r => r.ChangedByName).HasMaxLength(200);
        e.Property(r => r.ReferredByName).HasMaxLength(200);
        e.Property(r => r.Team).HasMaxLength(Agencies.Agency.NameMaxLength);
        e.Property(r => r.Reference).HasMaxLength(SafeguardingReferral.ReferenceMax);
        e.Property(r => r.Reason).HasMaxLength(SafeguardingReferral.TextMax);
        e.Property(r => r.ResponseFrom).HasMaxLength(200);
        e.Property(r => r.Response).HasMaxLength(SafeguardingReferral.TextMax);
        e.Property(r => r.Method).HasConversion<string>().HasMaxLength(20);
        e.Property(r => r.Status).HasConversion<string>().HasMaxLength(30);
        e.Property(r => r.Version).IsConcurrencyToken();
    });

    public void MapEndpoints(IEndpointRouteBuilder api) => ReferralsEndpoints.Map(api);
}
