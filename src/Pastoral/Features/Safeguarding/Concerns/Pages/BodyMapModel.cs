namespace Pastoral.Features.Safeguarding.Concerns.Pages;

/// <summary>The marks to draw on the front and back outlines, numbered in this order.</summary>
public sealed record BodyMapModel(IReadOnlyList<BodyMarkView> Marks, bool Interactive);
