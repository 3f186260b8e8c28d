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

    /// <summary>Throws <see cref="ArgumentException"/> naming every invalid option.</summary>
    public static void ThrowIfInvalid(SocketIOClientOptions options, string paramName)
    {
        var errors = new OptionErrors(nameof(SocketIOClientOptions));
        Validate(options, errors);
        errors.ThrowIfAny(paramName);
    }
}
