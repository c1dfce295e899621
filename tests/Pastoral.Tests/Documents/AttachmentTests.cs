using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Pastoral.Data;
using Pastoral.Features.Safeguarding;
using Pastoral.Infrastructure.Attachments;
using Pastoral.Security;
using Pastoral.Security.Audit;
using Pastoral.Tests.Infrastructure;

namespace Pastoral.Tests.Documents;

/// <summary>The attachment store through its first consumer, the Documents section of the profile: checks by content, scope, restricted reads, audit.</summary>
public abstract partial class AttachmentTests(AppFixture app)
{
    public static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

    [Fact]
    public async Task A_document_added_on_the_profile_is_listed_with_who_added_it_and_downloads_as_an_attachment()
    {
        var pupil = await PupilInYearAsync(7);
        var senco = await app.SignedInAsync("senco");
        var before = await CountAsync(pupil);
        var response = await UploadAsync(senco, pupil, "SaLT assessment, October", "SaLT report", "salt report.pdf", Pdf);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/pupils/{pupil}#documents", response.Headers.Location!.OriginalString);
        Assert.Equal(before + 1, await CountAsync(pupil));

        var profile = await senco.GetStringAsync($"/pupils/{pupil}");
        Assert.Contains("SaLT assessment, October", profile, StringComparison.Ordinal);
        Assert.Contains("added by Sol Senco", profile, StringComparison.Ordinal);
        var id = int.Parse(DownloadLink().Match(profile).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        var teacher = app.Client(await app.TokenForAsync("teacher79")); // teaches Year 7: sees the pupil, so may download
        var download = await teacher.GetAsync($"/attachments/{id}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("salt report.pdf", download.Content.Headers.ContentDisposition.FileNameStar ?? download.Content.Headers.ContentDisposition.FileName?.Trim('"'));
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.EntityType == nameof(Attachment) && a.EntityId == id.ToString() && a.Action == AuditActions.Created && a.PupilId == pupil)));
    }

    [Theory]
    [InlineData("report.pdf", "png", "is named as a PDF file but its content is a PNG image")]
    [InlineData("tool.exe", "exe", "is not a type Pastoral keeps")]
    [InlineData("plan.docx", "zip", "is not a type Pastoral keeps")]
    [InlineData("empty.pdf", "empty", "the one chosen is empty")]
    public async Task A_file_of_the_wrong_type_or_with_a_lying_name_is_refused_with_a_clear_message_and_nothing_is_saved(string name, string content, string message)
    {
        var pupil = await PupilInYearAsync(7);
        var senco = await app.SignedInAsync("senco");
        var before = await CountAsync(pupil);
        var bytes = content switch
        {
            "png" => Png,
            "exe" => [(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF],
            "zip" => ZipWith("readme.md"),
            _ => [],
        };
        var response = await UploadAsync(senco, pupil, "Something", "Other", name, bytes);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync(pupil));
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_in_megabytes()
    {
        var pupil = await PupilInYearAsync(7);
        var senco = await app.SignedInAsync("senco");
        var max = await app.WithServicesAsync(sp => Task.FromResult(sp.GetRequiredService<AttachmentStore>().MaxBytes));
        var big = new byte[max + 1];
        Pdf.CopyTo(big, 0);
        var response = await UploadAsync(senco, pupil, "Big", "Other", "big.pdf", big);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"files can be at most {max / (1024 * 1024)} MB", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Downloads_follow_the_pupils_scope_and_adding_and_removing_follow_the_permission_table()
    {
        var year8 = await PupilInYearAsync(8);
        var id = await AddDirectAsync("senco", year8, restricted: false);
        var hoy7 = app.Client(await app.TokenForAsync("hoy7"));
        Assert.Equal(HttpStatusCode.NotFound, (await hoy7.GetAsync($"/attachments/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client(await app.TokenForAsync("hoy8")).GetAsync($"/attachments/{id}")).StatusCode);
        var teacher = app.Client(await app.TokenForAsync("teacher"));
        Assert.Equal(HttpStatusCode.Forbidden, (await teacher.GetAsync($"/pupils/{year8}/documents/add")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await teacher.GetAsync($"/pupils/{year8}/documents/{id}/remove")).StatusCode);
        Assert.DoesNotContain("Add a document", await teacher.GetStringAsync($"/pupils/{year8}"), StringComparison.Ordinal);
        var governor = app.Client(await app.TokenForAsync("governor"));
        Assert.Equal(HttpStatusCode.Forbidden, (await governor.GetAsync($"/attachments/{id}")).StatusCode);
    }

    [Fact]
    public async Task Removing_a_document_erases_its_file_and_is_audited()
    {
        var pupil = await PupilInYearAsync(9);
        var id = await AddDirectAsync("senco", pupil, restricted: false);
        var senco = await app.SignedInAsync("senco");
        Assert.Contains("Remove document", await senco.GetStringAsync($"/pupils/{pupil}/documents/{id}/remove"), StringComparison.Ordinal);
        var removed = await WebSignIn.PostFormAsync(senco, $"/pupils/{pupil}/documents/{id}/remove", []);
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await senco.GetAsync($"/attachments/{id}")).StatusCode);
        var row = await app.WithDbAsync(db => db.Set<Attachment>().AsNoTracking().SingleAsync(a => a.Id == id));
        Assert.Empty(row.Content);
        Assert.Equal("Sol Senco", row.RemovedByName);
        Assert.Equal(1, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.EntityType == nameof(Attachment) && a.EntityId == id.ToString() && a.Action == AuditActions.Deleted)));
        var timeline = await app.Client(await app.TokenForAsync("teacher79")).GetStringAsync($"/api/v1/pupils/{pupil}/timeline");
        Assert.Contains("Document added: Strategy meeting notes", timeline, StringComparison.Ordinal);
        Assert.Contains("Document removed: Strategy meeting notes", timeline, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_attachment_on_a_restricted_record_is_downloaded_only_by_its_readers_and_every_download_is_audited()
    {
        var pupil = await PupilInYearAsync(10);
        await app.WithDbAsync(async db =>
        {
            db.Set<ChildProtectionRecord>().Add(new ChildProtectionRecord
            {
                PupilId = pupil, Status = ChildProtectionStatus.Cin, StartDate = new DateOnly(2026, 10, 1), RecordedAt = DateTime.UtcNow, RecordedByName = "Dana Lead",
            });
            await db.SaveChangesAsync();
        });
        var id = await AddDirectAsync("dsl", pupil, restricted: true);
        Assert.True(id > 0);
        var head = app.Client(await app.TokenForAsync("head"));
        Assert.Equal(HttpStatusCode.NotFound, (await head.GetAsync($"/attachments/{id}")).StatusCode);
        Assert.DoesNotContain($"/attachments/{id}\"", await (await app.SignedInAsync("senco")).GetStringAsync($"/pupils/{pupil}"), StringComparison.Ordinal);
        var dsl = app.Client(await app.TokenForAsync("dsl"));
        Assert.Equal(HttpStatusCode.OK, (await dsl.GetAsync($"/attachments/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await dsl.GetAsync($"/attachments/{id}")).StatusCode);
        Assert.Equal(2, await app.WithDbAsync(db => db.AuditEntries.CountAsync(a =>
            a.PupilId == pupil && a.Action == AuditActions.ViewedRestricted && a.Detail == $"downloaded attachment {id}")));
        Assert.DoesNotContain("Strategy meeting notes", await head.GetStringAsync($"/api/v1/pupils/{pupil}/timeline"), StringComparison.Ordinal);
        Assert.DoesNotContain("Strategy meeting notes", await dsl.GetStringAsync($"/api/v1/pupils/{pupil}/timeline"), StringComparison.Ordinal);
    }

    private async Task<int> AddDirectAsync(string local, int pupil, bool restricted) => await app.WithServicesAsync(async sp =>
    {
        var db = sp.GetRequiredService<PastoralDbContext>();
        var user = await db.Users.Where(u => u.Email == $"{local}@{AppFixture.Domain}").Select(u => u.Id).SingleAsync();
        var staff = (await CurrentStaff.LoadAsync(db, user, app.Clock))!;
        var record = restricted ? ChildProtection.RecordOf(pupil) : new RestrictedRecord(Attachment.PupilRecord, pupil, pupil);
        var result = await sp.GetRequiredService<AttachmentStore>().AddAsync(staff,
            new NewAttachment(record.Type, record.Id, pupil, restricted, "Strategy meeting notes", "Other", "notes.pdf", Pdf), default);
        Assert.True(result.Id is not null, result.Problem);
        return result.Id!.Value;
    });

    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, int pupil, string title, string kind, string fileName, byte[] bytes)
    {
        var page = await client.GetStringAsync($"/pupils/{pupil}/documents/add");
        var token = WebUtility.HtmlDecode(Antiforgery().Match(page).Groups[1].Value);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(title), "DocumentTitle" },
            { new StringContent(kind), "Kind" },
        };
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "Upload", fileName);
        return await client.PostAsync($"/pupils/{pupil}/documents/add", form);
    }

    public static byte[] ZipWith(params string[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
            foreach (var e in entries)
                using (var w = new StreamWriter(zip.CreateEntry(e).Open())) w.Write("<x/>");
        return buffer.ToArray();
    }

    private Task<int> PupilInYearAsync(int year) =>
        app.WithDbAsync(db => db.Pupils.Where(p => p.YearGroup!.NcYear == year).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync());

    private Task<int> CountAsync(int pupil) => app.WithDbAsync(db => db.Set<Attachment>().CountAsync(a => a.PupilId == pupil));

    [GeneratedRegex("href=\"/attachments/(\\d+)\"")]
    private static partial Regex DownloadLink();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();
}

/// <summary>A 1 MB limit, so the over-the-limit test sends a small file.</summary>
public sealed class SmallUploadSqliteApp() : AppFixture(DatabaseProvider.Sqlite)
{
    protected override void ConfigureServices(IServiceCollection services) => services.Configure<AttachmentSettings>(o => o.MaxMegabytes = 1);
}

public sealed class SmallUploadPostgresApp() : AppFixture(DatabaseProvider.Postgres)
{
    protected override void ConfigureServices(IServiceCollection services) => services.Configure<AttachmentSettings>(o => o.MaxMegabytes = 1);
}

public sealed class AttachmentTests_Sqlite(SmallUploadSqliteApp app) : AttachmentTests(app), IClassFixture<SmallUploadSqliteApp>;
public sealed class AttachmentTests_Postgres(SmallUploadPostgresApp app) : AttachmentTests(app), IClassFixture<SmallUploadPostgresApp>;

/// <summary>An upload larger than the form accepts at all: the 413 page, not a bare 400 or a 500 (checked with a raw request that declares its size).</summary>
public sealed class OversizeUploadTests(Pastoral.Tests.Infrastructure.SqliteApp app) : IClassFixture<Pastoral.Tests.Infrastructure.SqliteApp>
{
    [Fact]
    public async Task A_request_over_the_forms_limit_gets_the_413_page()
    {
        var pupil = await app.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(db.Pupils.Select(p => p.Id)));
        var token = await app.TokenForAsync("senco");
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(app.BaseAddress.Host, app.BaseAddress.Port);
        await using var stream = tcp.GetStream();
        var head = $"POST /pupils/{pupil}/documents/add HTTP/1.1\r\nHost: {app.BaseAddress.Authority}\r\nAuthorization: Bearer {token}\r\n" +
            $"Content-Type: multipart/form-data; boundary=xyz\r\nContent-Length: {AttachmentSettings.RequestLimitBytes + 1000}\r\nConnection: close\r\n\r\n--xyz\r\n";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head));
        using var reader = new StreamReader(stream);
        var response = await reader.ReadToEndAsync();
        Assert.StartsWith("HTTP/1.1 413", response, StringComparison.Ordinal);
        Assert.Contains("The file is too large", response, StringComparison.Ordinal);
        // The attachment form's own words and limit, not the pupil import's advice about year groups.
        Assert.Contains("The file is larger than the 20 MB limit", response, StringComparison.Ordinal);
        Assert.DoesNotContain("year group", response, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_timetable_import_413_page_says_its_own_limit()
    {
        var token = await app.TokenForAsync("admin");
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(app.BaseAddress.Host, app.BaseAddress.Port);
        await using var stream = tcp.GetStream();
        var head = $"POST /admin/teaching-groups HTTP/1.1\r\nHost: {app.BaseAddress.Authority}\r\nAuthorization: Bearer {token}\r\n" +
            $"Content-Type: multipart/form-data; boundary=xyz\r\nContent-Length: {5_000_000}\r\nConnection: close\r\n\r\n--xyz\r\n";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head));
        using var reader = new StreamReader(stream);
        var response = await reader.ReadToEndAsync();
        Assert.StartsWith("HTTP/1.1 413", response, StringComparison.Ordinal);
        Assert.Contains("The file is larger than the 2 MB limit", response, StringComparison.Ordinal);
    }
}
