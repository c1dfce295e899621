using System.Text;
using Pastoral.Infrastructure.Attachments;

namespace Pastoral.Tests.Documents;

/// <summary>What a file is, by its bytes; and the name it is stored and offered under.</summary>
public sealed class FileContentTests
{
    [Fact]
    public void Types_are_decided_by_content()
    {
        Assert.Same(FileContent.Pdf, FileContent.Detect(AttachmentTests.Pdf));
        Assert.Same(FileContent.Png, FileContent.Detect(AttachmentTests.Png));
        Assert.Same(FileContent.Jpeg, FileContent.Detect([0xFF, 0xD8, 0xFF, 0xE0, 0, 16]));
        Assert.Same(FileContent.Docx, FileContent.Detect(AttachmentTests.ZipWith("[Content_Types].xml", "word/document.xml")));
        Assert.Same(FileContent.Xlsx, FileContent.Detect(AttachmentTests.ZipWith("[Content_Types].xml", "xl/workbook.xml")));
        Assert.Null(FileContent.Detect(AttachmentTests.ZipWith("word/document.xml"))); // no content types: not an Office file
        Assert.Null(FileContent.Detect(AttachmentTests.ZipWith("[Content_Types].xml", "ppt/presentation.xml")));
        Assert.Same(FileContent.Text, FileContent.Detect(Encoding.UTF8.GetBytes("Notes from the meeting\r\n\tfollow-up: Tuesday")));
        Assert.Null(FileContent.Detect([0x4D, 0x5A, 0x90, 0x00]));                         // a Windows program
        Assert.Null(FileContent.Detect(Encoding.UTF8.GetBytes("text with a \u0007 bell")));
        Assert.Null(FileContent.Detect([0xC3, 0x28]));                                       // not UTF-8
        Assert.Null(FileContent.Detect([]));
    }

    [Theory]
    [InlineData("../../etc/passwd.pdf", "passwd.pdf")]
    [InlineData("C:\\Users\\head\\Desktop\\EHCP final.pdf", "EHCP final.pdf")]
    [InlineData("bad\u0001name<>.pdf", "bad name.pdf")]
    [InlineData("no extension", "no extension.pdf")]
    [InlineData("...", "document.pdf")]
    [InlineData("", "document.pdf")]
    public void Names_keep_only_the_last_part_without_control_or_reserved_characters(string given, string stored) =>
        Assert.Equal(stored, FileContent.SafeName(given, FileContent.Pdf));

    [Fact]
    public void Long_names_are_cut_and_keep_their_extension()
    {
        var name = FileContent.SafeName(new string('a', 300) + ".docx", FileContent.Docx);
        Assert.Equal(Attachment.FileNameMaxLength, name.Length);
        Assert.EndsWith(".docx", name, StringComparison.Ordinal);
        Assert.Equal("photo.JPEG", FileContent.SafeName("photo.JPEG", FileContent.Jpeg));
    }
}
