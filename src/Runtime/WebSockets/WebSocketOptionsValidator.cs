namespace TypedSockets.WebSockets;

/// <summary>The rules of <see cref="WebSocketConnectionOptions"/> in both roles.</summary>
internal static class WebSocketOptionsValidator
{
    // RFC 7230 token characters besides letters and digits; a subprotocol is sent as a token (RFC 6455 §4.1).
    private const string TokenSymbols = "!#$%&'*+-.^_`|~";

    public static void Validate(WebSocketConnectionOptions options, OptionErrors errors)
    {
        errors.Positive(options.MaxMessageSize, nameof(options.MaxMessageSize));
        errors.DurationOrZero(options.KeepAliveInterval, nameof(options.KeepAliveInterval));
        errors.Duration(options.KeepAliveTimeout, nameof(options.KeepAliveTimeout));
        errors.Duration(options.CloseTimeout, nameof(options.CloseTimeout));
        errors.NotNull(options.TimeProvider, nameof(options.TimeProvider));
        if (options is WebSocketServerOptions server)
        {
            ValidateSubProtocols(server.SubProtocols, errors);
        }
        else if (options is WebSocketClientOptions client)
        {
            ValidateSubProtocols(client.SubProtocols, errors);
            errors.Duration(client.ConnectTimeout, nameof(client.ConnectTimeout));
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming every invalid option.</summary>
    public static void ThrowIfInvalid(WebSocketConnectionOptions options, string paramName)
    {
        var errors = new OptionErrors(options.GetType().Name);
        Validate(options, errors);
        errors.ThrowIfAny(paramName);
    }

    private static void ValidateSubProtocols(IList<string> subProtocols, OptionErrors errors)
    {
        for (var i = 0; i < subProtocols.Count; i++)
        {
            if (!IsToken(subProtocols[i]))
            {
                errors.Add($"SubProtocols:{i}", $"('{subProtocols[i]}') must be an HTTP token");
            }
        }
    }

    private static bool IsToken(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && !TokenSymbols.Contains(c))
            {
                return false;
            }
        }

        return true;
    }
}
