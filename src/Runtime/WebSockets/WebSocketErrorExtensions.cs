namespace TypedSockets.WebSockets;

/// <summary>The single mapping from a protocol error to the close code that reports it.</summary>
internal static class WebSocketErrorExtensions
{
    public static WebSocketCloseCode ToCloseCode(this WebSocketError error) => error switch
    {
        WebSocketError.InvalidUtf8 or WebSocketError.InvalidCloseReason => WebSocketCloseCode.InvalidPayloadData,
        WebSocketError.MessageTooBig => WebSocketCloseCode.MessageTooBig,
        WebSocketError.None => WebSocketCloseCode.NormalClosure,
        _ => WebSocketCloseCode.ProtocolError,
    };
}
