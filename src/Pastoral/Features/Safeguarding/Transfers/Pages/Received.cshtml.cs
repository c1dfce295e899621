using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Pastoral.Data;
using Pastoral.Features.Safeguarding.Orders;
using Pastoral.Infrastructure;
using Pastoral.Infrastructure.Attachments;
using Pastoral.Security;

namespace Pastoral.Features.Safeguarding.Transfers.Pages;

/// <summary>
/// Attach a CP file received from a previous school (a DSL or deputy of the pupil's school; anyone else: 404): the sending school,
/// the date received and the file, through the shared attachment store (its types and size limit), restricted on the new
/// <see cref="ReceivedCpFile"/> record. Nothing is saved unless both the details and the file pass their checks.
/// </summary>
[Authorize(Policy = Policies.ViewPupils)]
[RequestSizeLimit(AttachmentSettings.RequestLimitBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = AttachmentSettings.RequestLimitBytes)]
[AttachmentTooLarge]
public sealed class ReceivedModel(PastoralDbContext db, CurrentStaff current, PupilSafeguardingRecords records, RestrictedAccess restricted, AttachmentStore store,
    SchoolClock clock) : PageModel
{
    public static readonly ReceivedCpFileForm Form = new();

    [BindProperty] public Dictionary<string, string?> Values { get; set; } = [];
    [BindProperty] public IFormFile? Upload { get; set; }
    public OrderPupil Pupil { get; private set; } = null!;
    public int MaxMegabytes => store.MaxMegabytes;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } missing) return missing;
        Values = Form.Defaults(clock.LocalNow());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } missing) return missing;
        var staff = await current.GetAsync(ct);
        var clean = Form.Clean(Pupil, Values);
        foreach (var (key, message) in Form.Check(Pupil, clean, clock.Today())) ModelState.AddModelError(key, message);
        byte[] bytes = [];
        if (Upload is null) ModelState.AddModelError(nameof(Upload), "Choose the file the previous school sent.");
        else if (Upload.Length > store.MaxBytes)
            ModelState.AddModelError(nameof(Upload), $"The file is {AttachmentStore.Megabytes(Upload.Length)}: files can be at most {store.MaxMegabytes} MB.");
        else
        {
            using var buffer = new MemoryStream();
            await Upload.CopyToAsync(buffer, ct);
            bytes = buffer.ToArray();
            var (problem, _) = store.Prepare(staff, new NewAttachment(ReceivedCpFile.RecordType, 0, id, true, Title(clean), "CP file received", Upload.FileName, bytes));
            if (problem is not null) ModelState.AddModelError(nameof(Upload), problem.Problem!);
        }
        if (!ModelState.IsValid) { Response.StatusCode = 400; return Page(); }

        var record = (ReceivedCpFile)Form.New(id, staff.Name, clock.UtcNow);
        Form.Apply(record, clean);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Add(record);
        await db.SaveChangesAsync(ct);
        db.Add(store.Prepare(staff, new NewAttachment(ReceivedCpFile.RecordType, record.Id, id, true, Title(clean), "CP file received", Upload!.FileName, bytes)).Attachment!);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Redirect($"/pupils/{id}/safeguarding/records?saved={Form.Slug}#{Form.Slug}");
    }

    private static string Title(IReadOnlyDictionary<string, string?> v) => $"CP file from {v[ReceivedCpFileForm.School] ?? "the previous school"}";

    private async Task<IActionResult?> LoadAsync(int id, CancellationToken ct)
    {
        var staff = await current.GetAsync(ct);
        if (await restricted.TierSchoolAsync(staff, id, ct) is null || await records.PupilAsync(staff, id, ct) is not { } pupil) return NotFound();
        Pupil = pupil;
        return null;
    }
}
