using Pastoral.Features.Notifications.Contacts;

namespace Pastoral.Features.Attendance.Support;

/// <summary>The attendance letters, one for each stage and one to say well done, registered as letter templates the school can reword.</summary>
public static class StageLetters
{
    public const string Group = "Attendance";
    public const string FirstConcern = "attendance-first-concern";
    public const string MeetingInvitation = "attendance-meeting-invitation";
    public const string SupportPlan = "attendance-support-plan";
    public const string ParentalContract = "attendance-parental-contract";
    public const string NoticeToImprove = "attendance-notice-to-improve";
    public const string Congratulations = "attendance-congratulations";

    public static void Register(IServiceCollection services)
    {
        services.AddLetterTemplate(FirstConcern, "First concern (monitor)", Group, "{PupilName}'s attendance",
            "I am writing because {PupilName}'s attendance this year is {AttendancePercent}. Every day in school matters, and we have noticed it slipping.\n\n"
            + "We would like to work with you to make sure {PupilName} is in school every day. If something is making it hard, please tell us: we want to help.\n\n"
            + "Please call the school office and ask for {StaffName}.");
        services.AddLetterTemplate(MeetingInvitation, "Invitation to an attendance meeting (listen and understand)", Group, "Meeting about {PupilName}'s attendance",
            "{PupilName}'s attendance this year is {AttendancePercent}. We would like to meet you to understand what is getting in the way and to agree together how we can help.\n\n"
            + "We have arranged the meeting for {MeetingDate}. If that day does not suit you, please call the school and we will find another time.\n\n"
            + "You are welcome to bring someone with you.");
        services.AddLetterTemplate(SupportPlan, "Support plan (facilitate support)", Group, "Support for {PupilName}'s attendance",
            "Thank you for meeting us on {MeetingDate}. This letter confirms the support we agreed for {PupilName} and what each of us will do.\n\n"
            + "We will review how things are going together. {PupilName}'s attendance is {AttendancePercent} now; we will look at it again at the review.\n\n"
            + "If anything changes, please contact {StaffName}.");
        services.AddLetterTemplate(ParentalContract, "Parental contract (formalise support)", Group, "A parental contract for {PupilName}'s attendance",
            "Despite the support in place, {PupilName}'s attendance is {AttendancePercent}. We would like to agree a parental contract with you: a written agreement "
            + "setting out what you and the school will each do to improve {PupilName}'s attendance.\n\n"
            + "A parental contract is voluntary, but if it is not agreed or not kept, the school and the local authority may consider other steps, including legal action.\n\n"
            + "We will discuss it with you on {MeetingDate}.");
        services.AddLetterTemplate(NoticeToImprove, "Notice to improve / penalty warning (enforce)", Group, "Notice to improve: {PupilName}'s attendance",
            "{PupilName}'s attendance is {AttendancePercent}, and the support offered has not improved it. This letter is a formal notice to improve.\n\n"
            + "If {PupilName}'s attendance does not improve in the period the notice sets out, the local authority may issue a penalty notice or take other legal action.\n\n"
            + "We still want to help: please contact {StaffName} to talk about the support available.");
        services.AddLetterTemplate(Congratulations, "Well done: improved attendance", Group, "Well done, {PupilName}!",
            "We are delighted to tell you that {PupilName}'s attendance has improved: it is now {AttendancePercent}.\n\n"
            + "Thank you for your support at home. Please pass on our congratulations to {PupilName}: every day counts, and it shows.");
    }
}
