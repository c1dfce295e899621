using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Notifications.Contacts;
using Pastoral.Infrastructure;

namespace Pastoral.Features.Behaviour.Detentions;

public abstract record NoticeSave
{
    public sealed record Saved : NoticeSave;
    public sealed record Invalid(string Field, string Message) : NoticeSave;
    /// <summary>Someone saved since the form was opened: their setting, the fields they changed, and the form rebased on theirs.</summary>
    public sealed record Conflict(DetentionParentNotice Current, IReadOnlyList<string> Theirs, IReadOnlyDictionary<string, string?> Merged) : NoticeSave;
}

/// <summary>
/// Tells parents and carers about a detention through the shared contact messages (<see cref="ContactMessages.AddEach"/>: an e-mail
/// through the outbox, or a printable letter; each recorded as a family message on the pupil's timeline) when the type tells parents
/// and the school has opted in (<see cref="DetentionParentNotice"/>). Only what the contact needs to know: the pupil's preferred name,
/// the kind, date, start, length, room and the notice rule, in the school's letter template; never the reason or an incident's
/// description (which may name other children). Everything is added to the caller's context, not saved: the detention's own save
/// commits the messages and the mark with it, so a detention rolled back sends nothing, and delivery is the outbox's (a failed
/// send is retried; it never loses the detention).
/// </summary>
public sealed class DetentionParents(PastoralDbContext db, ContactMessages messages, LetterTemplates templates, TimeProvider clock)
{
    public const string Group = "Behaviour";
    public const string SetLetter = "detention-set";
    public const string CancelledLetter = "detention-cancelled";
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    public static void Register(IServiceCollection services)
    {
        services.AddLetterTemplate(SetLetter, "Detention set (sent automatically when the school opts in)", Group,
            "{PupilName} has a detention on {DetentionDate}",
            "Dear {ContactName},\n\nWe are writing to let you know that {PupilName} has a detention.\n\n"
            + "What: {DetentionKind}\nWhen: {DetentionDate}, starting at {DetentionTime}, for {DetentionLength}\nWhere: {DetentionRoom}\n\n"
            + "{DetentionNotice}\n\nIf you would like to talk about it, please contact the school.\n\n{SchoolName}");
        services.AddLetterTemplate(CancelledLetter, "Detention cancelled (sent automatically after a detention parents were told about)", Group,
            "{PupilName}'s detention on {DetentionDate} is cancelled",
            "Dear {ContactName},\n\nThe {DetentionKind} we told you about for {PupilName} on {DetentionDate} at {DetentionTime} has been cancelled: "
            + "{PupilName} does not need to attend.\n\n{SchoolName}");
    }

    /// <summary>The school's setting; a school that never chose has the default (not told automatically).</summary>
    public async Task<DetentionParentNotice> SettingAsync(int schoolId, CancellationToken ct) =>
        await db.Set<DetentionParentNotice>().AsNoTracking().FirstOrDefaultAsync(n => n.SchoolId == schoolId, ct)
        ?? new DetentionParentNotice { SchoolId = schoolId };

    /// <summary>The setting as the form's text fields ("true"/"false"), compared field by field with <see cref="Pupils.PupilEdit.Compare"/>.</summary>
    public static Dictionary<string, string?> Fields(DetentionParentNotice n) => new()
    {
        ["tell"] = n.TellAutomatically ? "true" : "false", ["email"] = n.ByEmail ? "true" : "false", ["letter"] = n.ByLetter ? "true" : "false",
    };

    /// <summary>
    /// Saves the school's setting (audited by the context, versioned). <paramref name="started"/> is what the form was opened with: if
    /// someone saved since, nothing is written and their setting comes back (the page shows theirs beside this person's). A choice to
    /// tell parents with no way to tell them is refused by field.
    /// </summary>
    public async Task<NoticeSave> SaveSettingAsync(string staffName, int schoolId, IReadOnlyDictionary<string, string?> started,
        IReadOnlyDictionary<string, string?> submitted, CancellationToken ct)
    {
        if (submitted["tell"] == "true" && submitted["email"] != "true" && submitted["letter"] != "true")
            return new NoticeSave.Invalid("email", "Choose how parents are told: by e-mail, by a printed letter, or both");
        var row = await db.Set<DetentionParentNotice>().FirstOrDefaultAsync(n => n.SchoolId == schoolId, ct);
        var current = row ?? new DetentionParentNotice { SchoolId = schoolId };
        var outcome = Pupils.PupilEdit.Compare(started, submitted, Fields(current));
        if (outcome.Theirs.Count > 0) return new NoticeSave.Conflict(current, outcome.Theirs, outcome.Merged);
        if (outcome.Mine.Count == 0) return new NoticeSave.Saved();
        row ??= db.Add(current).Entity;
        (row.TellAutomatically, row.ByEmail, row.ByLetter) = (outcome.Merged["tell"] == "true", outcome.Merged["email"] == "true", outcome.Merged["letter"] == "true");
        (row.UpdatedAt, row.UpdatedByName) = (clock.GetUtcNow().UtcDateTime, staffName);
        try { await db.SaveChangesAsync(ct); }
        catch (Exception e) when (e is DbUpdateConcurrencyException or DbUpdateException)
        {
            // Someone saved between our read and our write (a second new row breaks the unique index).
            db.ChangeTracker.Clear();
            var theirs = await SettingAsync(schoolId, ct);
            var again = Pupils.PupilEdit.Compare(started, submitted, Fields(theirs));
            return new NoticeSave.Conflict(theirs, again.Theirs, again.Merged);
        }
        return new NoticeSave.Saved();
    }

