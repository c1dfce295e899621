using System.Security.Cryptography;

namespace Pastoral.Security;

/// <summary>RFC 6238 codes (SHA-1, 30 s, 6 digits) as authenticator apps and ASP.NET Identity compute them.</summary>
public static class Totp
{
    public static long StepAt(DateTimeOffset at) => at.ToUnixTimeSeconds() / 30;

    public static string Code(string base32Key, DateTimeOffset at) => CodeForStep(base32Key, StepAt(at));

    public static string CodeForStep(string base32Key, long step)
    {
        var key = Base32Decode(base32Key);
        var counter = step;
        Span<byte> message = stackalloc byte[8];
        for (var i = 7; i >= 0; i--) { message[i] = (byte)(counter & 0xff); counter >>= 8; }
#pragma warning disable CA5350 // RFC 6238 and every authenticator app use HMAC-SHA1
        var hash = HMACSHA1.HashData(key, message);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6");
    }

    private static byte[] Base32Decode(string input)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var clean = input.Trim().TrimEnd('=').Replace(" ", "").ToUpperInvariant();
        var bytes = new List<byte>(clean.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in clean)
        {
            var v = alphabet.IndexOf(c);
            if (v < 0) throw new FormatException("The authenticator key is not base32.");
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) { bytes.Add((byte)(buffer >> (bits - 8))); bits -= 8; }
        }
        return [.. bytes];
    }
}
