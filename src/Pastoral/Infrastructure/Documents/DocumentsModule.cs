using Pastoral.Features;

namespace Pastoral.Infrastructure.Documents;

/// <summary>Registers the document renderer (PDF and preview) for every capability.</summary>
public sealed class DocumentsModule : IFeatureModule
{
    public void AddServices(IServiceCollection services)
    {
        services.AddOptions<DocumentSettings>().BindConfiguration("Documents");
        services.AddSingleton<PdfPrinter>();
        services.AddScoped<DocumentViews>();
        services.AddScoped<Documents>();
    }
}
