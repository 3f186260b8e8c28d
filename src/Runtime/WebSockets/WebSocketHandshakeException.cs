namespace TypedSockets.WebSockets;

/// <summary>The server refused or botched the opening handshake (client role).</summary>
public sealed class WebSocketHandshakeException : Exception
{
    /// <summary>A refused or botched handshake, with the HTTP status when the server answered with one.</summary>
    public WebSocketHandshakeException(string message, int? statusCode = null)
        : base(message)
    {
        StatusCode = statusCode;
    }

    /// <summary>The HTTP status the server answered with, when it answered.</summary>
    public int? StatusCode { get; }
}
