namespace TypedSockets.Client;

/// <summary>The server refused the namespace (CONNECT_ERROR), or the handshake failed.</summary>
public sealed class SocketIOConnectException : Exception
{
    public SocketIOConnectException(string message)
        : base(message)
    {
    }

    public SocketIOConnectException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
