namespace TypedSockets.Client;

/// <summary>The server refused the namespace (CONNECT_ERROR), or the handshake failed.</summary>
public sealed class SocketIOConnectException : Exception
{
    /// <summary>A failure described by <paramref name="message"/> (for a refusal, the server's CONNECT_ERROR message).</summary>
    public SocketIOConnectException(string message)
        : base(message)
    {
    }

    /// <summary>A failure described by <paramref name="message"/>, caused by <paramref name="innerException"/>.</summary>
    public SocketIOConnectException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
