using Pastoral.Features.Pupils.Timeline;

namespace Pastoral.Tests.Unit;

public sealed class FieldNamesTests
{
    [Theory]
    [InlineData("PreferredForename", "preferred forename")]
    [InlineData("YoungCarer", "young carer")]
    [InlineData("Fsm", "FSM")]
    [InlineData("SenProvision", "SEN provision")]
    [InlineData("Eal", "EAL")]
    public void Audit_field_names_read_as_words(string field, string words) => Assert.Equal(words, FieldNames.Words(field));
}
