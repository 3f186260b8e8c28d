namespace TypedSockets.Client;

/// <summary>Why a client's connection ended, as <see cref="SocketIOClient.Disconnected"/> reports it: socket.io-client's reasons.</summary>
public static class ClientDisconnectReasons
{
    /// <summary>The server disconnected this socket from the namespace (a DISCONNECT packet); the client does not reconnect.</summary>
    public const string ServerDisconnect = "io server disconnect";

    /// <summary>The client was disposed.</summary>
    public const string ClientDisconnect = "io client disconnect";

    /// <summary>The server sent nothing, not even a heartbeat, for its ping interval plus its ping timeout.</summary>
    public const string PingTimeout = "ping timeout";

    /// <summary>The connection was closed (by the server, or lost).</summary>
    public const string TransportClose = "transport close";

    /// <summary>The server sent a packet that breaks the protocol; the client dropped the connection.</summary>
    public const string ParseError = "parse error";
}
