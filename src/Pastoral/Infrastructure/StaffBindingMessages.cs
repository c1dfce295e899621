using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace Pastoral.Infrastructure;

/// <summary>What a form says when a value cannot be read at all, in staff's words rather than the framework's ("The value 'x' is not valid for Version").</summary>
public static class StaffBindingMessages
{
    public static void Use(DefaultModelBindingMessageProvider m)
    {
        m.SetAttemptedValueIsInvalidAccessor((value, field) => $"“{value}” is not a valid {field}");
        m.SetNonPropertyAttemptedValueIsInvalidAccessor(value => $"“{value}” is not valid here");
        m.SetValueIsInvalidAccessor(value => $"“{value}” is not valid here");
        m.SetUnknownValueIsInvalidAccessor(field => $"Enter a valid {field}");
        m.SetNonPropertyUnknownValueIsInvalidAccessor(() => "Enter a valid value");
        m.SetValueMustBeANumberAccessor(field => $"Enter {field} as a number");
        m.SetNonPropertyValueMustBeANumberAccessor(() => "Enter a number");
        m.SetMissingBindRequiredValueAccessor(field => $"Enter {field}");
        m.SetMissingKeyOrValueAccessor(() => "Enter a value");
        m.SetValueMustNotBeNullAccessor(_ => "Enter a value");
        m.SetMissingRequestBodyRequiredValueAccessor(() => "The form arrived empty: send it again");
    }
}
