using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace TypedSockets.WebSockets;

/// <summary>
/// Pieces of the opening handshake (RFC 6455 §4) shared by both roles and by every server path (the HTTP
/// upgrade, and the host's fast path that reads the request head as raw bytes).
/// </summary>
internal static class WebSocketHandshake
{
    private static ReadOnlySpan<byte> AcceptGuid => "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"u8;

    /// <summary>The only protocol version defined by RFC 6455.</summary>
    public const string Version = "13";

    /// <summary>Length of a <c>Sec-WebSocket-Key</c>: base64 of 16 bytes.</summary>
    public const int KeyLength = 24;

    /// <summary>Length of a <c>Sec-WebSocket-Accept</c>: base64 of a SHA-1 hash.</summary>
    public const int AcceptLength = 28;

    /// <summary>
    /// Writes the <c>Sec-WebSocket-Accept</c> for a valid <paramref name="key"/> (see <see cref="IsValidKey(ReadOnlySpan{byte})"/>)
    /// into <paramref name="accept"/> (<see cref="AcceptLength"/> bytes): base64(SHA-1(key + GUID)).
    /// </summary>
    public static void WriteAccept(ReadOnlySpan<byte> key, Span<byte> accept)
    {
        Span<byte> input = stackalloc byte[KeyLength + 36];
        key.CopyTo(input);
        AcceptGuid.CopyTo(input[key.Length..]);
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
        SHA1.HashData(input[..(key.Length + AcceptGuid.Length)], hash);
        Base64.EncodeToUtf8(hash, accept, out _, out _);
    }

    /// <summary><c>Sec-WebSocket-Accept</c> for a valid <c>Sec-WebSocket-Key</c>.</summary>
    public static string ComputeAccept(string key)
    {
        Span<byte> keyBytes = stackalloc byte[KeyLength];
        if (key.Length != KeyLength || Ascii.FromUtf16(key, keyBytes, out _) != OperationStatus.Done)
        {
            throw new ArgumentException("A Sec-WebSocket-Key is 24 ASCII characters.", nameof(key));
        }

        Span<byte> accept = stackalloc byte[AcceptLength];
        WriteAccept(keyBytes, accept);
        return Encoding.ASCII.GetString(accept);
    }

    /// <summary>A key is base64 of exactly 16 bytes (24 characters with padding).</summary>
    public static bool IsValidKey(ReadOnlySpan<byte> key)
    {
        Span<byte> decoded = stackalloc byte[18];
        return key.Length == KeyLength && Base64.DecodeFromUtf8(key, decoded, out _, out var written) == OperationStatus.Done && written == 16;
    }

    /// <inheritdoc cref="IsValidKey(ReadOnlySpan{byte})"/>
    public static bool IsValidKey(string key)
    {
        Span<byte> keyBytes = stackalloc byte[KeyLength];
        return key.Length == KeyLength && Ascii.FromUtf16(key, keyBytes, out _) == OperationStatus.Done && IsValidKey(keyBytes);
    }

    /// <summary>A fresh random key.</summary>
    public static string CreateKey()
    {
        Span<byte> key = stackalloc byte[16];
        RandomNumberGenerator.Fill(key);
        return Convert.ToBase64String(key);
    }

    /// <summary>True when a comma-separated header (possibly repeated) lists <paramref name="token"/>, in any ASCII case.</summary>
    public static bool ContainsToken(StringValues values, string token)
    {
        foreach (var value in values)
        {
            if (value is not null && ContainsToken(value.AsSpan(), token.AsSpan()))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when a comma-separated header value, as raw bytes, lists <paramref name="token"/>, in any ASCII case.</summary>
    public static bool ContainsToken(ReadOnlySpan<byte> value, ReadOnlySpan<byte> token)
    {
        // The same rule as for header text below: elements split on commas, optional whitespace trimmed.
        foreach (var range in value.Split((byte)','))
        {
            if (Ascii.EqualsIgnoreCase(value[range].Trim(" \t"u8), token))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ContainsToken(ReadOnlySpan<char> value, ReadOnlySpan<char> token)
    {
        foreach (var range in value.Split(','))
        {
            if (Ascii.EqualsIgnoreCase(value[range].Trim(" \t"), token))
            {
                return true;
            }
        }

        return false;
    }
}
