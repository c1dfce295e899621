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
public abstract partial class PastoralDbContext(DbContextOptions options, IAuditActor? actor, TimeProvider? clock, AuditKeyRing? auditKeys,
    KeyBlocks? keyBlocks = null)
    : IdentityDbContext<StaffUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    private readonly IAuditActor? _actor = actor;
    private readonly TimeProvider? _clock = clock;
    private readonly AuditKeyRing? _auditKeys = auditKeys;
    private readonly KeyBlocks? _keyBlocks = keyBlocks;

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
    public DbSet<BreakGlassGrant> BreakGlassGrants => Set<BreakGlassGrant>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<StaffSession> StaffSessions => Set<StaffSession>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<AuditHead> AuditHeads => Set<AuditHead>();
    public DbSet<JobLease> JobLeases => Set<JobLease>();
    public DbSet<Infrastructure.Scheduling.JobRun> JobRuns => Set<Infrastructure.Scheduling.JobRun>();
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
            // Written only by the one conditional UPDATE that claims a code; Identity's own saves of the user must not put back an older value.
            e.Property(u => u.LastSecondFactorStep).Metadata.SetAfterSaveBehavior(Microsoft.EntityFrameworkCore.Metadata.PropertySaveBehavior.Ignore);
        });
        b.Entity<StaffScope>(e =>
        {
            e.HasIndex(s => s.UserId);
            e.Property(s => s.Kind).HasConversion<string>().HasMaxLength(20);
        });
        b.Entity<CaseloadAssignment>().HasIndex(c => new { c.StaffId, c.PupilId });
        b.Entity<RecordShare>().HasIndex(s => new { s.SharedWithId, s.RecordType, s.RecordId });
        b.Entity<BreakGlassGrant>(e =>
        {
            e.HasIndex(g => new { g.StaffId, g.RecordType, g.RecordId, g.ExpiresAt });
            e.HasIndex(g => new { g.SchoolId, g.OpenedAt });
            e.Property(g => g.RecordType).HasMaxLength(100);
            e.Property(g => g.StaffName).HasMaxLength(200);
            e.Property(g => g.Reason).HasMaxLength(BreakGlassGrant.ReasonMaxLength);
        });
        b.Entity<ApiToken>(e =>
        {
            e.HasIndex(t => t.Hash).IsUnique();
            e.Property(t => t.Name).HasMaxLength(100);
        });
        b.Entity<AuditEntry>(e =>
        {
            e.Property(a => a.Chain).HasMaxLength(40).HasDefaultValue(AuditChains.Trust);
            e.HasIndex(a => new { a.Chain, a.Sequence }).IsUnique();
            // The sealer's queue: only pending entries are in it, so it stays as small as the last moment's writes.
            e.HasIndex(a => a.Id, "IX_AuditEntries_Pending").HasFilter("\"Sequence\" IS NULL");
            e.HasIndex(a => new { a.PupilId, a.At });
            e.Property(a => a.Detail).HasMaxLength(2000);
        });
        b.Entity<AuditHead>(e =>
        {
            e.Property(h => h.Chain).HasMaxLength(40).HasDefaultValue(AuditChains.Trust);
            e.HasIndex(h => h.Chain).IsUnique();
            // Other chains' heads are added by AuditChain.SealAsync when a chain's first entry is written.
            e.HasData(new AuditHead { Id = 1, Chain = AuditChains.Trust, LastSequence = 0, LastHash = AuditChain.Genesis });
        });
        b.Entity<JobLease>().HasKey(l => l.Name);
        Infrastructure.Scheduling.JobRun.Configure(b);
        StaffSession.ConfigureModel(b);
        b.Entity<DataProtectionKey>().Property(k => k.Xml).HasMaxLength(8000);
    }
}

internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

internal sealed class NullableUtcDateTimeConverter() : ValueConverter<DateTime?, DateTime?>(
    v => v == null ? v : v.Value.Kind == DateTimeKind.Utc ? v : v.Value.ToUniversalTime(),
    v => v == null ? v : DateTime.SpecifyKind(v.Value, DateTimeKind.Utc));
