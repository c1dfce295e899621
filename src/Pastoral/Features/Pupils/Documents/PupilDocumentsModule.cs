using Pastoral.Security;

namespace Pastoral.Features.Pupils.Documents;

/// <summary>The pupil's papers: the one-page summary (preview and PDF) and the Documents section of the profile (attachments).</summary>
public sealed class PupilDocumentsModule : IFeatureModule
{
    public static readonly StaffAction AddPupilDocuments = new(nameof(AddPupilDocuments));
    public static readonly StaffAction RemovePupilDocuments = new(nameof(RemovePupilDocuments));

    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<PupilSummaries>();
        services.AddScoped<Timeline.ITimelineSource, DocumentsTimeline>();
    }

    public IEnumerable<PermissionRow> PermissionRows =>
    [
        new(AddPupilDocuments, "Adding a file to a pupil's Documents (`/pupils/{id}/documents/add`); anyone who may view the pupil sees the list and downloads",
            Roles.Administrator, Roles.SeniorLeader, Roles.Dsl, Roles.DeputyDsl, Roles.Senco, Roles.HeadOfYear, Roles.PastoralStaff),
        new(RemovePupilDocuments, "Removing a file from a pupil's Documents (its bytes are erased; audited)",
            Roles.Administrator, Roles.SeniorLeader, Roles.Dsl, Roles.DeputyDsl, Roles.Senco),
    ];

    public void MapPages(IEndpointRouteBuilder app) => app.MapPupilSummary();
}

/// <summary>What staff call the files they attach to a pupil; "Other" for anything else.</summary>
public static class PupilDocumentKinds
{
    public static readonly IReadOnlyList<string> All =
        ["SaLT report", "EHCP", "Barriers to Learning questionnaire", "Educational psychologist report", "Medical letter", "Other"];
}
