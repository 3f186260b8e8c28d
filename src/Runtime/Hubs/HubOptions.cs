namespace TypedSockets.Hubs;

/// <summary>Options of typed hubs (<c>services.Configure&lt;HubOptions&gt;(…)</c>).</summary>
public sealed class HubOptions
{
    /// <summary>
    /// How long a client method returning <c>Task&lt;T&gt;</c> waits for the client's acknowledgement.
    /// Default 30 s, SignalR's client-result timeout.
    /// </summary>
    public TimeSpan ClientResultTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether an error acknowledgement carries the exception message of a failing hub method. Default false:
    /// the client only learns which event failed, never server internals.
    /// </summary>
    public bool DetailedErrors { get; set; }
}
