using TypedSockets.SocketIO;
using TypedSockets.WebSockets;

namespace TypedSockets.Client;

/// <summary>The rules of <see cref="SocketIOClientOptions"/>, checked when a <see cref="SocketIOClient"/> is made.</summary>
internal static class SocketIOClientOptionsValidator
{
    public static void Validate(SocketIOClientOptions options, OptionErrors errors)
    {
        if (string.IsNullOrEmpty(options.Path) || options.Path[0] != '/')
        {
            errors.Add(nameof(options.Path), $"('{options.Path}') must start with '/'");
        }

        errors.Duration(options.ConnectTimeout, nameof(options.ConnectTimeout));
        errors.Duration(options.AckTimeout, nameof(options.AckTimeout));
        errors.Duration(options.ReconnectionDelay, nameof(options.ReconnectionDelay));
        errors.Duration(options.ReconnectionDelayMax, nameof(options.ReconnectionDelayMax));
        if (options.ReconnectionDelayMax < options.ReconnectionDelay)
        {
            errors.Add(nameof(options.ReconnectionDelayMax), $"must not be less than {nameof(options.ReconnectionDelay)}");
        }

        if (!(options.RandomizationFactor is >= 0 and <= 1))
        {
            errors.Add(nameof(options.RandomizationFactor), "must be between 0 and 1");
        }

        if (options.Transports == 0 || (options.Transports & ~SocketIOTransports.PollingThenWebSocket) != 0)
        {
            errors.Add(nameof(options.Transports), $"('{options.Transports}') must be Polling, WebSocket or both");
        }

        if (options.Parser is not (SocketIOParser.Json or SocketIOParser.MessagePack))
        {
            errors.Add(nameof(options.Parser), $"('{options.Parser}') must be Json or MessagePack");
        }

        errors.Positive(options.ReconnectionAttempts, nameof(options.ReconnectionAttempts));
        errors.Positive(options.MaxBufferedEmits, nameof(options.MaxBufferedEmits));
        errors.Positive(options.MaxBufferedBytes, nameof(options.MaxBufferedBytes));
        if (options.AuthJson is not null && !IsJsonObject(options.AuthJson))
        {
            errors.Add(nameof(options.AuthJson), "must be a JSON object");
        }

        errors.NotNull(options.TimeProvider, nameof(options.TimeProvider));
        if (options.WebSocket is null)
        {
            errors.Add(nameof(options.WebSocket), "must be set");
        }
        else
        {
            WebSocketOptionsValidator.Validate(options.WebSocket, errors.Nested(nameof(options.WebSocket)));
        }
    }

    private static bool IsJsonObject(string json)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(json);
            return document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming every invalid option.</summary>
    public static void ThrowIfInvalid(SocketIOClientOptions options, string paramName)
    {
        var errors = new OptionErrors(nameof(SocketIOClientOptions));
        Validate(options, errors);
        errors.ThrowIfAny(paramName);
    }
}
