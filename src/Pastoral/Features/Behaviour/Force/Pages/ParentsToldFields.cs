namespace Pastoral.Features.Behaviour.Force.Pages;

/// <summary>The "parents told" fields (partial _ParentsTold.cshtml): the id and name prefixes, the values and the problems.</summary>
public sealed record ParentsToldFields(string Id, string Name, string? At, string? How, string? By, Func<string, string?> Errors);
