using Pastoral.Features.Safeguarding;

namespace Pastoral.Features.Pupils;

public sealed record Badge(string Code, string Label, string Css);

/// <summary>The key flags shown as badges on lists and the profile. CP/CIN is added only by pages that checked the viewer may read it.</summary>
public static class PupilBadges
{
    public static IEnumerable<Badge> For(RosterRow p) =>
        For(p.SenProvision, p.Ehcp, p.PupilPremium, p.Fsm, p.LookedAfter, p.YoungCarer, p.Eal);

    public static IEnumerable<Badge> For(SenProvision sen, bool ehcp, bool pp, bool fsm, LookedAfterStatus lac, bool carer, bool eal)
    {
        if (sen == SenProvision.K) yield return new("SEN K", "SEN support", "text-bg-info");
        if (sen == SenProvision.E || ehcp) yield return new("EHCP", "Education, health and care plan", "text-bg-primary");
        if (pp) yield return new("PP", "Pupil premium", "text-bg-secondary");
        if (fsm) yield return new("FSM", "Free school meals", "text-bg-secondary");
        if (lac == LookedAfterStatus.Lac) yield return new("LAC", "Looked after", "text-bg-warning");
        if (lac == LookedAfterStatus.Plac) yield return new("PLAC", "Previously looked after", "text-bg-warning");
        if (carer) yield return new("YC", "Young carer", "text-bg-success");
        if (eal) yield return new("EAL", "English as an additional language", "text-bg-light border");
    }

    public static Badge? ChildProtection(ChildProtectionStatus status) => status switch
    {
        ChildProtectionStatus.Cp => new("CP", "Child protection plan", "badge-restricted"),
        ChildProtectionStatus.Cin => new("CIN", "Child in need", "badge-restricted"),
        _ => null,
    };
}
