using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Behaviour;
using Pastoral.Features.Notifications.Contacts;
using Pastoral.Features.Pupils;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Documents;
using Pastoral.Infrastructure.Notifications;
using Pastoral.Security;

namespace Pastoral.Features.Rewards;

/// <summary>What staff send to give a postcard or certificate: words as typed, so the form and any caller share one set of checks.</summary>
public sealed record RewardInput(string? Format, string? Template, string? Reason, string? SendHow, IReadOnlyList<int>? Contacts);

public sealed record RewardWrite(IReadOnlyList<(string Field, string Message)> Problems, RewardAward? Award, IReadOnlyList<ContactMessageOutcome> Sent,
    bool NotFound = false)
{
    public bool Saved => Award is not null && Problems.Count == 0;
}

/// <summary>
/// Praise postcards and certificates: the one place they are checked, written from the school's template, recorded (audited by the
/// DbContext, on the timeline) and printed through the one document renderer, or e-mailed home through the contact-message service
/// with the PDF attached. Uses the pupil's preferred name, and only the types of the pupil's own positive parts: never an
/// incident's shared description.
/// </summary>
public sealed class RewardAwards(PastoralDbContext db, LetterTemplates templates, ContactMessages messages, Documents documents, SchoolClock clock)
{
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    public async Task<IReadOnlyList<ContactChoice>> EmailChoicesAsync(Pupil pupil, CancellationToken ct) => EmailChoices(pupil, await messages.WarningsAsync(pupil, ct));

    public Task<Pupil?> FindPupilAsync(StaffContext staff, int pupilId, CancellationToken ct) => ContactMessages.FindPupilAsync(db, staff, pupilId, ct);

    public async Task<IReadOnlyList<LetterWording>> TemplatesAsync(int schoolId, CancellationToken ct) =>
        [.. (await templates.ForSchoolAsync(schoolId, ct)).Where(t => t.Group == RewardTemplates.Group)];

    /// <summary>"For kindness to others and excellent classwork." from the types of the pupil's own positive parts in the last 30 days, latest first.</summary>
    public async Task<string> SuggestedReasonAsync(int pupilId, CancellationToken ct)
    {
        var since = clock.Today().AddDays(-30);
        var types = await db.Set<IncidentPupil>().AsNoTracking()
            .Where(p => p.PupilId == pupilId && p.Points > 0 && p.Incident!.OccurredOn >= since
                && (p.Role == IncidentRole.Instigator || p.Role == IncidentRole.Involved))
            .GroupBy(p => p.Incident!.Type!.Name).OrderByDescending(g => g.Max(p => p.Incident!.OccurredAt)).Select(g => g.Key).Take(3).ToListAsync(ct);
        if (types.Count == 0) return "";
        var words = types.Select(t => t.Length > 1 ? char.ToLower(t[0], English) + t[1..] : t).ToList();
        return $"For {(words.Count == 1 ? words[0] : string.Join(", ", words.Take(words.Count - 1)) + " and " + words[^1])}.";
    }

    /// <summary>Contacts a postcard may be e-mailed to: parental responsibility and an e-mail address.</summary>
    public static IReadOnlyList<ContactChoice> EmailChoices(Pupil pupil, Safeguarding.Orders.PupilContactWarnings warnings) =>
        [.. ContactMessages.Choices(pupil, warnings).Where(c => c.MayWrite && c.Method == ContactMessageMethod.Email)];

    public static RewardFormat? ParseFormat(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "postcard" => RewardFormat.Postcard, "certificate" => RewardFormat.Certificate, _ => null,
    };

    public static RewardSentHow? ParseSendHow(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "printed" or "print" => RewardSentHow.Printed, "emailed" or "email" or "e-mailed" => RewardSentHow.Emailed, _ => null,
    };

    public async Task<RewardWrite> GiveAsync(StaffContext staff, int pupilId, RewardInput input, CancellationToken ct)
    {
        if (await FindPupilAsync(staff, pupilId, ct) is not { } pupil) return new([], null, [], NotFound: true);
        var problems = new List<(string, string)>();
        var format = ParseFormat(input.Format);
        if (format is null) problems.Add(("Format", "Choose a postcard or a certificate."));
        var wording = (await TemplatesAsync(pupil.SchoolId, ct)).FirstOrDefault(t => string.Equals(t.Key, input.Template?.Trim(), StringComparison.OrdinalIgnoreCase)
            || string.Equals(t.Name, input.Template?.Trim(), StringComparison.OrdinalIgnoreCase));
        if (wording is null) problems.Add(("Template", "Choose a wording from the list."));
        var reason = input.Reason?.Trim() ?? "";
        if (reason.Length == 0) problems.Add(("Reason", "Enter what the pupil is praised for."));
        else if (reason.Length > RewardAward.ReasonMax) problems.Add(("Reason", $"The reason can be at most {RewardAward.ReasonMax} characters."));
        var how = ParseSendHow(input.SendHow);
        List<ContactChoice> to = [];
        if (how is null) problems.Add(("SendHow", "Choose whether to print it or e-mail it home."));
        else if (how == RewardSentHow.Emailed)
        {
            var choices = EmailChoices(pupil, await messages.WarningsAsync(pupil, ct));
            to = [.. choices.Where(c => input.Contacts?.Contains(c.Id) == true)];
            if (choices.Count == 0) problems.Add(("SendHow", "No parent or carer with parental responsibility has an e-mail address: print it instead."));
            else if (to.Count == 0) problems.Add(("Contacts", "Choose who to e-mail it to."));
        }
        if (problems.Count > 0) return new(problems, null, []);

        var award = Write(staff, pupil, format!.Value, wording!, reason, how!.Value, clock.Today(), clock.UtcNow, null);
        if (how == RewardSentHow.Printed)
        {
            db.Add(award);
            await db.SaveChangesAsync(ct);
            return new([], award, []);
        }
        var sentTo = string.Join(", ", to.Select(c => $"{c.Name} ({c.Relationship})"));
        award.SentTo = sentTo.Length > 1000 ? sentTo[..1000] : sentTo;
        db.Add(award);
        var (model, options) = Document([award], null);
        var pdf = await documents.RenderAsync(RewardDocument.View, model, options, ct);
        var kind = format == RewardFormat.Postcard ? "postcard" : "certificate";
        var sent = await messages.SendEachAsync(staff, pupil, [.. to.Select(c => c.Id)], c => (award.Heading,
                $"Dear {c.Name},\n\n{award.Wording}\n\nThe {kind} for {award.PupilName} is attached.\n\n{staff.Name}\n{award.SchoolName}"),
            new MailAttachment(options.FileName, "application/pdf", pdf), ct);
        return new([], award, sent);
    }

