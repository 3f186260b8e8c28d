namespace TypedSockets.Hubs;

/// <summary>An event's arguments do not match the method's parameters (count or type).</summary>
public sealed class HubArgumentException : HubException
{
    /// <summary>Arguments that do not fit, described by <paramref name="message"/>.</summary>
    /// <param name="message">What did not fit.</param>
    public HubArgumentException(string message)
        : base(message)
    {
    }

    /// <summary>Arguments that do not fit, with the error that found out.</summary>
    /// <param name="message">What did not fit.</param>
    /// <param name="innerException">The error reading them.</param>
    public HubArgumentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
