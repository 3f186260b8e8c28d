namespace TypedSockets.SocketIO;

/// <summary>socket.io's disconnect reasons, as handlers of <see cref="Socket.OnDisconnect"/> receive them.</summary>
public static class DisconnectReasons
{
    /// <summary>The client sent DISCONNECT for the namespace (<c>socket.disconnect()</c> on the client).</summary>
    public const string ClientNamespaceDisconnect = "client namespace disconnect";

    /// <summary>The server called <see cref="Socket.Disconnect"/>.</summary>
    public const string ServerNamespaceDisconnect = "server namespace disconnect";

    /// <summary>The server closed the whole Engine.IO connection.</summary>
    public const string ForcedServerClose = "forced server close";

    /// <summary>The transport was closed (the client went away).</summary>
    public const string TransportClose = "transport close";

    /// <summary>The client did not answer a heartbeat in time.</summary>
    public const string PingTimeout = "ping timeout";

    /// <summary>The client sent a packet that breaks the protocol.</summary>
    public const string ParseError = "parse error";
}
