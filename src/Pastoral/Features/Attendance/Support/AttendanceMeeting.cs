using System.Text.Json;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Security;

namespace Pastoral.Features.Attendance.Support;

/// <summary>Someone at a meeting: one of the pupil's contacts, a member of staff, or someone else (the EWO) by name and role.</summary>
public sealed record MeetingAttendee(string Kind, string Name, string? Role, int? ContactId = null, Guid? StaffId = null)
{
    public const string Family = "family", Staff = "staff", Other = "other";
}

/// <summary>An agreed action: what, who does it (a name: parent, pupil, staff or agency), by when.</summary>
public sealed record MeetingAction(string Action, string Owner, DateOnly? DueOn);

/// <summary>
/// An attendance meeting with the family: who came, the barriers found, what was said, the actions agreed and the next review.
/// Attendees, barriers and actions are kept with the meeting as it was held (names as they were).
/// </summary>
public sealed class AttendanceMeeting : IAudited, IVersioned, IPupilOwned
{
    public const int TextMax = 4000;
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public int Id { get; set; }
    public int PupilId { get; set; }
    public int SchoolId { get; set; }
    public DateOnly HeldOn { get; set; }
    public string AttendeesJson { get; set; } = "[]";
    /// <summary>Barrier codes (Reference/attendance-barriers.csv), comma-separated.</summary>
    public string Barriers { get; set; } = "";
    public string? BarrierNote { get; set; }
    public string? Discussed { get; set; }
    public string ActionsJson { get; set; } = "[]";
    public DateOnly? NextReviewOn { get; set; }
    /// <summary>The family contact it was arranged from, if any.</summary>
    public int? FromContactId { get; set; }
    public DateTime RecordedAt { get; set; }
    public Guid? RecordedById { get; set; }
    public required string RecordedByName { get; set; }
    public int Version { get; set; }

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => SchoolId;

    public IReadOnlyList<MeetingAttendee> Attendees => JsonSerializer.Deserialize<List<MeetingAttendee>>(AttendeesJson, Json) ?? [];
    public IReadOnlyList<MeetingAction> Actions => JsonSerializer.Deserialize<List<MeetingAction>>(ActionsJson, Json) ?? [];
    public IReadOnlyList<string> BarrierCodes => Barriers.Split(',', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>The barriers to attendance a meeting can name, loaded as data from Reference/attendance-barriers.csv (add a row to add one).</summary>
public static class AttendanceBarriers
{
    private static readonly Lazy<IReadOnlyList<AttendanceBarrier>> Loaded = new(() => ReferenceData.Load<AttendanceBarrier>("attendance-barriers.csv"));
    public static IReadOnlyList<AttendanceBarrier> All => Loaded.Value;

    public static string? Find(string? codeOrName) => string.IsNullOrWhiteSpace(codeOrName) ? null
        : All.FirstOrDefault(b => string.Equals(b.Code, codeOrName.Trim(), StringComparison.OrdinalIgnoreCase)
                               || string.Equals(b.Name, codeOrName.Trim(), StringComparison.OrdinalIgnoreCase))?.Code;

    public static string Name(string code) => All.FirstOrDefault(b => b.Code == code)?.Name ?? code;
}

public sealed class AttendanceBarrier
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
}

/// <summary>A celebration of improved attendance: what improved, who signs the certificate or postcard; printed and sent home.</summary>
public sealed class AttendanceCelebration : IAudited, IPupilOwned
{
    public const int TextMax = 300;

    public int Id { get; set; }
    public int PupilId { get; set; }
    public int SchoolId { get; set; }
    /// <summary>"certificate" or "postcard".</summary>
    public required string Format { get; set; }
    public required string WhatImproved { get; set; }
    public required string SignedBy { get; set; }
    public DateOnly CelebratedOn { get; set; }
    public DateTime At { get; set; }
    public Guid? ById { get; set; }
    public required string ByName { get; set; }

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => SchoolId;
}

/// <summary>A stage letter sent to the family from a template: which letter, so the support page lists them.</summary>
public sealed class AttendanceLetter : IAudited, IPupilOwned
{
    public int Id { get; set; }
    public int PupilId { get; set; }
    public int SchoolId { get; set; }
    public required string TemplateKey { get; set; }
    public required string Subject { get; set; }
    public required string SentTo { get; set; }
    public DateTime At { get; set; }
    public Guid? ById { get; set; }
    public required string ByName { get; set; }

    int? IAudited.AuditPupilId => PupilId;
    int? IAudited.AuditSchoolId => SchoolId;
}
