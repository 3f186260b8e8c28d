namespace TypedSockets.SocketIO;

/// <summary>
/// The rules of <see cref="SocketIOOptions"/>: checked at host start for <c>AddTypedSockets</c>, and by
/// <see cref="SocketIOServer"/>'s constructor for a server made without dependency injection.
/// </summary>
internal static class SocketIOOptionsValidator
{
    public static void Validate(SocketIOOptions options, OptionErrors errors)
    {
        errors.Duration(options.ConnectTimeout, nameof(options.ConnectTimeout));
        errors.NotNegative(options.MaxAttachments, nameof(options.MaxAttachments));
        errors.Positive(options.MaxBinaryPacketBytes, nameof(options.MaxBinaryPacketBytes));
        errors.Positive(options.MaxEventNameLength, nameof(options.MaxEventNameLength));
        errors.Positive(options.MaxPendingEvents, nameof(options.MaxPendingEvents));
        errors.InRange(options.MaxJsonDepth, 1, OptionDefaults.MaxJsonDepthCeiling, nameof(options.MaxJsonDepth));
        errors.NotNegative(options.MaxRoomsPerSocket, nameof(options.MaxRoomsPerSocket));
        var recovery = options.ConnectionStateRecovery;
        var nested = errors.Nested(nameof(options.ConnectionStateRecovery));
        nested.Duration(recovery.MaxDisconnectionDuration, nameof(recovery.MaxDisconnectionDuration));
        nested.Positive(recovery.MaxPacketsPerSession, nameof(recovery.MaxPacketsPerSession));
        nested.Positive(recovery.MaxBytesPerSession, nameof(recovery.MaxBytesPerSession));
        nested.Positive(recovery.MaxPackets, nameof(recovery.MaxPackets));
        nested.Positive(recovery.MaxBytes, nameof(recovery.MaxBytes));
        if (options.Parser is not SocketIOParser.Json and not SocketIOParser.MessagePack)
        {
            errors.Add(nameof(options.Parser), "must be Json or MessagePack");
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming every invalid option.</summary>
    public static void ThrowIfInvalid(SocketIOOptions options, string paramName)
    {
        var errors = new OptionErrors(nameof(SocketIOOptions));
        Validate(options, errors);
        errors.ThrowIfAny(paramName);
    }
}