    /// <summary>
    /// For a detention just added to the context (not yet saved) that still has parents to be told: adds the messages and marks it
    /// told. Nothing when the school has not opted in or nobody may be written to by the school's chosen means: it stays "parents to be told".
    /// </summary>
    public async Task TellSetAsync(Detention detention, Guid sentById, CancellationToken ct)
    {
        if (!detention.ParentsToBeTold) return;
        if (await SendAsync(detention, SetLetter, sentById, ct) is not { } how) return;
        (detention.ParentsToBeTold, detention.ParentsToldAt, detention.ParentsToldHow) = (false, clock.GetUtcNow().UtcDateTime, how);
    }

    /// <summary>For a told detention being excused before it begins: tells the same contacts' kind it is cancelled (same rules).</summary>
    public async Task TellCancelledAsync(Detention detention, Guid sentById, CancellationToken ct)
    {
        if (detention.ParentsToldAt is null || detention.CancellationToldAt is not null) return;
        if (await SendAsync(detention, CancelledLetter, sentById, ct) is null) return;
        detention.CancellationToldAt = clock.GetUtcNow().UtcDateTime;
    }

    private async Task<string?> SendAsync(Detention detention, string letterKey, Guid sentById, CancellationToken ct)
    {
        var notice = await SettingAsync(detention.SchoolId, ct);
        if (!notice.Sends) return null;
        var pupil = await db.Pupils.AsNoTracking().Include(p => p.Contacts).Include(p => p.School).FirstAsync(p => p.Id == detention.PupilId, ct);
        var warnings = await messages.WarningsAsync(pupil, ct);
        var to = ContactMessages.Choices(pupil, warnings).Where(c => c.MayWrite && (c.Method == ContactMessageMethod.Email ? notice.ByEmail : notice.ByLetter)).ToList();
        if (to.Count == 0) return null;
        var type = await db.Set<DetentionType>().AsNoTracking().FirstAsync(t => t.Id == detention.TypeId, ct);
        var letter = (await templates.ForSchoolAsync(detention.SchoolId, letterKey, ct))!;
        var values = Values(pupil.Forename, pupil.School?.Name, type, detention.Date, clock.GetUtcNow().UtcDateTime);
        var sent = messages.AddEach(sentById, pupil, warnings, [.. to.Select(c => c.Id)], c =>
        {
            var all = new Dictionary<string, string?>(values) { ["ContactName"] = c.Name };
            return (LetterPlaceholders.Fill(letter.Subject, all), LetterPlaceholders.Fill(letter.Body, all));
        }, null);
        var methods = sent.Select(m => m.Method).Distinct().OrderBy(m => m).ToList();
        return methods.Count == 0 ? null : string.Join(" and ", methods.Select(m => m == ContactMessageMethod.Email ? "e-mail" : "letter"));
    }

    /// <summary>The placeholders' values: nothing about why (the reason and any incident stay in school).</summary>
    public static Dictionary<string, string?> Values(string pupilName, string? schoolName, DetentionType type, DateOnly date, DateTime utcNow) => new()
    {
        ["PupilName"] = pupilName,
        ["SchoolName"] = schoolName ?? "",
        ["Date"] = SchoolClock.ToLocal(utcNow).ToString("d MMMM yyyy", English),
        ["DetentionKind"] = type.Name.ToLower(English),
        ["DetentionDate"] = date.ToString("dddd d MMMM yyyy", English),
        ["DetentionTime"] = type.StartsAt.ToString("HH:mm", English),
        ["DetentionLength"] = type.Minutes % 60 == 0 && type.Minutes >= 60 ? $"{type.Minutes / 60} hour{(type.Minutes == 60 ? "" : "s")}" : $"{type.Minutes} minutes",
        ["DetentionRoom"] = string.IsNullOrWhiteSpace(type.Room) ? "the room will be given to the pupil at school" : type.Room,
        ["DetentionNotice"] = type.OutsideSchoolHours && type.NoticeHours > 0
            ? $"As this detention is outside school hours, the school gives parents at least {type.NoticeHours} hours' notice."
            : type.OutsideSchoolHours ? "This detention is outside school hours." : "This detention is during the school day.",
    };
}
