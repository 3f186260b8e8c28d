namespace TypedSockets.Hubs;

/// <summary>An event's arguments do not match the method's parameters (count or type).</summary>
public sealed class HubArgumentException : HubException
{
    public HubArgumentException(string message)
        : base(message)
    {
    }

    public HubArgumentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
