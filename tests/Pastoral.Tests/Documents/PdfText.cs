using System.Diagnostics;

namespace Pastoral.Tests.Documents;

/// <summary>The text of a PDF, as pdftotext (Debian poppler-utils, installed by scripts/test.sh) reads it: proves the text is selectable.</summary>
public static class PdfText
{
    public static async Task<string> OfAsync(byte[] pdf)
    {
        Assert.True(pdf.Length > 4 && pdf[0] == (byte)'%' && pdf[1] == (byte)'P' && pdf[2] == (byte)'D' && pdf[3] == (byte)'F', "Not a PDF");
        var path = Path.Combine(Path.GetTempPath(), $"pastoral-test-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, pdf);
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pdftotext", ["-layout", path, "-"])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            })!;
            var text = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"pdftotext failed: {await process.StandardError.ReadToEndAsync()}");
            return text;
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Pages in the PDF, as pdfinfo counts them.</summary>
    public static async Task<int> PagesAsync(byte[] pdf)
    {
        var path = Path.Combine(Path.GetTempPath(), $"pastoral-test-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, pdf);
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pdfinfo", [path]) { RedirectStandardOutput = true, UseShellExecute = false })!;
            var info = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            var line = info.Split('\n').Single(l => l.StartsWith("Pages:", StringComparison.Ordinal));
            return int.Parse(line["Pages:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
