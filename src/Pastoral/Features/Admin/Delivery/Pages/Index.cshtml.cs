using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Charts;
using Pastoral.Infrastructure.Notifications;

namespace Pastoral.Features.Admin.Delivery.Pages;

public sealed record DeliveryRow(long Id, string To, string Kind, string Subject, MailStatus Status, int Attempts, DateTime CreatedAt,
    DateTime? SentAt, DateTime NextAttemptAt, string? LastError);

[Authorize(Policy = DeliveryModule.Policy)]
public sealed class IndexModel(PastoralDbContext db, TimeProvider clock) : PageModel
{
    public const int PageSize = 50;
    public const int ChartDays = 14;

    public List<DeliveryRow> Rows { get; private set; } = [];
    public Dictionary<MailStatus, int> Counts { get; private set; } = [];
    public int Total { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public MailStatus? Status { get; private set; }
    public ChartData Chart { get; private set; } = null!;
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? status, int? page, long? retried, CancellationToken ct)
    {
        if (page is < 1) return BadRequest();
        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<MailStatus>(status, true, out var s) || !Enum.IsDefined(s)) return BadRequest();
            Status = s;
        }
        PageNumber = page ?? 1;
        if (retried is not null) Message = "The e-mail is queued again and will be sent within a few seconds.";
        var mails = db.Set<OutgoingMail>().AsNoTracking();
        Counts = await mails.GroupBy(m => m.Status).Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.N, ct);
        var shown = Status is { } only ? mails.Where(m => m.Status == only) : mails;
        Total = await shown.CountAsync(ct);
        Rows = await shown.OrderByDescending(m => m.Id).Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(m => new DeliveryRow(m.Id, m.ToAddress, m.Kind, m.Subject, m.Status, m.Attempts, m.CreatedAt, m.SentAt, m.NextAttemptAt, m.LastError))
            .ToListAsync(ct);
        Chart = await SentPerDayAsync(ct);
        return Page();
    }

    /// <summary>Puts a failed e-mail back in the outbox with a fresh set of attempts (same Message-ID).</summary>
    public async Task<IActionResult> OnPostRetryAsync(long id, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = await db.Set<OutgoingMail>().Where(m => m.Id == id && m.Status == MailStatus.Failed).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, MailStatus.Queued).SetProperty(m => m.Attempts, 0).SetProperty(m => m.NextAttemptAt, now), ct);
        if (changed == 0) return NotFound();
        db.Audit("MailRetried", nameof(OutgoingMail), id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await db.SaveChangesAsync(ct);
        return RedirectToPage(new { status = "Failed", retried = id });
    }

    private async Task<ChartData> SentPerDayAsync(CancellationToken ct)
    {
        var today = SchoolClock.ToLocal(clock.GetUtcNow().UtcDateTime).Date;
        var from = DateTime.SpecifyKind(today.AddDays(-ChartDays), DateTimeKind.Utc); // a day early: local midnight may be UTC's evening
        var sent = await db.Set<OutgoingMail>().AsNoTracking().Where(m => m.Status == MailStatus.Sent && m.SentAt >= from)
            .Select(m => m.SentAt!.Value).ToListAsync(ct);
        var days = Enumerable.Range(0, ChartDays).Select(i => today.AddDays(i - ChartDays + 1)).ToList();
        var perDay = sent.GroupBy(t => SchoolClock.ToLocal(t).Date).ToDictionary(g => g.Key, g => g.Count());
        return new ChartData("sent-per-day", $"E-mails sent per day, last {ChartDays} days",
            [.. days.Select(d => d.ToString("ddd d MMM", System.Globalization.CultureInfo.GetCultureInfo("en-GB")))],
            [new ChartSeries("Sent", [.. days.Select(d => (double)perDay.GetValueOrDefault(d))])]) { LabelHeading = "Day" };
    }

    public string Link(int page) => Status is { } s ? $"/admin/delivery?status={s}&page={page}" : $"/admin/delivery?page={page}";
}
