namespace Pastoral.Features.Behaviour.Force;

/// <param name="Pupil">The pupil's id or UPN.</param>
/// <param name="ParentsToldAt">Local school time, yyyy-MM-ddTHH:mm.</param>
/// <param name="ParentsToldHow">phone, in person, e-mail or letter.</param>
public sealed record ForcePupilInput(string? Pupil, string? Holds, string? Injuries, string? Account, string? ParentsToldAt, string? ParentsToldHow, string? ParentsToldBy);

/// <param name="OccurredAt">Local school time, yyyy-MM-ddTHH:mm.</param>
/// <param name="StaffIds">Staff accounts of the school involved.</param>
public sealed record ForceInput(string? OccurredAt, string? Location, IReadOnlyList<Guid>? StaffIds, IReadOnlyList<ForcePupilInput>? Pupils,
    string? WhatHappened, string? WhyNeeded, string? StaffInjuries, string? DebriefOn, string? DebriefWith, string? DebriefNotes, long? IncidentId = null);

/// <param name="Kind">screening or search.</param>
/// <param name="Reason">A code or name from Reference/search-reasons.csv: the prohibited item suspected.</param>
/// <param name="Disposal">What happened to what was confiscated: returned, handed to police, destroyed, kept by the school.</param>
public sealed record SearchInput(string? Kind, string? OccurredAt, string? Location, Guid? SearchedById, Guid? WitnessId, string? Reason, string? ReasonDetail,
    string? Found, string? Confiscated, string? Disposal, string? ParentsToldAt, string? ParentsToldHow, string? ParentsToldBy, long? IncidentId = null);

public sealed record ForceWrite(int? Id, IReadOnlyList<(string Field, string Message)> Problems, bool NotFound = false)
{
    public static ForceWrite Missing => new(null, [], NotFound: true);
}

public sealed class SearchReason
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
}

public static class SearchWords
{
    private static readonly Lazy<IReadOnlyList<SearchReason>> Loaded = new(() => Infrastructure.ReferenceData.Load<SearchReason>("search-reasons.csv"));
    public static IReadOnlyList<SearchReason> Reasons => Loaded.Value;
    public static readonly IReadOnlyList<(string Code, string Label)> Disposals =
        [("returned", "Returned to the pupil or parents"), ("handed-to-police", "Handed to the police"), ("destroyed", "Destroyed"), ("kept", "Kept by the school for now")];
    public static readonly IReadOnlyList<string> ToldHow = ["phone", "in person", "e-mail", "letter"];

    public static string? ReasonCode(string? codeOrName) => Reasons.FirstOrDefault(r =>
        string.Equals(r.Code, codeOrName?.Trim(), StringComparison.OrdinalIgnoreCase) || string.Equals(r.Name, codeOrName?.Trim(), StringComparison.OrdinalIgnoreCase))?.Code;
    public static string ReasonName(string code) => Reasons.FirstOrDefault(r => r.Code == code)?.Name ?? code;
    public static string? DisposalCode(string? text) => Disposals.FirstOrDefault(d =>
        string.Equals(d.Code, text?.Trim().Replace(' ', '-'), StringComparison.OrdinalIgnoreCase) || string.Equals(d.Label, text?.Trim(), StringComparison.OrdinalIgnoreCase)).Code;
    public static string DisposalLabel(string? code) => Disposals.FirstOrDefault(d => d.Code == code).Label ?? "";
    public static string Kind(SearchKind k) => k == SearchKind.Screening ? "screening" : "search";
    public static SearchKind? ParseKind(string? s) => s?.Trim().ToLowerInvariant() switch { "screening" => SearchKind.Screening, "search" => SearchKind.Search, _ => null };
}
