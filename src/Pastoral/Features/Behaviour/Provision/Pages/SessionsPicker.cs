namespace Pastoral.Features.Behaviour.Provision.Pages;

/// <summary>The weekday AM/PM checkboxes (partial _Sessions.cshtml): what is chosen and any problem.</summary>
public sealed record SessionsPicker(string Legend, string Hint, IReadOnlyCollection<string> Chosen, string? Error);
