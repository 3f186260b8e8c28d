using System.Text.Json;

namespace TypedSockets.SocketIO.Protocol;

/// <summary>Reading a JSON string token that came from a peer, whose escapes need not make valid UTF-16.</summary>
internal static class JsonStrings
{
    /// <summary>
    /// The value of the string token <paramref name="reader"/> is on; null when its escapes are not valid UTF-16 (a
    /// lone surrogate such as <c>"\ud800"</c>, which a JavaScript peer can send), where
    /// <see cref="Utf8JsonReader.GetString"/> throws <see cref="InvalidOperationException"/>.
    /// </summary>
    public static string? TryGetString(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The GUID in the string token <paramref name="reader"/> is on; false, as for any other text, when its escapes are not valid UTF-16.</summary>
    public static bool TryGetGuid(ref Utf8JsonReader reader, out Guid value)
    {
        try
        {
            return reader.TryGetGuid(out value);
        }
        catch (InvalidOperationException)
        {
            value = default;
            return false;
        }
    }

    /// <summary>
    /// <see cref="Utf8JsonReader.ValueTextEquals(ReadOnlySpan{byte})"/> for a token from a peer: false, rather than an
    /// <see cref="InvalidOperationException"/>, when the token's escapes are not valid UTF-16.
    /// </summary>
    public static bool ValueTextEquals(ref Utf8JsonReader reader, ReadOnlySpan<byte> text)
    {
        try
        {
            return reader.ValueTextEquals(text);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
