using Pastoral.Features.Notifications.Contacts;

namespace Pastoral.Features.Rewards;

/// <summary>
/// The wordings of praise postcards and certificates, registered as letter templates the school rewords at
/// /admin/letter-templates (group "Rewards"): the subject is the heading, the body the words under the pupil's name.
/// </summary>
public static class RewardTemplates
{
    public const string Group = "Rewards";
    public const string PraisePostcard = "reward-praise-postcard";
    public const string Achievement = "reward-certificate-of-achievement";
    public const string HundredPoints = "reward-100-positive-points";

    public static void Register(IServiceCollection services)
    {
        services.AddLetterTemplate(PraisePostcard, "Praise postcard", Group, "A postcard home: well done!",
            "{PupilName} has been praised at school. {Reason}\n\nThank you for your support at home: please pass on our congratulations.");
        services.AddLetterTemplate(Achievement, "Certificate of achievement", Group, "Certificate of achievement",
            "{Reason}");
        services.AddLetterTemplate(HundredPoints, "100 positive points", Group, "100 positive points",
            "For earning 100 positive points. {Reason}");
    }
}
