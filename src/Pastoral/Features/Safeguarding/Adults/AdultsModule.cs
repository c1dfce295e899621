using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Safeguarding.Governors;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Demo;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Adults;

/// <summary>
/// Concerns about adults (issue 10 item 9: low-level concerns and allegations about staff, volunteers and contractors) and the
/// governors' safeguarding counts (item 10's governor half). A separate log: never on a pupil's record, timeline, search or export.
/// </summary>
public sealed class AdultsModule : IFeatureModule
{
    /// <summary>Record a concern about an adult: any member of staff; they get a receipt, never the record.</summary>
    public static readonly StaffAction RaiseAdultConcerns = new(nameof(RaiseAdultConcerns));
    /// <summary>Read and manage the school's log: the headteacher and the DSL (KCSIE's case manager is normally the headteacher). Not deputies.</summary>
    public static readonly StaffAction ReadAdultConcerns = new(nameof(ReadAdultConcerns));
    /// <summary>The governors' safeguarding counts: numbers only, small ones suppressed.</summary>
    public static readonly StaffAction ViewGovernorCounts = new(nameof(ViewGovernorCounts));

    public IEnumerable<PermissionRow> PermissionRows =>
    [
        new(RaiseAdultConcerns, "Recording a concern or allegation about an adult who works with children (`/safeguarding/adults/new`); they get a receipt and cannot read it back",
            Roles.Administrator, Roles.SeniorLeader, Roles.Dsl, Roles.DeputyDsl, Roles.Senco, Roles.HeadOfYear, Roles.PastoralStaff, Roles.Teacher, Roles.ReadOnly),
        new(ReadAdultConcerns, "The log of concerns about adults of their schools and each record (`/safeguarding/adults`, `/safeguarding/adults/{id}`): reading, the LADO referral, actions and outcome, naming a case manager; never one about themselves, and one about the headteacher only by the chair of governors it is shared with. A case manager or chair of governors it is shared with reads and changes that one record",
            Roles.Headteacher, Roles.Dsl),
        new(ViewGovernorCounts, "The governors' safeguarding counts (`/safeguarding/governors`): concerns by category and term and concerns about adults by kind and term, numbers from 1 to 4 shown as \"fewer than 5\" and totals rounded; no pupil, no name, no link",
            Roles.Governor, Roles.Headteacher, Roles.Dsl),
    ];

    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<AdultConcernRaising>();
        services.AddScoped<AdultConcernReads>();
        services.AddScoped<AdultConcernChanges>();
        services.AddScoped<GovernorCounts>();
        services.AddScoped<IDemoData, AdultsDemoData>();
        services.AddNotificationKind(AdultConcernRaising.Alert);
        // Registered so the audit viewer and break-glass know the type. Its record has no pupil, so break-glass never finds it:
        // a headteacher cannot open a concern about an adult (one about themselves least of all) in an emergency.
        services.AddRestrictedRecordType(new RestrictedRecordType(AdultConcern.RecordType, "Concern about an adult",
            (_, _, _) => Task.FromResult<int?>(null), r => $"/safeguarding/adults/{r.Id}"));
        services.AddNavItem(new NavItem("Adults", "/safeguarding/adults", nameof(ReadAdultConcerns), 13, NavGroups.Safeguarding));
        services.AddNavItem(new NavItem("Governors", "/safeguarding/governors", nameof(ViewGovernorCounts), 14, NavGroups.Safeguarding));
    }

    public void ConfigureModel(ModelBuilder model)
    {
        model.Entity<AdultConcern>(e =>
        {
            e.ToTable("AdultConcerns");
            e.HasOne<Schools.School>().WithMany().HasForeignKey(c => c.SchoolId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(c => new { c.SchoolId, c.ReportedOn });
            e.Property(c => c.AdultName).HasMaxLength(AdultConcern.NameMax);
            e.Property(c => c.AdultRole).HasMaxLength(AdultConcern.NameMax);
            e.Property(c => c.ReportedBy).HasMaxLength(AdultConcern.NameMax);
            e.Property(c => c.RaisedByName).HasMaxLength(AdultConcern.NameMax);
            e.Property(c => c.Reported).HasMaxLength(AdultConcern.TextMax);
            e.Property(c => c.ChildrenInvolved).HasMaxLength(AdultConcern.TextMax);
            e.Property(c => c.LadoReference).HasMaxLength(AdultConcern.ShortMax);
            e.Property(c => c.LadoAdvice).HasMaxLength(AdultConcern.TextMax);
            e.Property(c => c.LadoOutcome).HasMaxLength(AdultConcern.TextMax);
            e.Property(c => c.Relationship).HasConversion<string>().HasMaxLength(20);
            e.Property(c => c.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(c => c.Outcome).HasConversion<string>().HasMaxLength(30);
            e.Property(c => c.Version).IsConcurrencyToken();
            e.HasMany(c => c.Actions).WithOne().HasForeignKey(a => a.ConcernId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<AdultConcernAction>(e =>
        {
            e.ToTable("AdultConcernActions");
            e.Property(a => a.What).HasMaxLength(AdultConcern.TextMax);
            e.Property(a => a.Reason).HasMaxLength(AdultConcern.TextMax);
            e.Property(a => a.ByName).HasMaxLength(AdultConcern.NameMax);
        });
    }
}
