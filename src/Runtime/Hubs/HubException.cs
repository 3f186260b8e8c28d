namespace TypedSockets.Hubs;

/// <summary>
/// An error a hub method chooses to show the client: its message goes into the error acknowledgement
/// whatever <see cref="HubOptions.DetailedErrors"/> says. On the typed client, the error a server answered with.
/// </summary>
public class HubException : Exception
{
    /// <summary>An error whose <paramref name="message"/> the client sees.</summary>
    /// <param name="message">The message for the client.</param>
    public HubException(string message)
        : base(message)
    {
    }

    /// <summary>An error whose <paramref name="message"/> the client sees, with its cause.</summary>
    /// <param name="message">The message for the client.</param>
    /// <param name="innerException">The cause (not sent).</param>
    public HubException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
