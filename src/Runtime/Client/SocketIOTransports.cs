namespace TypedSockets.Client;

/// <summary>
/// The Engine.IO transports a <see cref="SocketIOClient"/> may use (<see cref="SocketIOClientOptions.Transports"/>),
/// as socket.io-client's <c>transports</c> option.
/// </summary>
[Flags]
public enum SocketIOTransports
{
    /// <summary>HTTP long-polling: works through proxies and networks that refuse WebSockets.</summary>
    Polling = 1,

    /// <summary>WebSocket.</summary>
    WebSocket = 2,

    /// <summary>socket.io-client's default: open with long-polling, then probe a WebSocket and upgrade to it when it works.</summary>
    PollingThenWebSocket = Polling | WebSocket,
}
