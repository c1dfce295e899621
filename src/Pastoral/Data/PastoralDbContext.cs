using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Pastoral.Features;
using Pastoral.Features.Pupils;
using Pastoral.Features.Schools;
using Pastoral.Infrastructure;
using Pastoral.Security;
using Pastoral.Security.Audit;

namespace Pastoral.Data;

/// <summary>
/// The one model. Features add their entities through <see cref="IFeatureModule.ConfigureModel"/>; the provider
/// (SQLite or PostgreSQL) is chosen by the derived context so each has its own migrations.
/// </summary>
public abstract partial class PastoralDbContext(DbContextOptions options, IAuditActor? actor, TimeProvider? clock)
    : IdentityDbContext<StaffUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    private readonly IAuditActor? _actor = actor;
    private readonly TimeProvider? _clock = clock;

    public DbSet<Trust> Trusts => Set<Trust>();
    public DbSet<School> Schools => Set<School>();
    public DbSet<AcademicYear> AcademicYears => Set<AcademicYear>();
    public DbSet<YearGroup> YearGroups => Set<YearGroup>();
    public DbSet<Form> Forms => Set<Form>();
    public DbSet<Pupil> Pupils => Set<Pupil>();
    public DbSet<PupilContact> PupilContacts => Set<PupilContact>();
    public DbSet<PupilSenNeed> PupilSenNeeds => Set<PupilSenNeed>();
    public DbSet<PupilChange> PupilChanges => Set<PupilChange>();
    public DbSet<StaffScope> StaffScopes => Set<StaffScope>();
    public DbSet<CaseloadAssignment> Caseloads => Set<CaseloadAssignment>();
    public DbSet<RecordShare> RecordShares => Set<RecordShare>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<AuditHead> AuditHeads => Set<AuditHead>();
    public DbSet<JobLease> JobLeases => Set<JobLease>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public abstract DatabaseProvider Provider { get; }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Instants are UTC everywhere; SQLite hands them back unspecified, so mark them on the way in.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<NullableUtcDateTimeConverter>();
        configurationBuilder.Properties<string>().HaveMaxLength(400);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        ConfigureCore(builder);
        foreach (var module in FeatureModules.All) module.ConfigureModel(builder);
    }

    private static void ConfigureCore(ModelBuilder b)
    {
        b.Entity<StaffUser>(e =>
        {
            e.Property(u => u.FullName).HasMaxLength(200);
            e.HasMany(u => u.Scopes).WithOne().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<StaffScope>(e =>
        {
            e.HasIndex(s => s.UserId);
            e.Property(s => s.Kind).HasConversion<string>().HasMaxLength(20);
        });
        b.Entity<CaseloadAssignment>().HasIndex(c => new { c.StaffId, c.PupilId });
        b.Entity<RecordShare>().HasIndex(s => new { s.SharedWithId, s.RecordType, s.RecordId });
        b.Entity<ApiToken>(e =>
        {
            e.HasIndex(t => t.Hash).IsUnique();
            e.Property(t => t.Name).HasMaxLength(100);
        });
        b.Entity<AuditEntry>(e =>
        {
            e.HasIndex(a => a.Sequence).IsUnique();
            e.HasIndex(a => new { a.PupilId, a.At });
            e.Property(a => a.Detail).HasMaxLength(2000);
        });
        b.Entity<AuditHead>().HasData(new AuditHead { Id = 1, LastSequence = 0, LastHash = AuditChain.Genesis });
        b.Entity<JobLease>().HasKey(l => l.Name);
        b.Entity<DataProtectionKey>().Property(k => k.Xml).HasMaxLength(8000);
    }
}

internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

internal sealed class NullableUtcDateTimeConverter() : ValueConverter<DateTime?, DateTime?>(
    v => v == null ? v : v.Value.Kind == DateTimeKind.Utc ? v : v.Value.ToUniversalTime(),
    v => v == null ? v : DateTime.SpecifyKind(v.Value, DateTimeKind.Utc));
