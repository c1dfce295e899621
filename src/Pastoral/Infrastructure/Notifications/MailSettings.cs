namespace Pastoral.Infrastructure.Notifications;

/// <summary>How TLS is used on the SMTP connection (MailKit's SecureSocketOptions, in plain words).</summary>
public enum MailTls { Auto, None, StartTls, StartTlsWhenAvailable, SslOnConnect }

/// <summary>The <c>Mail</c> settings section (docs/configuration.md).</summary>
public sealed class MailSettings
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public MailTls Tls { get; set; } = MailTls.Auto;
    public string? User { get; set; }
    public string? Password { get; set; }
    public string FromAddress { get; set; } = "pastoral@localhost";
    public string FromName { get; set; } = "Pastoral";
    /// <summary>Write messages as .eml files here instead of sending them (relative: inside the data folder). Used when no host is set.</summary>
    public string? PickupFolder { get; set; }
    /// <summary>The address staff open Pastoral at, for links in e-mails (https://pastoral.school.org).</summary>
    public string PublicUrl { get; set; } = "http://localhost:5080";
    public double PollSeconds { get; set; } = 1;
    public int BatchSize { get; set; } = 25;
    public int MaxAttempts { get; set; } = 10;
    public double FirstRetrySeconds { get; set; } = 30;
    public double MaxRetryMinutes { get; set; } = 60;
    public int TimeoutSeconds { get; set; } = 30;

    public bool UsesPickupFolder => !string.IsNullOrWhiteSpace(PickupFolder) || string.IsNullOrWhiteSpace(Host);

    /// <summary>The wait before attempt <paramref name="attempts"/> + 1: doubling from the first retry, capped.</summary>
    public TimeSpan BackOff(int attempts)
    {
        var seconds = FirstRetrySeconds * Math.Pow(2, Math.Max(0, attempts - 1));
        return TimeSpan.FromSeconds(Math.Min(seconds, MaxRetryMinutes * 60));
    }

    public string Link(string? path) =>
        path is null ? PublicUrl.TrimEnd('/') : PublicUrl.TrimEnd('/') + "/" + path.TrimStart('/');
}
