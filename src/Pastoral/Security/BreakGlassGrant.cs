using Microsoft.EntityFrameworkCore;
using Pastoral.Data;

namespace Pastoral.Security;

/// <summary>
/// One emergency opening of one restricted record (break-glass): who, which record, when, why and until when. While it lasts,
/// <see cref="RestrictedAccess"/> lets that one person read that one record (each read still audited). Never edited or removed:
/// it is the report's row. The reason stays here (it may say what happened), as a share's does; the audit entry names the grant.
/// </summary>
public sealed class BreakGlassGrant : ISchoolOwned
{
    public const int ReasonMaxLength = 1000;

    public int Id { get; set; }
    public required string RecordType { get; set; }
    public int RecordId { get; set; }
    public int PupilId { get; set; }
    public int SchoolId { get; set; }
    public Guid StaffId { get; set; }
    public required string StaffName { get; set; }
    public DateTime OpenedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public required string Reason { get; set; }

    public RestrictedRecord Record => new(RecordType, RecordId, PupilId);

    /// <summary>
    /// Until midnight at the end of the school's day, and never less than <see cref="MinimumLength"/>: long enough to deal with the
    /// emergency that day, short enough that the access is not left open; a headteacher who needs it again breaks glass again.
    /// </summary>
    public static DateTime EndFor(DateTime openedAtUtc)
    {
        var local = Infrastructure.SchoolClock.ToLocal(openedAtUtc);
        var midnight = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local.Date.AddDays(1), DateTimeKind.Unspecified), Infrastructure.SchoolClock.London);
        var minimum = openedAtUtc.Add(MinimumLength);
        return midnight > minimum ? midnight : minimum;
    }

    public static readonly TimeSpan MinimumLength = TimeSpan.FromHours(2);
}

/// <summary>
/// A kind of restricted record, registered by the feature that owns it (<see cref="RestrictedRecordTypeRegistration.AddRestrictedRecordType"/>),
/// so break-glass and the report can name it in staff's words, find its pupil from its id and link to it.
/// </summary>
/// <param name="Name">The <see cref="RestrictedRecord.Type"/> (as the audit log writes it).</param>
/// <param name="Label">What staff call it ("Child protection (CP/CIN) status"); never any of its content.</param>
/// <param name="PupilOf">The pupil a record id belongs to, or null when there is no such record.</param>
/// <param name="Link">Where a reader opens the record.</param>
public sealed record RestrictedRecordType(string Name, string Label, Func<PastoralDbContext, int, CancellationToken, Task<int?>> PupilOf,
    Func<RestrictedRecord, string> Link);

public static class RestrictedRecordTypeRegistration
{
    public static IServiceCollection AddRestrictedRecordType(this IServiceCollection services, RestrictedRecordType type) => services.AddSingleton(type);
}

/// <summary>Every registered restricted record type, by name (matched without regard to case, as the API takes enumerations).</summary>
public sealed class RestrictedRecordTypes(IEnumerable<RestrictedRecordType> types)
{
    private readonly Dictionary<string, RestrictedRecordType> _byName = types.GroupBy(t => t.Name, StringComparer.OrdinalIgnoreCase)
        .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<RestrictedRecordType> All => [.. _byName.Values.OrderBy(t => t.Label, StringComparer.Ordinal)];

    public RestrictedRecordType? Find(string? name) => name is not null && _byName.TryGetValue(name.Trim(), out var t) ? t : null;

    public string LabelOf(string name) => Find(name)?.Label ?? name;

    /// <summary>The record with its pupil, or null when the type is unknown or the record does not exist.</summary>
    public async Task<RestrictedRecord?> ResolveAsync(PastoralDbContext db, string? type, int id, CancellationToken ct) =>
        Find(type) is { } t && await t.PupilOf(db, id, ct) is { } pupil ? new RestrictedRecord(t.Name, id, pupil) : null;
}
