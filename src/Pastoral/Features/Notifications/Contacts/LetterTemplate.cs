using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Security;

namespace Pastoral.Features.Notifications.Contacts;

/// <summary>
/// A school's own wording of a registered letter (<see cref="LetterTemplateDefault"/>). No row: the school uses the built-in
/// default. Reset to default removes the row. Versioned, so two administrators editing at once are told.
/// </summary>
public sealed class LetterTemplate : IAudited, IVersioned, ISchoolOwned
{
    public const int SubjectMax = 200;
    public const int BodyMax = 10_000;

    public int Id { get; set; }
    public int SchoolId { get; set; }
    public required string Key { get; set; }
    public required string Subject { get; set; }
    public required string Body { get; set; }
    public DateTime UpdatedAt { get; set; }
    public required string UpdatedByName { get; set; }
    public int Version { get; set; }

    int? IAudited.AuditPupilId => null;
    int? IAudited.AuditSchoolId => SchoolId;

    internal static void Configure(ModelBuilder b) => b.Entity<LetterTemplate>(e =>
    {
        e.ToTable("LetterTemplates");
        e.HasOne<Schools.School>().WithMany().HasForeignKey(t => t.SchoolId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(t => new { t.SchoolId, t.Key }).IsUnique();
        e.Property(t => t.Key).HasMaxLength(80);
        e.Property(t => t.Subject).HasMaxLength(SubjectMax);
        e.Property(t => t.Body).HasMaxLength(BodyMax);
        e.Property(t => t.UpdatedByName).HasMaxLength(200);
        e.Property(t => t.Version).IsConcurrencyToken();
    });
}

/// <summary>A letter a capability offers, with its built-in wording: registered with <see cref="LetterTemplateRegistration.AddLetterTemplate"/>.</summary>
/// <param name="Group">Where the admin page lists it ("Attendance").</param>
public sealed record LetterTemplateDefault(string Key, string Name, string Group, string Subject, string Body);

public static class LetterTemplateRegistration
{
    /// <summary>Registers a letter the school may reword at /admin/letter-templates, like <c>AddNotificationKind</c>.</summary>
    public static IServiceCollection AddLetterTemplate(this IServiceCollection services, string key, string name, string group,
        string defaultSubject, string defaultBody)
    {
        var problems = LetterPlaceholders.Unknown(defaultSubject).Concat(LetterPlaceholders.Unknown(defaultBody)).ToList();
        if (problems.Count > 0) throw new InvalidOperationException($"Letter template {key} names unknown placeholders: {string.Join(", ", problems)}");
        return services.AddSingleton(new LetterTemplateDefault(key, name, group, defaultSubject, defaultBody));
    }
}
