using System.Text;
using System.Text.Json;
using TypedSockets.SocketIO;

namespace TypedSockets.Hubs;

/// <summary>
/// Finds a bearer token in a connection's handshake, in socket.io's and SignalR's places, first found wins: the
/// CONNECT <c>auth</c> payload's token property, the <c>Authorization: Bearer</c> header, the <c>access_token</c>
/// query parameter.
/// </summary>
internal static class BearerTokenReader
{
    public static string? Find(Socket socket, string authProperty)
    {
        if (FromAuth(socket.Auth.Span, authProperty) is { Length: > 0 } fromAuth)
        {
            return fromAuth;
        }

        var handshake = socket.Handshake;
        var authorization = handshake.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization.Length > 7)
        {
            return authorization[7..].Trim();
        }

        var query = handshake.Query["access_token"].ToString();
        return query.Length > 0 ? query : null;
    }

    /// <summary>The string value of <paramref name="property"/> in a top-level JSON object; null for anything else (bad JSON included).</summary>
    private static string? FromAuth(ReadOnlySpan<byte> json, string property)
    {
        if (json.Length < 2)
        {
            return null;
        }

        var name = Encoding.UTF8.GetBytes(property);
        var reader = new Utf8JsonReader(json);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var matches = reader.ValueTextEquals(name);
                reader.Read();
                if (matches)
                {
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // The payload was checked as JSON by the parser; a value that is not what we expect carries no token.
        }

        return null;
    }
}
