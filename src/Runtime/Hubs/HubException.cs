namespace TypedSockets.Hubs;

/// <summary>
/// An error a hub method chooses to show the client: its message goes into the error acknowledgement
/// whatever <see cref="HubOptions.DetailedErrors"/> says. On the typed client, the error a server answered with.
/// </summary>
public class HubException : Exception
{
    public HubException(string message)
        : base(message)
    {
    }

    public HubException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