    /// <summary>A recorded award, words filled now and kept, so printing it again gives the same document.</summary>
    public static RewardAward Write(StaffContext staff, Pupil pupil, RewardFormat format, LetterWording wording, string reason, RewardSentHow how,
        DateOnly on, DateTime at, int? eventId)
    {
        var values = new Dictionary<string, string?>
        {
            ["PupilName"] = pupil.Forename, ["SchoolName"] = pupil.School?.Name ?? "", ["Date"] = on.ToString("d MMMM yyyy", English),
            ["StaffName"] = staff.Name, ["Reason"] = reason, ["ContactName"] = "",
        };
        static string Cut(string s, int max) => s.Length > max ? s[..max] : s;
        return new RewardAward
        {
            PupilId = pupil.Id, SchoolId = pupil.SchoolId, Format = format, TemplateKey = wording.Key, TemplateName = wording.Name,
            Heading = Cut(LetterPlaceholders.Fill(wording.Subject, values), RewardAward.HeadingMax),
            Wording = Cut(LetterPlaceholders.Fill(wording.Body, values), RewardAward.WordingMax),
            Reason = reason, PupilName = pupil.DisplayName, SchoolName = pupil.School?.Name ?? "", AwardedOn = on, SentHow = how, EventId = eventId,
            ById = staff.UserId == Guid.Empty ? null : staff.UserId, ByName = staff.Name, At = at,
        };
    }

    /// <summary>The recorded award of a pupil the viewer sees (null: a 404).</summary>
    public Task<RewardAward?> FindAsync(StaffContext staff, int pupilId, int awardId, CancellationToken ct) =>
        db.Set<RewardAward>().AsNoTracking().VisibleTo(staff, db).FirstOrDefaultAsync(a => a.Id == awardId && a.PupilId == pupilId, ct);

    public async Task<IReadOnlyList<RewardAward>> ForPupilAsync(StaffContext staff, int pupilId, CancellationToken ct) =>
        await db.Set<RewardAward>().AsNoTracking().VisibleTo(staff, db).Where(a => a.PupilId == pupilId).OrderByDescending(a => a.At).ThenByDescending(a => a.Id).ToListAsync(ct);

    /// <summary>The document of one or more recorded awards: one page each, in the order given.</summary>
    public static (RewardDocument Model, DocumentOptions Options) Document(IReadOnlyList<RewardAward> awards, string? backLink)
    {
        var first = awards[0];
        var one = awards.Count == 1;
        var kind = first.Format == RewardFormat.Postcard ? "Postcard" : "Certificate";
        var model = new RewardDocument([.. awards.Select(a => new RewardSheet(a.Format, a.SchoolName, a.Heading, a.PupilName, a.Wording, a.ByName,
            a.AwardedOn.ToString("d MMMM yyyy", English)))]);
        var options = new DocumentOptions(one ? $"{kind}: {first.PupilName}" : $"{Infrastructure.Counted.Of(awards.Count, "certificate")}", first.SchoolName, ProtectiveMarking.Official)
        {
            FileName = one ? $"{kind.ToLowerInvariant()}-{first.PupilId}-{first.AwardedOn:yyyy-MM-dd}.pdf" : $"certificates-{first.AwardedOn:yyyy-MM-dd}.pdf",
            PdfLink = one && first.Id > 0 ? $"/pupils/{first.PupilId}/rewards/{first.Id}.pdf" : null,
            BackLink = backLink ?? $"/pupils/{first.PupilId}/rewards",
            BackText = backLink is null ? $"Back to {first.PupilName}'s rewards" : "Back",
        };
        return (model, options);
    }
}

public sealed record RewardSheet(RewardFormat Format, string School, string Heading, string PupilName, string Wording, string SignedBy, string On);

public sealed record RewardDocument(IReadOnlyList<RewardSheet> Sheets)
{
    public const string View = "/Features/Rewards/RewardDocument.cshtml";
}
