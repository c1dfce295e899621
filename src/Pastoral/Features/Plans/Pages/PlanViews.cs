namespace Pastoral.Features.Plans.Pages;

public sealed record PlanInput(PlanField Field, string Key, string Id, string? Value, string? Error, IReadOnlyList<(Guid Id, string Name)> Staff);

/// <summary>Where someone saved first: their version of each section both changed, and who saved.</summary>
public sealed record SectionConflict(string Key, string Name, string Theirs, string Yours, bool Clash);
public sealed record PlanConflict(string SavedBy, IReadOnlyList<SectionConflict> Sections);

public sealed record PlanFieldsView(PlanDefinition Definition, PlanForm Form, IReadOnlyList<(Guid Id, string Name)> Staff, PlanConflict? Conflict);
