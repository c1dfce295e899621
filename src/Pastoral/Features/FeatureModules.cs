using Microsoft.EntityFrameworkCore;
using Pastoral.Features.Admin;
using Pastoral.Features.Admin.Delivery;
using Pastoral.Features.Home;
using Pastoral.Features.Notifications;
using Pastoral.Features.Pupils;
using Pastoral.Features.Safeguarding;
using Pastoral.Features.Schools;
using Pastoral.Infrastructure.Attachments;
using Pastoral.Infrastructure.Documents;

namespace Pastoral.Features;

/// <summary>
/// A capability of the product. Adding one is a new folder under Features/ with a module that registers its
/// services, its part of the model, its routes, its navigation entries and its demo data, plus one line below.
/// </summary>
public interface IFeatureModule
{
    void AddServices(IServiceCollection services) { }
    void ConfigureModel(ModelBuilder model) { }
    /// <summary>Routes under /api/v1 (the group passed in).</summary>
    void MapEndpoints(IEndpointRouteBuilder api) { }
    /// <summary>Non-API routes beside the Razor Pages, such as CSV downloads.</summary>
    void MapPages(IEndpointRouteBuilder app) { }
    /// <summary>The feature's own actions and which roles may take them, added to the one permission table (<see cref="Security.Permissions"/>).</summary>
    IEnumerable<Security.PermissionRow> PermissionRows => [];
}

public static class FeatureModules
{
    public static readonly IReadOnlyList<IFeatureModule> All =
    [
        new SchoolsModule(),
        new PupilsModule(),
        new SafeguardingModule(),
        new Safeguarding.Orders.OrdersModule(),
        new HomeModule(),
        new AdminModule(),
        new DocumentsModule(),
        new AttachmentsModule(),
        new Pupils.Documents.PupilDocumentsModule(),
        new Admin.AuditExtract.AuditExtractModule(),
        new Admin.SchoolSetUp.SchoolSetUpModule(),
        new Admin.Audit.AuditModule(),
        new Admin.Jobs.JobsAdminModule(),
        new NotificationsModule(),
        new DeliveryModule(),
        new Admin.Staff.StaffAdminModule(),
        new Admin.Responsibilities.ResponsibilitiesModule(),
        new Agencies.AgenciesModule(),
        new Families.FamiliesModule(),
        new Plans.PlansModule(),
        new Attendance.AttendanceModule(),
        new Admissions.AdmissionsModule(),
        new Attendance.Registers.RegistersModule(),
        new Attendance.Marks.MarksModule(),
        new Attendance.Overview.AttendanceOverviewModule(),
        new Attendance.Support.AttendanceSupportModule(),
        new Attendance.Calling.CallingModule(),
        new Behaviour.Provision.ProvisionModule(),
        new Behaviour.Force.ForceModule(),
        new Behaviour.OnCall.OnCallModule(),
        new Behaviour.Exclusions.ExclusionsModule(),
        new Behaviour.BehaviourModule(),
        new Behaviour.Rules.RulesModule(),
        new Rewards.RewardsModule(),
        new Behaviour.Detentions.DetentionsModule(),
        new Behaviour.Isolation.IsolationModule(),
        new Behaviour.Restorative.RestorativeModule(),
        new Behaviour.Patterns.PatternsModule(),
        new Safeguarding.Concerns.ConcernsModule(),
        new Safeguarding.Triage.TriageModule(),
        new Safeguarding.Meetings.MeetingsModule(),
        new Safeguarding.Referrals.ReferralsModule(),
        new Safeguarding.Chronology.ChronologyModule(),
        new Safeguarding.Transfers.TransfersModule(),
        new Safeguarding.Adults.AdultsModule(),
        new Safeguarding.Dashboard.DashboardModule(),
        new Interventions.InterventionsModule(),
        new Interventions.Provisions.ProvisionsModule(),
        new Mentoring.MentoringModule(),
        new Interventions.Impact.ImpactModule(),
        new Interventions.ProvisionMap.ProvisionMapModule(),
        new Interventions.Catalogue.CatalogueModule(),
        new Mentoring.Goals.GoalsModule(),
        new Mentoring.Reports.ReportsModule(),
    ];
}
