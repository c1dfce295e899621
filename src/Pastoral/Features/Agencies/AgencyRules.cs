using System.Globalization;
using Pastoral.Infrastructure.Notifications;

namespace Pastoral.Features.Agencies;

/// <summary>A problem with what someone typed: the field (as the form and the API name it) and the message in staff's words.</summary>
public sealed record FieldProblem(string Field, string Message);

/// <summary>An agency as a form or the API sends it: every field as text, so nothing typed is lost before it is checked.</summary>
public sealed record AgencyInput(string? Name, string? Team, string? Kind, string? Phone, string? Email, string? Address, string? Website,
    string? HowToRefer, string? ResponseDays, string? Notes, IReadOnlyList<int> SchoolIds, string? SecureEmail = null, string? ResponseHours = null);

/// <summary>The checks on an agency, referral and signposting, as plain functions returning problems; nothing is saved while any is found.</summary>
public static class AgencyRules
{
    public const int MaxResponseDays = 250;
    public const int MaxResponseHours = 168;

    /// <summary>The agency's fields in stored form, keyed as <see cref="AgencyFields"/> names them, or the problems.</summary>
    public static (Dictionary<string, string?> Values, List<FieldProblem> Problems) Check(AgencyInput input, IReadOnlyCollection<int> allowedSchools)
    {
        var problems = new List<FieldProblem>();
        var v = new Dictionary<string, string?>();
        v["Name"] = Text(input.Name, "Name", "Name", Agency.NameMaxLength, problems, required: "Enter the agency's name");
        v["Team"] = Text(input.Team, "Team", "Team or service", Agency.NameMaxLength, problems);
        var kind = AgencyKinds.Find(input.Kind);
        if (kind is null) problems.Add(new("Kind", "Choose what kind of agency this is"));
        v["Kind"] = kind;
        v["Phone"] = Text(input.Phone, "Phone", "Phone", 40, problems);
        v["Email"] = Text(input.Email, "Email", "E-mail", Agency.TextMaxLength, problems);
        if (v["Email"] is { } email && !MailQueue.IsAddress(email))
            problems.Add(new("Email", "Enter an e-mail address in the right format, like referrals@example.org"));
        v["SecureEmail"] = Text(input.SecureEmail, "SecureEmail", "Secure e-mail", Agency.TextMaxLength, problems);
        if (v["SecureEmail"] is { } secure && !MailQueue.IsAddress(secure))
            problems.Add(new("SecureEmail", "Enter the secure e-mail address in the right format, like mash@secure.example.gov.uk"));
        v["Address"] = Text(input.Address, "Address", "Address", Agency.TextMaxLength, problems);
        v["Website"] = Text(input.Website, "Website", "Website", Agency.TextMaxLength, problems);
        if (v["Website"] is { } site && !(Uri.TryCreate(site, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            problems.Add(new("Website", "Enter the website as a full address starting https://"));
        v["HowToRefer"] = Text(input.HowToRefer, "HowToRefer", "How to refer", Agency.NotesMaxLength, problems);
        v["ResponseDays"] = Text(input.ResponseDays, "ResponseDays", "Expected response time", 10, problems);
        if (v["ResponseDays"] is { } days && !(int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MaxResponseDays))
            problems.Add(new("ResponseDays", $"Enter the expected response time as a whole number of working days from 1 to {MaxResponseDays}, or leave it empty"));
        v["ResponseHours"] = Text(input.ResponseHours, "ResponseHours", "Expected response time in hours", 10, problems);
        if (v["ResponseHours"] is { } hours && !(int.TryParse(hours, NumberStyles.None, CultureInfo.InvariantCulture, out var h) && h is >= 1 and <= MaxResponseHours))
            problems.Add(new("ResponseHours", $"Enter the expected response time as a whole number of hours from 1 to {MaxResponseHours}, or leave it empty"));
        else if (v["ResponseHours"] is not null && v["ResponseDays"] is not null)
            problems.Add(new("ResponseHours", "Give the expected response time in working days or in hours, not both"));
        v["Notes"] = Text(input.Notes, "Notes", "Notes", Agency.NotesMaxLength, problems);
        var schools = input.SchoolIds.Distinct().Order().ToList();
        if (schools.Any(s => !allowedSchools.Contains(s))) problems.Add(new("Schools", "Choose only schools you work in"));
        v["Schools"] = schools.Count == 0 ? null : string.Join(",", schools.Select(s => s.ToString(CultureInfo.InvariantCulture)));
        return (v, problems);
    }

    /// <summary>Trimmed text, null when empty; a problem when required and missing or longer than allowed.</summary>
    public static string? Text(string? raw, string field, string label, int max, List<FieldProblem> problems, string? required = null)
    {
        var text = string.IsNullOrWhiteSpace(raw) ? null : raw.Trim();
        if (text is null && required is not null) problems.Add(new(field, required));
        else if (text is { Length: var length } && length > max) problems.Add(new(field, $"{label} can be at most {max:N0} characters"));
        return text;
    }

    /// <summary>A date typed as yyyy-MM-dd (what a date input sends); a problem when it is not one.</summary>
    public static DateOnly? Date(string? raw, string field, string label, List<FieldProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        if (DateOnly.TryParseExact(raw.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        problems.Add(new(field, $"Enter the {label} as a real date, for example 3 11 2026"));
        return null;
    }

    public static string Day(DateOnly d) => d.ToString("ddd d MMM yyyy", CultureInfo.InvariantCulture);
}

/// <summary>The agency's editable fields, in staff's words, for the field-by-field edit (the same merge as the pupil edit page).</summary>
public static class AgencyFields
{
    public static readonly IReadOnlyList<(string Key, string Label)> All =
    [
        ("Name", "Name"), ("Team", "Team or service"), ("Kind", "Kind"), ("Phone", "Phone"), ("Email", "E-mail"), ("SecureEmail", "Secure e-mail"), ("Address", "Address"),
        ("Website", "Website"), ("HowToRefer", "How to refer"), ("ResponseDays", "Expected response time (working days)"),
        ("ResponseHours", "Expected response time (hours)"), ("Notes", "Notes"),
        ("Schools", "Schools"),
    ];

    public static Dictionary<string, string?> Values(Agency a) => new()
    {
        ["Name"] = a.Name, ["Team"] = a.Team, ["Kind"] = a.Kind, ["Phone"] = a.Phone, ["Email"] = a.Email, ["SecureEmail"] = a.SecureEmail, ["Address"] = a.Address,
        ["Website"] = a.Website, ["HowToRefer"] = a.HowToRefer, ["ResponseDays"] = a.ResponseDays?.ToString(CultureInfo.InvariantCulture),
        ["ResponseHours"] = a.ResponseHours?.ToString(CultureInfo.InvariantCulture), ["Notes"] = a.Notes,
        ["Schools"] = a.Schools.Count == 0 ? null : string.Join(",", a.Schools.Select(s => s.SchoolId).Order().Select(s => s.ToString(CultureInfo.InvariantCulture))),
    };

    /// <summary>Writes only the changed fields.</summary>
    public static void Apply(Agency a, IReadOnlyDictionary<string, string?> v, IEnumerable<string> changed)
    {
        foreach (var key in changed)
        {
            var value = v[key];
            switch (key)
            {
                case "Name": a.Name = value!; break;
                case "Team": a.Team = value; break;
                case "Kind": a.Kind = value!; break;
                case "Phone": a.Phone = value; break;
                case "Email": a.Email = value; break;
                case "SecureEmail": a.SecureEmail = value; break;
                case "ResponseHours": a.ResponseHours = value is null ? null : int.Parse(value, CultureInfo.InvariantCulture); break;
                case "Address": a.Address = value; break;
                case "Website": a.Website = value; break;
                case "HowToRefer": a.HowToRefer = value; break;
                case "ResponseDays": a.ResponseDays = value is null ? null : int.Parse(value, CultureInfo.InvariantCulture); break;
                case "Notes": a.Notes = value; break;
                case "Schools":
                    var ids = value is null ? [] : value.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
                    a.Schools.RemoveAll(s => !ids.Contains(s.SchoolId));
                    foreach (var id in ids.Where(id => a.Schools.All(s => s.SchoolId != id))) a.Schools.Add(new AgencySchool { SchoolId = id });
                    break;
            }
        }
    }

    /// <summary>A stored value in words, for the conflict view.</summary>
    public static string Words(string key, string? value, IReadOnlyDictionary<int, string> schoolNames) => (key, value) switch
    {
        ("Schools", null) => "Every school in the trust",
        (_, null) => "(empty)",
        ("Kind", _) => AgencyKinds.Name(value),
        ("Schools", _) => string.Join(", ", value.Split(',').Select(s => schoolNames.GetValueOrDefault(int.Parse(s, CultureInfo.InvariantCulture), "another school"))),
        _ => value,
    };
}
