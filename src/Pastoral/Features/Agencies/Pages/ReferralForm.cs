using Microsoft.AspNetCore.Mvc;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Agencies.Pages;

/// <summary>The referral form's fields, shared by the new-referral page and the referral's own page.</summary>
public abstract class ReferralForm(PastoralDbContext db, CurrentStaff current) : PupilPage(db, current)
{
    [BindProperty] public int? AgencyId { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public string? Status { get; set; }
    [BindProperty] public string? SentOn { get; set; }
    [BindProperty] public string? ConsentFrom { get; set; }
    [BindProperty] public string? ConsentOn { get; set; }
    [BindProperty(Name = "Response")] public string? AgencyResponse { get; set; }
    [BindProperty] public string? ResponseOn { get; set; }
    public IReadOnlyList<AgencyChoice> Agencies { get; protected set; } = [];

    protected ReferralInput Input() => new(AgencyId, Reason, Status, SentOn, ConsentFrom, ConsentOn, AgencyResponse, ResponseOn);

    protected void Fill(AgencyReferral r)
    {
        AgencyId = r.AgencyId; Reason = r.Reason; Status = ReferralStatuses.Words(r.Status); SentOn = r.SentOn?.ToString("yyyy-MM-dd");
        ConsentFrom = r.ConsentFrom; ConsentOn = r.ConsentOn?.ToString("yyyy-MM-dd"); AgencyResponse = r.Response; ResponseOn = r.ResponseOn?.ToString("yyyy-MM-dd");
    }
}
