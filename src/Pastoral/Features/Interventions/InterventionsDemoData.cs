using Pastoral.Infrastructure.Demo;
using Pastoral.Security;

namespace Pastoral.Features.Interventions;

/// <summary>
/// Every school's starting catalogue: the interventions pastoral mentors name (issue 11), the outcome measures schools use with them,
/// and an hourly rate for each role that leads provision. Schools edit all of it. Provision, sessions and scores come later (Order 82+).
/// </summary>
public sealed class InterventionsDemoData : IDemoData
{
    public int Order => 80;

    public static readonly IReadOnlyList<Intervention> Catalogue =
    [
        Make("1:1 mentoring", NeedArea.Semh, "A consistent adult meets the pupil each week to work on confidence, resilience, communication and engagement, with a short daily check-in.",
            "EEF Teaching and Learning Toolkit: mentoring, +2 months on average; larger effects on attendance and engagement when sessions are regular.", 12, 12, 1, 1, CostBasis.PerStaffHour, 0),
        Make("Lego Therapy", NeedArea.CommunicationAndInteraction, "Pupils build together in the roles of engineer, supplier and builder, practising turn-taking, joint attention and describing.",
            "LeGoff (2004) and later trials: gains in social interaction for autistic pupils; small samples.", 10, 10, 3, 3, CostBasis.PerStaffHour, 0),
        Make("Zones of Regulation", NeedArea.Semh, "Pupils learn to name how they feel in four coloured zones and choose a strategy to move back to green.",
            "Widely used curriculum (Kuypers, 2011); evaluations are small but positive for self-regulation.", 8, 8, 4, 8, CostBasis.PerStaffHour, 0),
        Make("Circle of Friends", NeedArea.Semh, "A circle of volunteer peers meets weekly with an adult to support a pupil at risk of isolation.",
            "Frederickson et al. (2005): improved social acceptance; effects on behaviour mixed.", 8, 8, 6, 8, CostBasis.PerStaffHour, 0),
        Make("Emotional literacy (ELSA)", NeedArea.Semh, "Weekly sessions with a trained emotional literacy support assistant on recognising and managing feelings.",
            "ELSA evaluations (e.g. Wilding & Claridge, 2016) report gains in emotional literacy scores.", 6, 6, 1, 2, CostBasis.PerStaffHour, 0),
        Make("Anger management", NeedArea.Behaviour, "A structured small-group programme on triggers, early warning signs and calming strategies.",
            "Cognitive-behavioural anger programmes show moderate effects in meta-analyses (Sukhodolsky et al., 2004).", 8, 8, 3, 6, CostBasis.PerSession, 4500),
        Make("Social skills group", NeedArea.CommunicationAndInteraction, "Small-group practice of conversation, friendship and problem-solving skills with role play.",
            "EEF: social and emotional learning, +4 months on average.", 10, 10, 4, 6, CostBasis.PerStaffHour, 0),
        Make("Transition support", NeedArea.Semh, "Visits, a named adult and a small group before and after a move between key stages or schools.",
            "Transition programmes reduce anxiety in the first term (Evangelou et al., 2008).", 6, 6, 4, 8, CostBasis.PerStaffHour, 0),
        Make("LIFE lessons", NeedArea.Behaviour, "Leadership, Independence, Future options & Employment, Empowerment: a weekly group for pupils at risk of disengaging.",
            "School-designed; evaluated locally through attendance and behaviour points.", 12, 12, 6, 10, CostBasis.PerStaffHour, 0),
        Make("Attendance mentoring", NeedArea.Attendance, "A weekly 1:1 with an attendance mentor and a morning call on days of difficulty.",
            "DfE Working together to improve school attendance (2024): early, supportive relationships improve attendance.", 8, 8, 1, 1, CostBasis.PerStaffHour, 0),
    ];

    public static readonly IReadOnlyList<OutcomeMeasure> Measures =
    [
        new() { Name = "Wellbeing self-rating", Description = "The pupil rates how they feel about school, from 1 (very bad) to 10 (very good).", Min = 1, Max = 10, HigherIsBetter = true },
        new() { Name = "Boxall-style developmental strands", Description = "The adult's developmental-strands score on a Boxall-style profile, 0 to 136.", Min = 0, Max = 136, HigherIsBetter = true },
        new() { Name = "Diagnostic profile (difficulties)", Description = "The adult's score on the diagnostic strands, 0 to 204: lower means fewer difficulties.", Min = 0, Max = 204, HigherIsBetter = false },
        new() { Name = "Teacher rating of engagement", Description = "The form tutor rates engagement in lessons, from 1 (rarely engaged) to 5 (always).", Min = 1, Max = 5, HigherIsBetter = true },
        new() { Name = "Emotional literacy score", Description = "Score on an emotional literacy checklist, 0 to 100.", Min = 0, Max = 100, HigherIsBetter = true },
    ];

    /// <summary>Hourly cost of staff time, in pence, per role that leads provision.</summary>
    public static readonly IReadOnlyDictionary<string, int> HourlyRates = new Dictionary<string, int>
    {
        [Roles.PastoralStaff] = 2200, [Roles.HeadOfYear] = 3800, [Roles.Senco] = 4200, [Roles.Teacher] = 3500,
        [Roles.SeniorLeader] = 5000, [Roles.Dsl] = 4500, [Roles.DeputyDsl] = 4000,
    };

    public async Task AddAsync(DemoContext demo, CancellationToken ct)
    {
        foreach (var school in demo.Schools)
        {
            demo.Db.AddRange(Catalogue.Select(i => new Intervention
            {
                SchoolId = school.Id, Name = i.Name, Area = i.Area, Description = i.Description, EvidenceBase = i.EvidenceBase, TypicalWeeks = i.TypicalWeeks,
                TypicalSessions = i.TypicalSessions, GroupSizeMin = i.GroupSizeMin, GroupSizeMax = i.GroupSizeMax, CostBasis = i.CostBasis, CostPerSessionPence = i.CostPerSessionPence,
            }));
            demo.Db.AddRange(Measures.Select(m => new OutcomeMeasure { SchoolId = school.Id, Name = m.Name, Description = m.Description, Min = m.Min, Max = m.Max, HigherIsBetter = m.HigherIsBetter }));
            demo.Db.AddRange(HourlyRates.Select(r => new StaffRoleRate { SchoolId = school.Id, Role = r.Key, HourlyRatePence = r.Value }));
            demo.Count("interventions in the catalogue", Catalogue.Count);
        }
        await demo.FlushAsync(ct);
    }

    private static Intervention Make(string name, NeedArea area, string description, string evidence, int weeks, int sessions, int min, int max, CostBasis basis, int pence) =>
        new() { Name = name, Area = area, Description = description, EvidenceBase = evidence, TypicalWeeks = weeks, TypicalSessions = sessions, GroupSizeMin = min, GroupSizeMax = max, CostBasis = basis, CostPerSessionPence = pence };
}
