namespace TypedSockets.Hubs;

/// <summary>The rules of <see cref="HubOptions"/>.</summary>
internal static class HubOptionsValidator
{
    public static void Validate(HubOptions options, OptionErrors errors)
    {
        // A client result waits with this timeout; Clients.WithTimeout refuses the same values.
        errors.Duration(options.ClientResultTimeout, nameof(options.ClientResultTimeout));
    }
}
