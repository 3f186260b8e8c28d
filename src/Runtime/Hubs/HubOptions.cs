namespace TypedSockets.Hubs;

/// <summary>
/// Options of typed hubs: <c>TypedSocketsOptions.Hubs</c>, set in <c>AddTypedSockets(o =&gt; o.Hubs…)</c> or
/// bound from the configuration section <c>TypedSockets:Hubs</c>.
/// </summary>
public sealed class HubOptions
{
    /// <summary>
    /// How long a client method returning <c>Task&lt;T&gt;</c> waits for the client's acknowledgement.
    /// Default 30 s, SignalR's client-result timeout. Must be greater than zero.
    /// </summary>
    public TimeSpan ClientResultTimeout { get; set; } = OptionDefaults.ClientResultTimeout;

    /// <summary>
    /// Whether an error acknowledgement carries the exception message of a failing hub method. Default false:
    /// the client only learns which event failed, never server internals.
    /// </summary>
    public bool DetailedErrors { get; set; } = OptionDefaults.DetailedErrors;

    /// <summary>
    /// Whether an event that neither the hub nor a handler of the socket knows is answered with an error
    /// acknowledgement naming it, when the client asked for one (as SignalR reports a missing method). Default true:
    /// otherwise the caller waits until its own timeout.
    /// </summary>
    public bool AckUnknownEvents { get; set; } = OptionDefaults.AckUnknownEvents;

    /// <summary>
    /// Whether such an event is logged (warning 4005, at most one line per hub every 10 s, counting the ones left out).
    /// Default true.
    /// </summary>
    public bool LogUnknownEvents { get; set; } = OptionDefaults.LogUnknownEvents;

    /// <summary>
    /// With connection state recovery on: whether <c>OnConnected</c> runs again for a connection that was recovered
    /// and <c>OnDisconnected</c> runs at every lost connection. Default false: a recovered connection is the same
    /// logical connection, so <c>OnConnected</c> runs once, and <c>OnDisconnected</c> runs when it really ends (a
    /// disconnect that cannot be recovered, or its session expiring unused).
    /// </summary>
    public bool LifecycleOnRecovery { get; set; }

    /// <summary>Authentication of handshake tokens and what happens over a rate limit (<c>TypedSockets:Hubs:Security</c>).</summary>
    public HubSecurityOptions Security { get; } = new();
}
