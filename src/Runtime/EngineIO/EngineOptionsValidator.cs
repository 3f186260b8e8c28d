namespace TypedSockets.EngineIO;

/// <summary>
/// The rules of <see cref="EngineOptions"/>: checked at host start for <c>AddTypedSockets</c>, and by
/// <see cref="EngineServer"/>'s constructor for a server made without dependency injection.
/// </summary>
internal static class EngineOptionsValidator
{
    public static void Validate(EngineOptions options, OptionErrors errors)
    {
        errors.Duration(options.PingInterval, nameof(options.PingInterval));
        errors.Duration(options.PingTimeout, nameof(options.PingTimeout));
        errors.Duration(options.UpgradeTimeout, nameof(options.UpgradeTimeout));
        errors.Duration(options.DrainTimeout, nameof(options.DrainTimeout));
        errors.NotNegative(options.MaxConnectionsPerAddress, nameof(options.MaxConnectionsPerAddress));
        errors.NotNegative(options.MaxNewConnectionsPerAddress, nameof(options.MaxNewConnectionsPerAddress));
        errors.Duration(options.NewConnectionWindow, nameof(options.NewConnectionWindow));
        errors.Positive(options.MaxPayload, nameof(options.MaxPayload));
        errors.Positive(options.MaxOutboundBytes, nameof(options.MaxOutboundBytes));
        if ((options.Transports & EngineTransports.All) == 0)
        {
            errors.Add(nameof(options.Transports), "must enable at least one transport (Polling, WebSocket)");
        }
        else if ((options.Transports & ~EngineTransports.All) != 0)
        {
            errors.Add(nameof(options.Transports), $"({(int)options.Transports}) names a transport that does not exist");
        }

        var origins = options.AllowedOrigins;
        for (var i = 0; i < origins.Count; i++)
        {
            if (!IsOrigin(origins[i]))
            {
                errors.Add($"{nameof(options.AllowedOrigins)}:{i}", $"('{origins[i]}') must be \"*\" or an origin scheme://host[:port] without a path");
            }
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming every invalid option.</summary>
    public static void ThrowIfInvalid(EngineOptions options, string paramName)
    {
        var errors = new OptionErrors(nameof(EngineOptions));
        Validate(options, errors);
        errors.ThrowIfAny(paramName);
    }

    // What a browser sends in Origin: scheme, host and port only. An entry with a path or a query never matches one.
    private static bool IsOrigin(string? origin)
    {
        if (origin == "*")
        {
            return true;
        }

        return !string.IsNullOrWhiteSpace(origin)
            && origin.Contains("://", StringComparison.Ordinal)
            && Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && uri.HostNameType != UriHostNameType.Unknown
            && uri.Host.Length > 0
            && uri.UserInfo.Length == 0
            && uri.AbsolutePath == "/"
            && uri.Query.Length == 0
            && uri.Fragment.Length == 0;
    }
}
