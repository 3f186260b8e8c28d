using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace TypedSockets.WebSockets;

/// <summary>Pieces of the opening handshake (RFC 6455 §4) shared by both roles.</summary>
internal static class WebSocketHandshake
{
    private const string AcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /// <summary>The only protocol version defined by RFC 6455.</summary>
    public const string Version = "13";

    /// <summary><c>Sec-WebSocket-Accept</c> for a <c>Sec-WebSocket-Key</c>: base64(SHA-1(key + GUID)).</summary>
    public static string ComputeAccept(string key)
    {
        Span<byte> input = stackalloc byte[128];
        var written = Encoding.ASCII.GetBytes(key + AcceptGuid, input);
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
        SHA1.HashData(input[..written], hash);
        return Convert.ToBase64String(hash);
    }

    /// <summary>A key is base64 of exactly 16 bytes (24 characters with padding).</summary>
    public static bool IsValidKey(string key)
    {
        Span<byte> decoded = stackalloc byte[18];
        return key.Length == 24 && Convert.TryFromBase64String(key, decoded, out var length) && length == 16;
    }

    /// <summary>A fresh random key.</summary>
    public static string CreateKey()
    {
        Span<byte> key = stackalloc byte[16];
        RandomNumberGenerator.Fill(key);
        return Convert.ToBase64String(key);
    }

    /// <summary>True when a comma-separated header (possibly repeated) lists <paramref name="token"/>, in any case.</summary>
    public static bool ContainsToken(StringValues values, string token)
    {
        foreach (var value in values)
        {
            if (value is null)
            {
                continue;
            }

            foreach (var range in value.AsSpan().Split(','))
            {
                if (value.AsSpan(range).Trim().Equals(token, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
