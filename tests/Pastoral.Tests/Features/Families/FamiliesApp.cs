using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Families;
using Pastoral.Security;
using Pastoral.Tests.Features.Notifications;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Features.Families;

/// <summary>A follow-up as a future capability would register one: "Open a behaviour review", pre-filled from the contact.</summary>
public sealed class TestBehaviourReviewFollowUp : IContactFollowUp
{
    public string Label => "Open a behaviour review";
    public StaffAction Requires => StaffAction.EditPupils;
    public bool Offers(ContactForFollowUp contact) => contact.Purpose != "No follow-up please";
    public string LinkFor(ContactForFollowUp contact) => $"/pupils/{contact.PupilId}/behaviour/reviews/new?fromContact={contact.ContactId}&with={Uri.EscapeDataString(contact.WithName)}";
}

/// <summary>The app with a real SMTP server and one follow-up registered; helpers for family contact and home visit tests.</summary>
public abstract class FamiliesApp(DatabaseProvider provider) : MailApp(provider)
{
    protected override void ConfigureServices(IServiceCollection services)
    {
        base.ConfigureServices(services);
        services.AddScoped<IContactFollowUp, TestBehaviourReviewFollowUp>();
    }

    /// <summary>A Year 8 pupil (in hoy8's and teacher's scope) with a home address and at least one contact.</summary>
    public Task<int> Year8PupilAsync(int skip = 0) => WithDbAsync(db => db.Pupils.Where(p => p.YearGroup!.NcYear == 8 && p.AddressLine1 != null && p.Contacts.Any())
        .OrderBy(p => p.Id).Skip(skip).Select(p => p.Id).FirstAsync());
}

public sealed class SqliteFamiliesApp() : FamiliesApp(DatabaseProvider.Sqlite);
public sealed class PostgresFamiliesApp() : FamiliesApp(DatabaseProvider.Postgres);
